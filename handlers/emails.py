"""Inbound email from Postmark, Mailgun and SendGrid: verified, recorded, then worked.

`POST /webhooks/email/<provider>/<token>`: the token names the workspace. Mailgun signs each
post (`signature`: hex HMAC-SHA256 of `timestamp` + `token`, keyed with the webhook signing
key) and a timestamp more than 5 minutes off is refused; Postmark and SendGrid sign nothing,
so the secret token in the URL is the credential, with HTTP basic auth on top when
FOLLOWTHROUGH_INBOUND_BASIC_AUTH is set (both services accept `https://user:pass@host/…`). A
delivery is recorded in the inbox under the provider's message id before the 200, so a
retried delivery is applied once.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.errors import TryLater
from bot.inbox import Request
from bot.ledger.email_evidence import EmailSeen
from bot.ledger.inbound import EMAIL_PROVIDERS
from bot.models import RequestKind
from bot.services import Origin
from bot.services.emails import email_seen, email_target
from handlers.context import Deps
from handlers.intake import Recorded, record
from handlers.mail_formats import (
    Unreadable,
    form_fields,
    mailgun_email,
    postmark_email,
    sendgrid_email,
)
from handlers.webhooks import Refused, provider_and_token, read_body, webhook_status

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

log = logging.getLogger(__name__)

PREFIX = "/webhooks/email/"
MAX_BODY = 10 * 1024 * 1024  # the subject and headers are what matter; attachments ride along
FRESH_SECONDS = 5 * 60  # a Mailgun timestamp further from now is refused (a replay)


@dataclass(frozen=True)
class MailSecrets:
    """What verifies each service: Mailgun's signing key, optional basic auth for the others."""

    mailgun_signing_key: str | None
    basic_auth: str | None = None  # "user:password"
    now: Callable[[], float] = field(default=time.time)


def email_webhook(deps: Deps, secrets: MailSecrets, environ: WSGIEnvironment) -> int:
    """Verify and record one delivery; the HTTP status to answer with."""
    return webhook_status("an email", lambda: _receive(deps, secrets, environ))


def _receive(deps: Deps, secrets: MailSecrets, environ: WSGIEnvironment) -> int:
    provider, token = provider_and_token(environ, PREFIX, EMAIL_PROVIDERS)
    body = read_body(environ, MAX_BODY)
    try:
        target = email_target(deps.core, token)
    except TryLater as err:
        raise Refused(503, f"could not look up the token: {err}") from None
    if target is None:
        raise Refused(401, f"unknown {provider} webhook token")
    team_id, keep_body = target
    content_type = str(environ.get("CONTENT_TYPE", ""))
    try:
        if provider == "mailgun":
            fields = form_fields(content_type, body)
            _check_mailgun(secrets, fields)
            seen = mailgun_email(fields, keep_body=keep_body)
        else:
            _check_basic_auth(secrets, environ)
            seen = _unsigned(provider, content_type, body, keep_body)
    except Unreadable as err:
        raise Refused(400, f"a {provider} body that can't be read: {err}") from None
    recorded = record(
        deps,
        team_id=team_id,
        kind=RequestKind.EMAIL,
        body=seen.as_body(),
        user_id=None,
        event_id=seen.source,
        resume=False,
    )
    return 200 if recorded is Recorded.YES else 503  # the service retries a 5xx


def _unsigned(provider: str, content_type: str, body: bytes, keep_body: bool) -> EmailSeen:
    if provider == "postmark":
        try:
            payload = json.loads(body)
        except ValueError as err:
            raise Unreadable("not JSON") from err
        if not isinstance(payload, dict):
            raise Unreadable("not a JSON object")
        return postmark_email(payload, keep_body=keep_body)
    return sendgrid_email(form_fields(content_type, body), keep_body=keep_body)


def mailgun_signature(signing_key: str, timestamp: str, token: str) -> str:
    """Mailgun's signature: hex HMAC-SHA256 of the timestamp followed by the token."""
    signed = (timestamp + token).encode()
    return hmac.new(signing_key.encode(), signed, hashlib.sha256).hexdigest()


def _check_mailgun(secrets: MailSecrets, fields: dict[str, str]) -> None:
    key = secrets.mailgun_signing_key
    timestamp, token = fields.get("timestamp", ""), fields.get("token", "")
    signature = fields.get("signature", "")
    if not key or not timestamp.isdigit() or not token or not signature:
        raise Refused(401, "missing Mailgun signature (or no signing key configured)")
    if not hmac.compare_digest(mailgun_signature(key, timestamp, token), signature):
        raise Refused(401, "wrong Mailgun signature")
    if abs(secrets.now() - int(timestamp)) > FRESH_SECONDS:
        raise Refused(401, "a stale Mailgun timestamp")


def _check_basic_auth(secrets: MailSecrets, environ: WSGIEnvironment) -> None:
    if not secrets.basic_auth:
        return
    header = str(environ.get("HTTP_AUTHORIZATION", ""))
    scheme, _, encoded = header.partition(" ")
    try:
        given = base64.b64decode(encoded, validate=True).decode() if scheme == "Basic" else ""
    except (binascii.Error, UnicodeDecodeError):
        given = ""
    if not given or not hmac.compare_digest(given, secrets.basic_auth):
        raise Refused(401, "missing or wrong basic auth")


def email_origin(team_id: str, _body: dict[str, Any], request: Request) -> Origin:
    """An email has no Slack user behind it: the work answers nobody."""
    return Origin(team_id, request=request)


def run_email(deps: Deps, origin: Origin, body: dict[str, Any]) -> None:
    """Work a recorded email: resolve what it answers, or read its auto-reply."""
    email_seen(deps.core, origin, EmailSeen.from_body(body))
