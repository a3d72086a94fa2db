"""`followthrough serve`: Socket Mode when an app token is set, otherwise HTTP with waitress.

SIGTERM and SIGINT stop it gracefully: no new requests are taken, the workers finish the
request in hand and hand back the rest (recorded, so another process or the next start works
them), the scheduler stops, due messages are delivered for a few seconds, and it exits 0.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from types import FrameType
from typing import Any, cast

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.clock import Clock, FrozenClock
from bot.config import Settings, slack_problems
from followthrough.runtime import Runtime, build_runtime
from scheduler.jobs import start_scheduler

log = logging.getLogger(__name__)


def serve(settings: Settings, *, host: str, port: int, scheduler: bool = True) -> int:
    """Start the bot and block until it is stopped; bad settings end it with one line each."""
    runtime = _start(settings, socket_mode=bool(settings.slack_app_token))
    if isinstance(runtime, int):
        return runtime
    runtime.start()
    ticking = start_scheduler(runtime.sweeper.run, settings.sweep_seconds) if scheduler else None
    try:
        if settings.slack_app_token:
            _socket_mode(runtime)
        else:
            _http(runtime, host, port)
    finally:
        log.info("stopping: finishing the work in hand")
        if ticking is not None:
            ticking.shutdown(wait=True)
        runtime.stop()
        log.info("stopped")
    return 0


def sweep_once(settings: Settings, *, at: datetime | None) -> int:
    """Run one sweep (as of `at`, default now), deliver what it decided, print what happened."""
    runtime = _start(settings, socket_mode=True, clock=FrozenClock(at) if at else None)
    if isinstance(runtime, int):
        return runtime
    runtime.start()
    try:
        done = runtime.sweeper.run()
        runtime.settle(timeout=max(60.0, settings.slack_timeout * 6.0))
        done += list(runtime.courier.lines)
    finally:
        runtime.stop()
    for line in done or ["nothing was due"]:
        print(line)
    return 0


@contextmanager
def _stopped_by_signals() -> Iterator[threading.Event]:
    """SIGTERM and SIGINT set the event; the serving loops watch it (a handler that raised
    would be swallowed by whatever the main thread was doing, and print a traceback)."""
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _start(settings: Settings, *, socket_mode: bool, clock: Clock | None = None) -> Runtime | int:
    """Check the settings, migrate, reach Slack: a Runtime, or an exit code after one line."""
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
    from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler

    log.info("Followthrough connecting to Slack in Socket Mode")
    handler = SocketModeHandler(runtime.app, runtime.settings.slack_app_token)
    with _stopped_by_signals() as stop:
        try:
            handler.connect()  # type: ignore[no-untyped-call]
            while not stop.wait(0.5):
                pass
        finally:
            handler.close()  # type: ignore[no-untyped-call]


def _http(runtime: Runtime, host: str, port: int) -> None:
    from waitress.server import TcpWSGIServer, create_server

    from handlers.web import EVENTS_PATH

    server = create_server(runtime.web(), host=host, port=port, threads=8)
    bound = server.getsockname()[1] if isinstance(server, TcpWSGIServer) else port
    print(f"Followthrough listening on http://{host}:{bound}{EVENTS_PATH}", flush=True)
    from waitress import wasyncore

    sockets = cast(Any, server)._map  # waitress keeps its connections there
    with _stopped_by_signals() as stop:
        while not stop.is_set():
            wasyncore.loop(timeout=0.2, map=sockets, count=1)
    _finish_requests(server)


def _finish_requests(server: Any, *, within: float = 10.0) -> None:
    """Stop accepting; let requests already accepted be answered (each was recorded before its
    answer), then close every connection."""
    from waitress import wasyncore

    wasyncore.dispatcher.close(server)  # the listening socket only: no new connections
    sockets = server._map  # waitress keeps its connections there
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and _answering(server):
        wasyncore.loop(timeout=0.05, map=sockets, count=1)
    server.task_dispatcher.shutdown(
        cancel_pending=False, timeout=max(0.0, deadline - time.monotonic())
    )
    for channel in list(sockets.values()):
        channel.close()


def _answering(server: Any) -> bool:
    busy = any(
        channel.requests or channel.total_outbufs_len for channel in server.active_channels.values()
    )
    return busy or bool(server.task_dispatcher.queue) or bool(server.task_dispatcher.active_count)


def _fail(*lines: str) -> int:
    for line in lines:
        print(f"followthrough: {line}", file=sys.stderr)
    return 2
