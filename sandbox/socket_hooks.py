"""Socket Mode test hooks: counting connections, waiting for them, and disturbing them."""

from __future__ import annotations

import contextlib
import copy
import json
import socket
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from websockets.sync.server import ServerConnection

JSON = dict[str, Any]
HOST_NAME = "applink-sandbox"  # debug_info.host in hello and disconnect messages


@dataclass
class Link:
    """One open Socket Mode connection."""

    serial: int
    connection: ServerConnection
    app_id: str
    leaving: bool = False  # told to disconnect, or dropped


class SocketHooksMixin:
    """What tests do to the stand-in's Socket Mode connections (mixed into SocketModeServer)."""

    _cond: threading.Condition
    _links: dict[int, Link]
    _sent: list[JSON]
    _received: list[JSON]
    _opened: int
    _mark: int

    def connections(self) -> int:
        """How many connections are open now."""
        with self._cond:
            return len(self._links)

    @property
    def opened(self) -> int:
        """How many connections were accepted so far."""
        with self._cond:
            return self._opened

    def wait_for_connections(self, count: int = 1, timeout: float = 5.0) -> bool:
        """Wait until at least `count` connections are open; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: len(self._links) >= count, timeout)

    def wait_for_opened(self, count: int, timeout: float = 5.0) -> bool:
        """Wait until `count` connections were accepted in all (and one of them is open)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._opened >= count and bool(self._links), timeout)

    def wait_for_reconnect(self, timeout: float = 5.0) -> bool:
        """Wait until the app opened a new connection since the last disconnect() or drop()."""
        with self._cond:
            return self._cond.wait_for(
                lambda: any(s > self._mark and not k.leaving for s, k in self._links.items()),
                timeout,
            )

    def disconnect(self, reason: str = "refresh_requested", *, grace: float = 1.0) -> int:
        """Send every connection {"type": "disconnect"} and close it `grace` seconds later."""
        message = json.dumps({"type": "disconnect", "reason": reason, "debug_info": debug_info()})
        links = self._leave()
        for link in links:
            try:
                link.connection.send(message)
            except connection_closed():
                continue
            timer = threading.Timer(grace, close_quietly, (link.connection,))
            timer.daemon = True
            timer.start()
        return len(links)

    def drop(self) -> int:
        """Cut every connection abruptly: no disconnect message, no close frame."""
        links = self._leave()
        with self._cond:
            for link in links:
                self._links.pop(link.serial, None)
            self._cond.notify_all()
        for link in links:
            try:
                link.connection.socket.shutdown(socket.SHUT_RDWR)
            except OSError:
                continue
        return len(links)

    def close_connections(self, code: int = 1000, reason: str = "") -> int:
        """Close every connection from Slack's side: a close frame, no disconnect message first.

        Waits for each closing handshake (at most a second). Clients reconnect unless told not
        to; switching a client's reconnection off and then calling this lets it shut down
        without racing its own close against the socket it is reading.
        """
        links = self._leave()
        for link in links:
            close_quietly(link.connection, code, reason)
        return len(links)

    def ping(self, payload: bytes = b"", timeout: float = 2.0) -> bool:
        """Ping every open connection with `payload`; True if all of them answered with a pong."""
        with self._cond:
            links = list(self._links.values())
        if not links:
            return False
        try:
            waits = [link.connection.ping(payload) for link in links]
        except (connection_closed(), RuntimeError):  # closed, or a ping with this payload pending
            return False
        deadline = time.monotonic() + timeout
        return all(w.wait(max(0.0, deadline - time.monotonic())) for w in waits)

    def envelopes(self) -> list[JSON]:
        """Every envelope sent to the app, oldest first."""
        with self._cond:
            return copy.deepcopy(self._sent)

    def frames(self) -> list[JSON]:
        """Every message the app sent (acknowledgements...), oldest first."""
        with self._cond:
            return copy.deepcopy(self._received)

    def _leave(self) -> list[Link]:
        with self._cond:
            links = [k for k in self._links.values() if not k.leaving]
            for link in links:
                link.leaving = True
            self._mark = self._opened
            return links


def debug_info() -> JSON:
    """The debug_info of hello and disconnect messages."""
    return {"host": HOST_NAME}


def connection_closed() -> type[Exception]:
    """websockets' ConnectionClosed, imported only once Socket Mode is in use."""
    from websockets.exceptions import ConnectionClosed

    return ConnectionClosed


def close_quietly(connection: ServerConnection, code: int = 1000, reason: str = "") -> None:
    """Close a connection (closing handshake included), ignoring one already closed."""
    with contextlib.suppress(connection_closed()):
        connection.close(code, reason)
