"""The HTTP side of the stand-in: a ThreadingHTTPServer on 127.0.0.1 and an ephemeral port."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sandbox.dispatch import ApiRequest, Reply

Route = Callable[[str, str, dict[str, str], bytes], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, host: str, route: Route) -> None:
        super().__init__((host, 0), _Handler)
        self.route = route


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "SlackStandIn/1.0"

    def _serve(self) -> None:
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        reply = self.server.route(path, query, headers, body)
        if reply.delay > 0:
            time.sleep(reply.delay)
        payload = json.dumps(reply.body).encode("utf-8")
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            return

    do_GET = _serve
    do_POST = _serve

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


class HttpServer:
    """Runs a route function behind HTTP in a daemon thread."""

    def __init__(self, route: Route, host: str = "127.0.0.1") -> None:
        self._route = route
        self._host = host
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """Return "http://127.0.0.1:<port>" of the running server."""
        if self._server is None:
            raise RuntimeError("the server is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        """Bind an ephemeral port and start serving."""
        if self._server is not None:
            return
        self._server = _Server(self._host, self._route)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="slack-stand-in",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None


def api_request(path: str, query: str, headers: dict[str, str], body: bytes) -> ApiRequest:
    """Build an ApiRequest from the pieces of an HTTP request to /api/<method>."""
    return ApiRequest(
        method=path.removeprefix("/api/").strip("/"),
        authorization=headers.get("authorization"),
        query=query,
        content_type=headers.get("content-type", ""),
        body=body,
    )
