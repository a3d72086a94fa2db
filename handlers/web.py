"""HTTP mode: Slack's requests at POST /slack/events, verified before anything reads them.

With OAuth (a network of firms), `GET /slack/install` shows the "Add to Slack" page and
`GET /slack/oauth_redirect` completes an install: Bolt's OAuth flow, which checks its own
`state` (issued by this bot, used once, within ten minutes, from the same browser).

Order of checks, each refusing with no traceback: size, signature and timestamp (401), a
replay of a signed body already accepted by any process sharing the database (401), a body
that is not what Slack sends (400). Only then does Bolt parse it and a listener record it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from slack_bolt import App, BoltRequest, BoltResponse

from bot.errors import TryLater

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
CALLS_PATH = "/webhooks/calls/"  # phone systems' call webhooks (handlers.calls)
EMAILS_PATH = "/webhooks/email/"  # inbound-email services' webhooks (handlers.emails)
MAX_BODY = 1_000_000  # Slack's payloads are far smaller; anything bigger is not Slack
FRESH_SECONDS = 5 * 60  # Slack's own limit on a request timestamp's age


def wsgi_app(
    app: App,
    healthy: Callable[[], bool],
    *,
    signing_secret: str,
    seen: Callable[[str], bool],
    calls: Callable[[WSGIEnvironment], int] | None = None,
    emails: Callable[[WSGIEnvironment], int] | None = None,
) -> WSGIApplication:
    """A WSGI application for any production server (waitress, gunicorn)."""
    secret = signing_secret.encode()

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in {"GET", "HEAD"}:
            ok = healthy()
            return _json(start_response, "200 OK" if ok else "503 Service Unavailable", {"ok": ok})
        if calls is not None and path.startswith(CALLS_PATH) and method == "POST":
            return _plain(start_response, calls(environ), "")
        oauth = app.oauth_flow
        if oauth is not None and method == "GET" and path == oauth.install_path:
            return _bolt(start_response, oauth.handle_installation(_get(environ)))
        if oauth is not None and method == "GET" and path == oauth.redirect_uri_path:
            return _bolt(start_response, oauth.handle_callback(_get(environ)))
        if emails is not None and path.startswith(EMAILS_PATH) and method == "POST":
            return _plain(start_response, emails(environ), "")
        if path != EVENTS_PATH or method != "POST":
            return _json(start_response, "404 Not Found", {"error": "not found"})
        body = _read(environ)
        if body is None:
            return _plain(start_response, 413, "too large")
        headers = _headers(environ)
        if not signed(secret, body, headers, now=time.time()):
            log.warning("refused a request with a missing or wrong signature")
            return _plain(start_response, 401, "")
        if not _fresh(headers, seen):
            return _plain(start_response, 401, "")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if not _looks_like_slack(text, headers.get("content-type", "")):
            log.warning("refused a signed request whose body is not a Slack payload")
            return _plain(start_response, 400, "")
        try:
            response = app.dispatch(BoltRequest(body=text, headers=_multi(headers)))
        except (AttributeError, KeyError, TypeError, ValueError) as err:
            # Signed, but not shaped as Slack sends it (a field null or missing): not Slack's.
            log.warning("refused a signed body that is not a Slack payload: %r", err)
            return _plain(start_response, 400, "")
        return _bolt(start_response, response)

    return application


def signed(secret: bytes, body: bytes, headers: dict[str, str], *, now: float) -> bool:
    """Slack's v0 signature: HMAC-SHA256 over `v0:{timestamp}:{body}`, at most 5 minutes old."""
    timestamp, signature = (
        headers.get("x-slack-request-timestamp", ""),
        headers.get("x-slack-signature", ""),
    )
    if not timestamp.isdigit() or abs(now - int(timestamp)) > FRESH_SECONDS or not signature:
        return False
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret, base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def _fresh(headers: dict[str, str], seen: Callable[[str], bool]) -> bool:
    """A body already accepted is refused before anything reads it (a read only: the listener
    remembers the signature when it records the request). Events are deduplicated by id."""
    if headers.get("x-slack-retry-num"):
        return True
    try:
        if not seen(headers.get("x-slack-signature", "")):
            return True
    except TryLater:
        return True  # cannot look now; recording the request checks again
    log.warning("refused a replayed request")
    return False


def _looks_like_slack(text: str, content_type: str) -> bool:
    if content_type.startswith("application/json"):
        return _json_object(text)
    form = parse_qs(text, keep_blank_values=True)
    if "payload" in form:
        return len(form["payload"]) == 1 and _json_object(form["payload"][0])
    return bool(form.get("command")) or bool(form.get("ssl_check"))


def _json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def _read(environ: WSGIEnvironment) -> bytes | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return None
    stream = environ["wsgi.input"]
    return stream.read(length) if length > 0 else b""


def _headers(environ: WSGIEnvironment) -> dict[str, str]:
    found = {
        key[5:].replace("_", "-").lower(): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        found["content-type"] = str(environ["CONTENT_TYPE"])
    return found


def _get(environ: WSGIEnvironment) -> BoltRequest:
    """A browser's GET (an install page or Slack's redirect back) as Bolt reads it."""
    return BoltRequest(
        body="", query=str(environ.get("QUERY_STRING", "")), headers=_multi(_headers(environ))
    )


def _multi(headers: dict[str, str]) -> dict[str, str | Sequence[str]]:
    return {name: [value] for name, value in headers.items()}


def _bolt(start_response: StartResponse, response: BoltResponse) -> list[bytes]:
    payload = (response.body or "").encode("utf-8")
    status = f"{response.status} {_REASONS.get(response.status, 'Error')}"
    headers = [(name, value) for name, values in response.headers.items() for value in values]
    headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
    headers.append(("Content-Length", str(len(payload))))
    start_response(status, headers)
    return [payload]


_REASONS = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 500: "Error"}


def _plain(start_response: StartResponse, status: int, text: str) -> list[bytes]:
    payload = text.encode()
    reason = {
        200: "OK",
        400: "Bad Request",
        401: "Unauthorized",
        404: "Not Found",
        413: "Payload Too Large",
        503: "Service Unavailable",
    }[status]
    start_response(
        f"{status} {reason}",
        [("Content-Type", "text/plain"), ("Content-Length", str(len(payload)))],
    )
    return [payload]


def _json(start_response: StartResponse, status: str, body: dict[str, object]) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    )
    return [payload]
