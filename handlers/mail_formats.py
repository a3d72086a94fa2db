"""Inbound-email payloads as each service posts them, read into one EmailSeen.

Postmark posts JSON (`FromFull`, `ToFull`/`CcFull`/`BccFull`, `Subject`, `MessageID`, `Date`,
`Headers` as Name/Value pairs, `TextBody`, `StrippedTextReply`). Mailgun's route forward posts a
form (multipart when there are attachments): `from`, `recipient`, `subject`, `Message-Id`,
`message-headers` (a JSON list of [name, value]), `body-plain`, `stripped-text`, and the
`timestamp`/`token`/`signature` it is signed with. SendGrid's Inbound Parse posts
multipart/form-data: `from`, `to`, `cc`, `subject`, `headers` (the raw header block), `text`,
`envelope` (JSON: `to`, `from`).
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl

from bot.ledger.email_evidence import MAX_SUBJECT, EmailSeen
from bot.ledger.emails import as_address
from bot.ledger.followups import MAX_NOTE
from bot.windows.returning import find_return


class Unreadable(ValueError):
    """A body that is not what the service posts."""


_OUT_OF_OFFICE = re.compile(
    r"^\s*(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response)|autoreply|out of (?:the )?"
    r"office|ooo\b|away from (?:the )?office|on vacation|on holiday|abwesend|absence)",
    re.IGNORECASE,
)


def form_fields(content_type: str, body: bytes) -> dict[str, str]:
    """A urlencoded or multipart/form-data body as its text fields (files are left out)."""
    if content_type.lower().startswith("multipart/form-data"):
        return _multipart(content_type, body)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Unreadable("a form that is not UTF-8") from err
    return dict(parse_qsl(text, keep_blank_values=True))


def _multipart(content_type: str, body: bytes) -> dict[str, str]:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise Unreadable("a multipart body without its parts")
    fields: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or part.get_filename():
            continue  # an attachment: never read
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            charset = part.get_content_charset() or "utf-8"
            fields[name] = payload.decode(charset, "replace")
    return fields


def postmark_email(payload: dict[str, Any], *, keep_body: bool) -> EmailSeen:
    """Postmark's inbound JSON as an email."""
    message_id = str(payload.get("MessageID") or "")
    if not message_id:
        raise Unreadable("a Postmark email without MessageID")
    headers = [
        (str(h.get("Name", "")), str(h.get("Value", "")))
        for h in payload.get("Headers") or []
        if isinstance(h, dict)
    ]
    sender = payload.get("FromFull")
    text = str(payload.get("StrippedTextReply") or payload.get("TextBody") or "")
    return _seen(
        "postmark",
        message_id,
        sender=str(sender.get("Email") or "") if isinstance(sender, dict) else payload.get("From"),
        to=_full(payload.get("ToFull")) or _addresses([str(payload.get("To") or "")]),
        cc=_full(payload.get("CcFull")) or _addresses([str(payload.get("Cc") or "")]),
        bcc=_full(payload.get("BccFull"))
        + _addresses([str(payload.get("OriginalRecipient") or "")]),
        subject=str(payload.get("Subject") or ""),
        headers=headers,
        date=str(payload.get("Date") or ""),
        text=text,
        keep_body=keep_body,
    )


def mailgun_email(fields: dict[str, str], *, keep_body: bool) -> EmailSeen:
    """A Mailgun route's forwarded message as an email."""
    try:
        headers = [(str(n), str(v)) for n, v in json.loads(fields.get("message-headers") or "[]")]
    except (ValueError, TypeError) as err:
        raise Unreadable("message-headers is not a list of pairs") from err
    named = _named(headers)
    message_id = fields.get("Message-Id") or named.get("message-id") or _digest(fields)
    return _seen(
        "mailgun",
        message_id,
        sender=_first(fields.get("from") or named.get("from") or fields.get("sender", "")),
        to=_addresses([fields.get("To") or named.get("to", "")]),
        cc=_addresses([fields.get("Cc") or named.get("cc", "")]),
        bcc=_addresses([fields.get("recipient", "")]),
        subject=fields.get("subject") or named.get("subject", ""),
        headers=headers,
        date=named.get("date", ""),
        text=fields.get("stripped-text") or fields.get("body-plain") or "",
        keep_body=keep_body,
    )


