"""Sending signed requests to the app the way Slack does."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

SLACK_USER_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
ACK_DEADLINE = 3.0


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Return Slack's X-Slack-Signature for a body: v0=HMAC-SHA256("v0:{ts}:{body}")."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class DriverResponse:
    """The app's answer to one request (HTTP, or a Socket Mode ack), and what Slack made of it."""

    status: int
    body: bytes
    headers: dict[str, str]
    elapsed: float
    event_id: str | None = None
    problems: tuple[str, ...] = field(default=())
    envelope_id: str | None = None  # set when the request went over Socket Mode
    attempts: int = 1  # deliveries of an event, retries included

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.text)

    @property
    def ok(self) -> bool:
        """True for HTTP 200."""
        return self.status == 200

    @property
    def late(self) -> bool:
        """True when the app took longer than Slack's three-second deadline (or never answered)."""
        return self.status == 0 or self.elapsed > ACK_DEADLINE

    @property
    def content_type(self) -> str:
        """The response Content-Type ("" when absent)."""
        return self.headers.get("content-type", "")


@dataclass(frozen=True)
class Signing:
    """How requests are signed; override `secret` or `timestamp` to forge or age them."""

    secret: str
    timestamp: int | None = None

    def headers(self, body: bytes) -> dict[str, str]:
        """Return the X-Slack-Request-Timestamp and X-Slack-Signature headers for a body."""
        timestamp = str(self.timestamp if self.timestamp is not None else int(time.time()))
        return {
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature(self.secret, timestamp, body),
        }


def send(
    url: str,
    body: bytes,
    content_type: str,
    signing: Signing,
    *,
    timeout: float,
    extra_headers: dict[str, str] | None = None,
) -> DriverResponse:
    """POST a signed body to the app and return its answer (status 0 if it never answered)."""
    headers = {"Content-Type": content_type, "User-Agent": SLACK_USER_AGENT}
    headers.update(signing.headers(body))
    headers.update(extra_headers or {})
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, payload = response.status, response.read()
            answer_headers = {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        status, payload = exc.code, exc.read()
        answer_headers = {k.lower(): v for k, v in exc.headers.items()}
    except (TimeoutError, urllib.error.URLError) as exc:
        if isinstance(exc, urllib.error.URLError) and not isinstance(exc.reason, TimeoutError):
            raise ConnectionError(f"cannot reach the app at {url}: {exc.reason}") from exc
        elapsed = time.monotonic() - started
        return DriverResponse(0, b"", {}, elapsed, problems=(f"no answer within {timeout}s",))
    return DriverResponse(status, payload, answer_headers, time.monotonic() - started)
