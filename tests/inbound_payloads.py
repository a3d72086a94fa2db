"""Inbound emails as each service posts them, built from their public documentation.

Postmark's inbound webhook (JSON: FromFull, ToFull/CcFull/BccFull, MessageID, Headers as
Name/Value, TextBody, StrippedTextReply); Mailgun's route forward (a form: from, recipient,
subject, Message-Id, message-headers as a JSON list of pairs, body-plain, stripped-text,
signed with timestamp, token and signature); SendGrid's Inbound Parse (multipart/form-data:
headers as the raw block, from, to, cc, subject, text, envelope, charsets, SPF, dkim).
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from handlers.emails import mailgun_signature

MAILGUN_KEY = "key-mailgun-webhook-signing-key-for-tests"
DATE = "Wed, 18 Nov 2026 14:58:45 +0000"


@dataclass
class Mail:
    """One email: who sent it to whom, its subject and words, and its headers."""

    sender: str
    to: list[str]
    subject: str
    cc: list[str] = field(default_factory=list)
    log: str = "log@inbound.acme.test"  # the BCC'd log address
    text: str = "Thanks, see below."
    headers: list[tuple[str, str]] = field(default_factory=list)
    message_id: str = field(default_factory=lambda: f"<{uuid.uuid4().hex}@mail.firm.test>")


def postmark(mail: Mail, *, postmark_id: str | None = None) -> tuple[bytes, dict[str, str]]:
    """Postmark's inbound webhook JSON (MessageID is Postmark's own id for the message)."""
    local = mail.log.partition("@")[0]
    payload = {
        "FromName": mail.sender.split("@")[0].title(),
        "MessageStream": "inbound",
        "From": mail.sender,
        "FromFull": {"Email": mail.sender, "Name": "", "MailboxHash": ""},
        "To": ", ".join(mail.to),
        "ToFull": [{"Email": a, "Name": "", "MailboxHash": ""} for a in mail.to],
        "Cc": ", ".join(mail.cc),
        "CcFull": [{"Email": a, "Name": "", "MailboxHash": ""} for a in mail.cc],
        "Bcc": mail.log,
        "BccFull": [
            {"Email": mail.log, "Name": "", "MailboxHash": local.partition("+")[2]},
        ],
        "OriginalRecipient": mail.log,
        "Subject": mail.subject,
        "MessageID": postmark_id or str(uuid.uuid4()),
        "ReplyTo": "",
        "MailboxHash": local.partition("+")[2],
        "Date": DATE,
        "TextBody": mail.text,
        "HtmlBody": f"<p>{mail.text}</p>",
        "StrippedTextReply": mail.text,
        "Tag": "",
        "Headers": [
            {"Name": "X-Spam-Status", "Value": "No"},
            {"Name": "Message-ID", "Value": mail.message_id},
            *({"Name": n, "Value": v} for n, v in mail.headers),
        ],
        "Attachments": [],
    }
    return json.dumps(payload).encode(), {"Content-Type": "application/json"}


def mailgun(
    mail: Mail, *, key: str = MAILGUN_KEY, timestamp: int | None = None, forged: bool = False
) -> tuple[bytes, dict[str, str]]:
    """Mailgun's forwarded message as a urlencoded form, signed with the webhook signing key."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    token = secrets.token_hex(25)  # Mailgun's token: 50 random characters
    signature = mailgun_signature(key, stamp, token)
    if forged:
        signature = mailgun_signature("not-the-signing-key", stamp, token)
    headers = [
        ["Received", "by mx.mailgun.test"],
        ["From", mail.sender],
        ["To", ", ".join(mail.to)],
        *([["Cc", ", ".join(mail.cc)]] if mail.cc else []),
        ["Subject", mail.subject],
        ["Date", DATE],
        ["Message-Id", mail.message_id],
        *([n, v] for n, v in mail.headers),
    ]
    form = {
        "recipient": mail.log,
        "sender": mail.sender,
        "from": mail.sender,
        "subject": mail.subject,
        "body-plain": mail.text,
        "stripped-text": mail.text,
        "stripped-signature": "",
        "body-html": f"<p>{mail.text}</p>",
        "attachment-count": "0",
        "timestamp": stamp,
        "token": token,
        "signature": signature,
        "message-headers": json.dumps(headers),
        "Message-Id": mail.message_id,
        "To": ", ".join(mail.to),
        **({"Cc": ", ".join(mail.cc)} if mail.cc else {}),
    }
    return urlencode(form).encode(), {"Content-Type": "application/x-www-form-urlencoded"}


def sendgrid(mail: Mail) -> tuple[bytes, dict[str, str]]:
    """SendGrid's Inbound Parse post: multipart/form-data with the raw header block."""
    raw = "\r\n".join(
        [
            "Received: by mx.sendgrid.test",
            f"From: {mail.sender}",
            f"To: {', '.join(mail.to)}",
            *([f"Cc: {', '.join(mail.cc)}"] if mail.cc else []),
            f"Subject: {mail.subject}",
            f"Date: {DATE}",
            f"Message-ID: {mail.message_id}",
            "MIME-Version: 1.0",
            *(f"{n}: {v}" for n, v in mail.headers),
        ]
    )
    fields = {
        "headers": raw,
        "dkim": "{@firm.test : pass}",
        "to": ", ".join(mail.to),
        "from": mail.sender,
        "cc": ", ".join(mail.cc),
        "text": mail.text,
        "sender_ip": "192.0.2.10",
        "envelope": json.dumps({"to": [mail.log], "from": mail.sender}),
        "attachments": "0",
        "subject": mail.subject,
        "charsets": json.dumps({"to": "UTF-8", "subject": "UTF-8", "from": "UTF-8"}),
        "SPF": "pass",
    }
    return multipart(fields)


def multipart(fields: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    """A multipart/form-data body as browsers and SendGrid write it."""
    boundary = "xYzZY" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
