"""`followthrough serve`: Socket Mode when an app token is set, otherwise HTTP with waitress."""

from __future__ import annotations

import logging
import sys
from datetime import datetime

from bot.clock import Clock, FrozenClock
from bot.config import Settings, slack_problems
from bot.runtime import Runtime, build_runtime
from scheduler.jobs import start_scheduler

log = logging.getLogger(__name__)


def serve(settings: Settings, *, host: str, port: int, scheduler: bool = True) -> int:
    """Start the bot and block until it is stopped; bad settings end it with one line each."""
    runtime = _start(settings, socket_mode=bool(settings.slack_app_token))
    if isinstance(runtime, int):
        return runtime
    ticking = start_scheduler(runtime.sweep, settings.sweep_seconds) if scheduler else None
    try:
        if settings.slack_app_token:
            _socket_mode(runtime)
        else:
            _http(runtime, host, port)
    finally:
        if ticking is not None:
            ticking.shutdown(wait=True)
        runtime.close()
    return 0


def sweep_once(settings: Settings, *, at: datetime | None) -> int:
    """Run one sweep (as of `at`, default now) and print one line per thing it did."""
    runtime = _start(settings, socket_mode=True, clock=FrozenClock(at) if at else None)
    if isinstance(runtime, int):
        return runtime
    try:
        done = runtime.sweep.run()
    finally:
        runtime.close()
    for line in done or ["nothing was due"]:
        print(line)
    return 0


def _start(settings: Settings, *, socket_mode: bool, clock: Clock | None = None) -> Runtime | int:
    """Check the settings, migrate, reach Slack: a Runtime, or an exit code after one line."""
    from slack_sdk.errors import SlackApiError, SlackClientError

    # Quiet until started: a set-up problem is reported as one line below, not as log noise.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.CRITICAL)
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(settings.log_level)
    problems = slack_problems(settings, socket_mode=socket_mode)
    if problems:
        return _fail(*problems)
    try:
        runtime = build_runtime(settings, clock=clock)
    except SlackApiError as err:
        error = err.response.get("error")
        return _fail(
            f"Slack refused SLACK_BOT_TOKEN ({error}); copy the current Bot User OAuth Token."
        )
    except SlackClientError as err:
        return _fail(
            f"Could not reach Slack at {settings.slack_api_url} ({err}); check SLACK_API_URL."
        )
    except OSError as err:
        return _fail(
            f"Could not reach Slack at {settings.slack_api_url} ({err}); check the network."
        )
    handler.setLevel(logging.NOTSET)
    return runtime


def _socket_mode(runtime: Runtime) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    log.info("Followthrough connecting to Slack in Socket Mode")
    handler = SocketModeHandler(runtime.app, runtime.settings.slack_app_token)
    handler.start()  # type: ignore[no-untyped-call]


def _http(runtime: Runtime, host: str, port: int) -> None:
    from waitress.server import TcpWSGIServer, create_server

    from handlers.web import EVENTS_PATH, wsgi_app

    server = create_server(wsgi_app(runtime.app, runtime.healthy), host=host, port=port, threads=8)
    bound = server.getsockname()[1] if isinstance(server, TcpWSGIServer) else port
    print(f"Followthrough listening on http://{host}:{bound}{EVENTS_PATH}", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        log.info("stopping")
    finally:
        server.close()


def _fail(*lines: str) -> int:
    for line in lines:
        print(f"followthrough: {line}", file=sys.stderr)
    return 2
