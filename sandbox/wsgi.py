"""Serving any WSGI app (e.g. a Bolt app behind SlackRequestHandler) on an ephemeral port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from waitress import wasyncore
from waitress.server import TcpWSGIServer, create_server

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication


@contextmanager
def serve_wsgi(
    app: WSGIApplication, *, threads: int = 8, port: int = 0, **options: Any
) -> Iterator[str]:
    """Serve `app` with waitress on 127.0.0.1 and an ephemeral port (or `port`); yield its base URL.

    The loop runs in short slices and checks a stop flag between them, so stopping never writes
    to a socket from another thread (a closed descriptor's number may already be reused).
    """
    socket_map: dict[int, Any] = {}
    server = create_server(
        app, map=socket_map, host="127.0.0.1", port=port, threads=threads, **options
    )
    if not isinstance(server, TcpWSGIServer):
        raise TypeError("serve_wsgi expects a single-socket waitress server")
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set() and socket_map:
            wasyncore.loop(timeout=0.05, map=socket_map, count=1)

    thread = threading.Thread(target=loop, name="wsgi-app", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.task_dispatcher.shutdown()
        for channel in list(socket_map.values()):
            channel.close()
