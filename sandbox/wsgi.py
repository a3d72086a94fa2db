"""Serving any WSGI app (e.g. a Bolt app behind SlackRequestHandler) on an ephemeral port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from waitress.server import TcpWSGIServer, create_server

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication


def _close_all(socket_map: dict[int, Any]) -> None:
    """Close every channel from inside the server loop so run() returns."""
    for channel in list(socket_map.values()):
        channel.close()


@contextmanager
def serve_wsgi(app: WSGIApplication, *, threads: int = 8, **options: Any) -> Iterator[str]:
    """Serve `app` with waitress on 127.0.0.1 and an ephemeral port; yield its base URL."""
    socket_map: dict[int, Any] = {}
    server = create_server(
        app, map=socket_map, host="127.0.0.1", port=0, threads=threads, **options
    )
    if not isinstance(server, TcpWSGIServer):
        raise TypeError("serve_wsgi expects a single-socket waitress server")
    thread = threading.Thread(target=server.run, name="wsgi-app", daemon=True)
    thread.start()
    trigger: Any = server.trigger
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        trigger.pull_trigger(lambda: _close_all(socket_map))
        thread.join(timeout=5)
        server.task_dispatcher.shutdown()
