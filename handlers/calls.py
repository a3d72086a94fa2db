"""Call webhooks from phone systems: verified as each provider signs, recorded, then worked.

`POST /webhooks/calls/<provider>/<token>`: the token names the workspace. Twilio signs its
form-encoded status callbacks (X-Twilio-Signature: base64 HMAC-SHA1 of the URL as Twilio called
it followed by each POST parameter's name and value, sorted, keyed with the auth token); Aircall
puts the webhook's token in each JSON body. A delivery is recorded in the inbox under the
provider's call id before the 200, so a retried delivery is applied once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from bot.errors import TryLater
from bot.inbox import Request
from bot.ledger.calls import CallSeen
from bot.ledger.inbound import CALL_PROVIDERS
from bot.ledger.phones import as_e164
from bot.models import RequestKind
from bot.services import Origin
from bot.services.calls import call_seen, team_for_token
from handlers.context import Deps
from handlers.intake import Recorded, record
from handlers.webhooks import Refused, provider_and_token, read_body, webhook_status

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

log = logging.getLogger(__name__)

PREFIX = "/webhooks/calls/"
MAX_BODY = 64 * 1024  # a status callback is a few hundred bytes; a call.ended a few KiB
TWILIO_ENDED = {"completed", "busy", "no-answer", "failed", "canceled"}


@dataclass(frozen=True)
class Secrets:
    """What verifies each provider: Twilio's auth token, Aircall's webhook token, our URL."""

    twilio_auth_token: str | None
    aircall_token: str | None
    public_url: str | None


def call_webhook(deps: Deps, secrets: Secrets, environ: WSGIEnvironment) -> int:
    """Verify and record one delivery; the HTTP status to answer with."""
    return webhook_status("a call", lambda: _receive(deps, secrets, environ))


def _receive(deps: Deps, secrets: Secrets, environ: WSGIEnvironment) -> int:
    provider, token = provider_and_token(environ, PREFIX, CALL_PROVIDERS)
    body = read_body(environ, MAX_BODY)
    try:
        team_id = team_for_token(deps.core, token)
    except TryLater as err:
        raise Refused(503, f"could not look up the token: {err}") from None
    if team_id is None:
        raise Refused(401, f"unknown {provider} webhook token")
    call = _twilio(secrets, environ, body) if provider == "twilio" else _aircall(secrets, body)
    if call is None:
        return 200  # a call still ringing or another event: nothing to record
    recorded = record(
        deps,
        team_id=team_id,
        kind=RequestKind.CALL,
        body=call.as_body(),
        user_id=None,
        event_id=call.source[:64],
        resume=False,
    )
    return 200 if recorded is Recorded.YES else 503  # the provider retries a 503


def _twilio(secrets: Secrets, environ: WSGIEnvironment, body: bytes) -> CallSeen | None:
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    signature = str(environ.get("HTTP_X_TWILIO_SIGNATURE", ""))
    key = secrets.twilio_auth_token
    if not key or not twilio_signed(key, called_url(environ, secrets.public_url), pairs, signature):
        raise Refused(401, "missing or wrong X-Twilio-Signature")
    return twilio_call(dict(pairs))


def twilio_signature(auth_token: str, url: str, pairs: list[tuple[str, str]]) -> str:
    """Twilio's signature: base64 HMAC-SHA1 of the URL and the sorted POST names and values."""
    signed = url + "".join(name + value for name, value in sorted(pairs))
    digest = hmac.new(auth_token.encode(), signed.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def twilio_signed(auth_token: str, url: str, pairs: list[tuple[str, str]], signature: str) -> bool:
    """True when the X-Twilio-Signature header matches (compared in constant time)."""
    expected = twilio_signature(auth_token, url, pairs)
    return bool(signature) and hmac.compare_digest(expected, signature)


def called_url(environ: WSGIEnvironment, public_url: str | None) -> str:
    """The URL as the provider called it: our public address (behind a proxy) or the Host."""
    path = str(environ.get("PATH_INFO", ""))
    query = str(environ.get("QUERY_STRING", ""))
    if public_url:
        base = public_url.rstrip("/")
    else:
        base = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
    return base + path + (f"?{query}" if query else "")


def twilio_call(form: dict[str, str]) -> CallSeen | None:
    """A status callback as a call (None until the call has ended)."""
    status = form.get("CallStatus", "")
    if status not in TWILIO_ENDED:
        return None
    if not form.get("CallSid"):
        raise Refused(400, "a status callback without CallSid")
    ended = None
    if form.get("Timestamp"):
        try:
            ended = parsedate_to_datetime(form["Timestamp"]).astimezone(UTC)
        except (TypeError, ValueError):
            ended = None
    return CallSeen(
        provider="twilio",
        call_id=form["CallSid"],
        caller=as_e164(form.get("From")),
        called=as_e164(form.get("To")),
        answered=status == "completed",
        seconds=_seconds(form.get("CallDuration")),
        ended_at=ended,
    )


def _aircall(secrets: Secrets, body: bytes) -> CallSeen | None:
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    token = payload.get("token") if isinstance(payload, dict) else None
    expected = secrets.aircall_token
    if not expected or not isinstance(token, str) or not hmac.compare_digest(token, expected):
        raise Refused(401, "missing or wrong Aircall token")
    assert isinstance(payload, dict)
    return aircall_call(payload)


def aircall_call(payload: dict[str, Any]) -> CallSeen | None:
    """A `call.ended` event as a call (None for other events).

    Inbound: the external `raw_digits` called the Aircall `number`; outbound the other way.
    Talk time is from `answered_at` to `ended_at` (`duration` also counts the ringing).
    """
    if payload.get("event") != "call.ended":
        return None
    data = payload.get("data")
    if not isinstance(data, dict) or data.get("id") is None:
        raise Refused(400, "a call.ended without data.id")
    number = data.get("number")
    line = number.get("digits") if isinstance(number, dict) else None
    external = data.get("raw_digits")
    inbound = data.get("direction") == "inbound"
    caller, called = (external, line) if inbound else (line, external)
    answered_at, ended_at = data.get("answered_at"), data.get("ended_at")
    answered = answered_at is not None and not data.get("missed_call_reason")
    seconds = _seconds(data.get("duration"))
    if answered and isinstance(answered_at, int) and isinstance(ended_at, int):
        seconds = max(ended_at - answered_at, 0)
    return CallSeen(
        provider="aircall",
        call_id=str(data["id"]),
        caller=as_e164(str(caller)) if caller else None,
        called=as_e164(str(called)) if called else None,
        answered=answered,
        seconds=seconds if answered else 0,
        ended_at=datetime.fromtimestamp(ended_at, UTC) if isinstance(ended_at, int) else None,
    )


def _seconds(value: object) -> int:
    try:
        return max(int(str(value)), 0)
    except ValueError:
        return 0


def call_origin(team_id: str, _body: dict[str, Any], request: Request) -> Origin:
    """A call has no person behind it: the work answers nobody."""
    return Origin(team_id, request=request)


def run_call(deps: Deps, origin: Origin, body: dict[str, Any]) -> None:
    """Work a recorded call: resolve or hold what it proves."""
    call_seen(deps.core, origin, CallSeen.from_body(body))
