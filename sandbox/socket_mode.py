"""Socket Mode: the WebSocket an app opens with a URL from apps.connections.open.

Slack's protocol (docs.slack.dev "Using Socket Mode"): the server greets each connection with a
`hello`, sends envelopes {envelope_id, type, accepts_response_payload, payload[, retry_attempt,
retry_reason]}, takes acknowledgements {envelope_id[, payload]}, pings, and asks clients to move
with {"type": "disconnect", "reason": "refresh_requested"} before closing the connection.

The endpoint starts on the first apps.connections.open (or base_url), so stand-ins that never use
Socket Mode neither open a port nor need the `websockets` package (a test extra).
"""

from __future__ import annotations

import inspect
import json
import logging
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from websockets.http11 import Request, Response
    from websockets.sync.server import Server, ServerConnection

from sandbox.socket_hooks import Link, SocketHooksMixin, connection_closed, debug_info

JSON = dict[str, Any]
_log = logging.getLogger("sandbox.socket_mode")


@dataclass
class _Pending:
    arrived: threading.Event = field(default_factory=threading.Event)
    frame: JSON = field(default_factory=dict)


@dataclass(frozen=True)
class Delivered:
    """What became of one envelope: acknowledged in time (with a payload or not), or not."""

    envelope_id: str
    acked: bool
    payload: JSON | None
    elapsed: float
    problem: str | None = None


class SocketModeServer(SocketHooksMixin):
    """The stand-in's Socket Mode endpoint, with the hooks tests use to disturb connections."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._host = host
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._cond = threading.Condition()
        self._tickets: dict[str, str] = {}  # unused ticket -> app id
        self._admitted: dict[int, str] = {}  # id(connection) -> app id, until its handler runs
        self._links: dict[int, Link] = {}  # open connections by serial
        self._pending: dict[str, _Pending] = {}
        self._sent: list[JSON] = []
        self._received: list[JSON] = []
        self._opened = 0
        self._mark = 0
        self._turn = 0

    def start(self) -> None:
        """Listen on an ephemeral port (done by the first apps.connections.open)."""
        with self._cond:
            if self._server is not None:
                return
            try:
                from websockets.sync.server import serve
            except ImportError as exc:
                raise RuntimeError(
                    "Socket Mode needs the `websockets` package (pip install -e '.[test]')"
                ) from exc
            self._start(serve)

    def _start(self, serve: Any) -> None:
        options: JSON = {}
        if "ping_interval" in inspect.signature(serve).parameters:
            options["ping_interval"] = None  # websockets >= 15 pings on its own; only ping() here
        self._server = serve(
            self._serve,
            self._host,
            0,
            process_request=self._check,
            compression=None,
            close_timeout=1,
            server_header="SlackStandIn/1.0",
            logger=_log,
            **options,
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="slack-socket-mode", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Close every connection and stop listening."""
        with self._cond:
            server, thread = self._server, self._thread
            self._server = self._thread = None
        if server is None:
            return
        server.shutdown()
        if thread is not None:
            thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        """The endpoint's ws://127.0.0.1:<port> (started if it was not)."""
        self.start()
        assert self._server is not None
        port = self._server.socket.getsockname()[1]
        return f"ws://{self._host}:{port}"

    def issue_url(self, app_id: str) -> str:
        """Return a fresh URL with a single-use ticket, as apps.connections.open does."""
        ticket = secrets.token_urlsafe(24)
        with self._cond:
            self._tickets[ticket] = app_id
        return f"{self.base_url}/link/?ticket={ticket}&app_id={app_id}"

    # --- delivery ---------------------------------------------------------------------------

    def deliver(
        self,
        kind: str,
        payload: JSON,
        *,
        accepts_response_payload: bool,
        ack_timeout: float,
        connect_timeout: float,
        retry: tuple[int, str] | None = None,
    ) -> Delivered:
        """Send one envelope on an open connection and wait up to `ack_timeout` for its ack."""
        envelope_id = str(uuid.uuid4())
        envelope: JSON = {
            "envelope_id": envelope_id,
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
            "payload": payload,
        }
        if kind == "events_api":
            attempt, reason = retry or (0, "")
            envelope.update(retry_attempt=attempt, retry_reason=reason)
        link = self._pick(connect_timeout)
        if link is None:
            return Delivered(envelope_id, False, None, 0.0, "no Socket Mode connection is open")
        pending = _Pending()
        with self._cond:
            self._pending[envelope_id] = pending
            self._sent.append(envelope)
        started = time.monotonic()
        try:
            link.connection.send(json.dumps(envelope))
            arrived = pending.arrived.wait(ack_timeout)
        except connection_closed():
            arrived = False
        elapsed = time.monotonic() - started
        with self._cond:
            self._pending.pop(envelope_id, None)
        if not arrived:
            return Delivered(
                envelope_id, False, None, elapsed, f"no acknowledgement within {ack_timeout:g}s"
            )
        answer = pending.frame.get("payload")
        if answer is not None and not isinstance(answer, dict):
            problem = "the acknowledgement's payload is not a JSON object"
            return Delivered(envelope_id, True, None, elapsed, problem)
        return Delivered(envelope_id, True, answer or None, elapsed)

    # --- connections ------------------------------------------------------------------------

    def _check(self, connection: ServerConnection, request: Request) -> Response | None:
        parts = urlsplit(request.path)
        ticket = parse_qs(parts.query).get("ticket", [""])[0]
        with self._cond:
            app_id = self._tickets.pop(ticket, None)
            if parts.path.rstrip("/") != "/link" or app_id is None:
                return connection.protocol.reject(
                    HTTPStatus.UNAUTHORIZED, "invalid or used ticket\n"
                )
            self._admitted[id(connection)] = app_id
        return None

    def _serve(self, connection: ServerConnection) -> None:
        """Greet a new connection with hello; only then may envelopes go out on it."""
        with self._cond:
            self._opened += 1
            link = Link(self._opened, connection, self._admitted.pop(id(connection)))
            hello = {
                "type": "hello",
                "num_connections": len(self._links) + 1,
                "debug_info": {
                    **debug_info(),
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": link.app_id},
            }
        try:
            connection.send(json.dumps(hello))
            with self._cond:
                self._links[link.serial] = link
                self._cond.notify_all()
            for raw in connection:
                self._receive(raw)
        except connection_closed():
            pass
        finally:
            with self._cond:
                self._links.pop(link.serial, None)
                self._cond.notify_all()

    def _receive(self, raw: str | bytes) -> None:
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        try:
            frame = json.loads(text)
        except json.JSONDecodeError:
            frame = None
        if not isinstance(frame, dict):
            frame = {"raw": text}
        with self._cond:
            self._received.append(frame)
            pending = self._pending.get(str(frame.get("envelope_id")))
            if pending is not None and not pending.arrived.is_set():
                pending.frame = frame
                pending.arrived.set()

    def _pick(self, wait: float) -> Link | None:
        """Choose a connection in turn, preferring those not asked to leave; wait for one."""
        deadline = time.monotonic() + wait
        with self._cond:
            while True:
                staying = [k for k in self._links.values() if not k.leaving]
                if staying:
                    self._turn += 1
                    return staying[self._turn % len(staying)]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return next(iter(self._links.values()), None)
                self._cond.wait(remaining)
