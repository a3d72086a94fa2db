"""`followthrough serve`: Socket Mode when an app token is set, otherwise HTTP with waitress.

With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (a network of firms) the install pages are served
over HTTP in either mode.

SIGTERM and SIGINT stop it gracefully: no new requests are taken, the workers finish the
request in hand and hand back the rest (recorded, so another process or the next start works
them), the scheduler stops, due messages are delivered for a few seconds, and it exits 0.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
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

PARENT = "FOLLOWTHROUGH_SERVE_PID"  # set for the work process `serve` starts
WORKER_POLL = 0.1  # seconds between looks for new requests in a separate work process
STOP_WAIT = 60  # seconds the work process may take to finish what it holds


def serve(settings: Settings, *, host: str, port: int, scheduler: bool = True) -> int:
    """Start the bot and block until it is stopped; bad settings end it with one line each.

    With FOLLOWTHROUGH_SEPARATE_WORKERS (the default) this process only acknowledges: it
    records each request and answers Slack, while a `followthrough work` process it starts
    and watches works the requests, delivers the messages and runs the sweep.
    """
    runtime = _start(settings, socket_mode=bool(settings.slack_app_token))
    if isinstance(runtime, int):
        return runtime
    runtime.start(work=not settings.separate_workers)
    helper = Helper(scheduler) if settings.separate_workers else None
    ticking = None
    if scheduler and helper is None:
        ticking = start_scheduler(runtime.sweeper.run, settings.sweep_seconds)
    watch = helper.watch if helper is not None else (lambda: None)
    try:
        if settings.slack_app_token and settings.oauth:
            _socket_mode_and_pages(runtime, host, port, watch)
        elif settings.slack_app_token:
            _socket_mode(runtime, watch)
        else:
            _http(runtime, host, port, watch)
    finally:
        log.info("stopping: finishing the work in hand")
        if ticking is not None:
            ticking.shutdown(wait=True)
        if helper is not None:
            helper.stop()
        runtime.stop()
        log.info("stopped")
    return 0


def work(settings: Settings, *, scheduler: bool = True) -> int:
    """`followthrough work`: work recorded requests, deliver the outbox and sweep, until stopped."""
    runtime = _start(settings, socket_mode=True, poll=WORKER_POLL)
    if isinstance(runtime, int):
        return runtime
    runtime.start()
    ticking = start_scheduler(runtime.sweeper.run, settings.sweep_seconds) if scheduler else None
    parent = os.environ.get(PARENT)
    try:
        with _stopped_by_signals() as stop:
            while not stop.wait(0.5):
                if parent and str(os.getppid()) != parent:
                    log.error("the serve process that started this one is gone; stopping")
                    break
    finally:
        if ticking is not None:
            ticking.shutdown(wait=True)
        runtime.stop()
        log.info("work stopped")
    return 0


class Helper:
    """The `followthrough work` process beside `serve`: started, restarted if it dies, stopped."""

    def __init__(self, scheduler: bool) -> None:
        self.command = [sys.executable, "-m", "followthrough", "work"]
        if not scheduler:
            self.command.append("--no-scheduler")
        self.process = self._spawn()

    def _spawn(self) -> subprocess.Popen[bytes]:
        # The work process stops on its own if this one dies (even by SIGKILL).
        return subprocess.Popen(self.command, env={**os.environ, PARENT: str(os.getpid())})

    def watch(self) -> None:
        """Called while serving: a worker process that died is started again."""
        if self.process.poll() is not None:
            log.error("the work process ended (%s); starting it again", self.process.returncode)
            self.process = self._spawn()

    def stop(self) -> None:
        """Ask it to finish the work in hand, and wait (bounded) for it to end."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_WAIT)
            except subprocess.TimeoutExpired:
                log.error("the work process did not stop in %s s; ending it", STOP_WAIT)
                self.process.kill()
                self.process.wait()


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


def _start(
    settings: Settings, *, socket_mode: bool, clock: Clock | None = None, poll: float = 1.0
) -> Runtime | int:
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
        runtime = build_runtime(settings, clock=clock, poll=poll)
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


def connect_socket_mode(runtime: Runtime) -> Callable[[], None]:
    """Open the Socket Mode connection (it reconnects by itself); returns how to close it."""
    from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler

    log.info("Followthrough connecting to Slack in Socket Mode")
    handler = SocketModeHandler(runtime.app, runtime.settings.slack_app_token)
    handler.connect()  # type: ignore[no-untyped-call]
    return cast(Callable[[], None], handler.close)


def _socket_mode(runtime: Runtime, watch: Callable[[], None]) -> None:
    with _stopped_by_signals() as stop:
        close = connect_socket_mode(runtime)
        try:
            while not stop.wait(0.5):
                watch()
        finally:
            close()


def _socket_mode_and_pages(
    runtime: Runtime, host: str, port: int, watch: Callable[[], None]
) -> None:
    """Slack's requests over Socket Mode; the install pages over HTTP (an admin's browser, and
    Slack's redirect back with the code, only speak HTTP)."""
    close = connect_socket_mode(runtime)
    try:
        _http(runtime, host, port, watch)
    finally:
        close()


def _http(runtime: Runtime, host: str, port: int, watch: Callable[[], None]) -> None:
    from waitress.server import TcpWSGIServer, create_server

    from handlers.web import EVENTS_PATH

    server = create_server(runtime.web(), host=host, port=port, threads=8)
    bound = server.getsockname()[1] if isinstance(server, TcpWSGIServer) else port
    print(f"Followthrough listening on http://{host}:{bound}{EVENTS_PATH}", flush=True)
    if runtime.settings.oauth:
        print(f"Firms add it to their workspace at {runtime.settings.install_url}", flush=True)
    from waitress import wasyncore

    sockets = cast(Any, server)._map  # waitress keeps its connections there
    with _stopped_by_signals() as stop:
        while not stop.is_set():
            wasyncore.loop(timeout=0.2, map=sockets, count=1)
            watch()
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