def sendgrid_email(fields: dict[str, str], *, keep_body: bool) -> EmailSeen:
    """A SendGrid Inbound Parse post as an email."""
    raw = fields.get("headers") or ""
    parsed = email.parser.HeaderParser(policy=email.policy.compat32).parsestr(raw)
    headers = [(str(n), str(v)) for n, v in parsed.items()]
    named = _named(headers)
    try:
        envelope = json.loads(fields.get("envelope") or "{}")
    except ValueError:
        envelope = {}
    delivered = envelope.get("to") if isinstance(envelope, dict) else None
    return _seen(
        "sendgrid",
        named.get("message-id") or _digest(fields),
        sender=_first(fields.get("from") or named.get("from", "")),
        to=_addresses([fields.get("to") or named.get("to", "")]),
        cc=_addresses([fields.get("cc") or named.get("cc", "")]),
        bcc=_addresses([str(a) for a in delivered] if isinstance(delivered, list) else []),
        subject=fields.get("subject") or named.get("subject", ""),
        headers=headers,
        date=named.get("date", ""),
        text=fields.get("text") or "",
        keep_body=keep_body,
    )


def _seen(
    provider: str,
    message_id: str,
    *,
    sender: object,
    to: list[str],
    cc: list[str],
    bcc: list[str],
    subject: str,
    headers: list[tuple[str, str]],
    date: str,
    text: str,
    keep_body: bool,
) -> EmailSeen:
    subject = " ".join(subject.split())[:MAX_SUBJECT]
    auto = is_auto_reply(headers, subject)
    returning = find_return(f"{subject}\n{text}") if auto else None
    body = " ".join(text.split())[:MAX_NOTE] if keep_body and text.strip() else None
    return EmailSeen(
        provider=provider,
        message_id=message_id.strip()[:998],
        sender=as_address(_first(str(sender or ""))),
        to=tuple(to),
        cc=tuple(cc),
        bcc=tuple(bcc),
        subject=subject,
        auto_reply=auto,
        returning=returning,
        body=body,
        sent_at=_date(date),
    )


def is_auto_reply(headers: Iterable[tuple[str, str]], subject: str) -> bool:
    """RFC 3834's Auto-Submitted, the common X- headers and Precedence, or an away subject."""
    for name, value in headers:
        name, value = name.lower(), value.strip().lower()
        if name == "auto-submitted" and value and value != "no":
            return True
        if name in {"x-autoreply", "x-autorespond"} and value:
            return True
        if name == "precedence" and value in {"auto_reply", "auto-reply"}:
            return True
    return bool(_OUT_OF_OFFICE.match(subject))


def _named(headers: list[tuple[str, str]]) -> dict[str, str]:
    named: dict[str, str] = {}
    for name, value in headers:
        named.setdefault(name.lower(), value)
    return named


def _full(recipients: object) -> list[str]:
    if not isinstance(recipients, list):
        return []
    found = (as_address(str(r.get("Email") or "")) for r in recipients if isinstance(r, dict))
    return [address for address in found if address]


def _addresses(headers: list[str]) -> list[str]:
    found = (as_address(address) for _name, address in getaddresses(headers))
    return [address for address in found if address]


def _first(header: str) -> str:
    pairs = getaddresses([header])
    return pairs[0][1] if pairs else ""


def _date(text: str) -> datetime | None:
    if not text:
        return None
    try:
        at = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)


def _digest(fields: dict[str, str]) -> str:
    """A stand-in id for a message without a Message-ID: the same message gives the same one."""
    parts = (fields.get(k, "") for k in ("from", "to", "subject", "headers", "body-plain", "text"))
    return "sha256-" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]
