"""HTTP mode: Slack's requests at POST /slack/events and a health check at GET /healthz."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

EVENTS_PATH = "/slack/events"


def wsgi_app(app: App, healthy: Callable[[], bool]) -> WSGIApplication:
    """A WSGI application for any production server (waitress, gunicorn)."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in {"GET", "HEAD"}:
            ok = healthy()
            return _json(start_response, "200 OK" if ok else "503 Service Unavailable", {"ok": ok})
        if path == EVENTS_PATH and method == "POST":
            return slack(environ, start_response)
        return _json(start_response, "404 Not Found", {"error": "not found"})

    return application


def _json(start_response: StartResponse, status: str, body: dict[str, object]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    )
    return [payload]
