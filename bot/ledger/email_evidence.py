"""Email evidence: what an email an inbound-email service saw proves.

An email from a member to the person they owe resolves what an email answers: an email back,
a get-back after a talk, and a submission's answer. A submission is answered Interested, Need
more info or Pass, and an email's words are not read as any of them: the follow-up is closed
as answered by email and no decision is recorded, so the exporter reads the email itself. A
call back is not answered by an email. `log+F-7@…` among the recipients ties the email to F-7
alone (its sender must be the one who owes it); a plain log address matches by the parties'
addresses. An auto-reply with a return date sets its sender's vacation instead; without one it
changes nothing. An email from nobody in the workspace is ignored and counted.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from bot.errors import UserError
from bot.ledger.activity import log_activity
from bot.ledger.emails import members_with_emails
from bot.ledger.evidence import remember_evidence
from bot.ledger.followups import MAX_NOTE, close_follow_up
from bot.ledger.members import date_order_of, update_profile
from bot.ledger.scope import Scope
from bot.models import (
    ConversationKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Member,
    Resolution,
    Workspace,
)
from bot.windows.returning import Return, first_day_back
from bot.windows.zones import local_date, zone

log = logging.getLogger(__name__)

ANSWERED_BY_AN_EMAIL = (FollowUpKind.EMAIL_BACK, FollowUpKind.GET_BACK, FollowUpKind.RESPOND)
PROVIDER_NAMES = {"postmark": "Postmark", "mailgun": "Mailgun", "sendgrid": "SendGrid"}
MAX_SUBJECT = 200
_TAG = re.compile(r"\+f-?([0-9]{1,9})@", re.IGNORECASE)


@dataclass(frozen=True)
class EmailSeen:
    """An email as an inbound-email service reported it: addresses lower-cased, subject only
    (and the body only when the workspace keeps bodies)."""

    provider: str
    message_id: str
    sender: str | None
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()
    subject: str = ""
    auto_reply: bool = False
    returning: Return | None = None
    body: str | None = None
    sent_at: datetime | None = None

    @property
    def source(self) -> str:
        """`postmark:<MessageID>`; a long id is kept as its digest (at most 64 characters)."""
        whole = f"{self.provider}:{self.message_id}"
        if len(whole) <= 64:
            return whole
        return f"{self.provider}:{hashlib.sha256(self.message_id.encode()).hexdigest()[:48]}"

    def as_body(self) -> dict[str, Any]:
        """The email as recorded in the inbox (JSON)."""
        back = self.returning
        return {
            "provider": self.provider,
            "message_id": self.message_id,
            "sender": self.sender,
            "to": list(self.to),
            "cc": list(self.cc),
            "bcc": list(self.bcc),
            "subject": self.subject,
            "auto_reply": self.auto_reply,
            "returning": None if back is None else [back.phrase, back.is_return],
            "body": self.body,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
        }

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> EmailSeen:
        """The email back from its inbox record."""
        back, sent = body.get("returning"), body.get("sent_at")
        return cls(
            provider=str(body["provider"]),
            message_id=str(body["message_id"]),
            sender=body.get("sender"),
            to=tuple(body.get("to") or ()),
            cc=tuple(body.get("cc") or ()),
            bcc=tuple(body.get("bcc") or ()),
            subject=str(body.get("subject") or ""),
            auto_reply=bool(body.get("auto_reply")),
            returning=Return(str(back[0]), bool(back[1])) if back else None,
            body=body.get("body"),
            sent_at=datetime.fromisoformat(sent) if sent else None,
        )

    def tagged(self) -> int | None:
        """The follow-up a `log+F-7@…` recipient names, if any."""
        for address in (*self.to, *self.cc, *self.bcc):
            match = _TAG.search(address)
            if match:
                return int(match[1])
        return None


class EmailProves(enum.Enum):
    ANSWERED = "answered"
    AWAY = "away"
    NOTHING = "nothing"
    UNKNOWN_SENDER = "unknown_sender"


@dataclass
class EmailApplied:
    """What an email changed: follow-ups resolved, or the sender's vacation."""

    proves: EmailProves
    sender: Member | None = None
    resolved: list[FollowUp] = field(default_factory=list)
    back_on: date | None = None  # an auto-reply's first day back


def apply_email(scope: Scope, email: EmailSeen) -> EmailApplied:
    """Resolve what the sender owes the people it was sent to, or read an auto-reply."""
    found = members_with_emails(scope, [email.sender] if email.sender else [])
    sender = found.get(email.sender or "")
    if sender is None:
        _count_ignored(scope)
        log.info(
            "%s email %s ignored: from nobody in %s", email.provider, email.source, scope.team_id
        )
        return EmailApplied(EmailProves.UNKNOWN_SENDER)
    if email.auto_reply:
        return _auto_reply(scope, email, sender)
    owed = _owed(scope, email, sender)
    if not owed or not _remember(scope, email, sender, owed[0].creditor):
        return EmailApplied(EmailProves.NOTHING, sender)
    resolved = []
    for follow_up in owed:
        note = evidence_note(email, scope.now, follow_up.creditor)
        try:
            close_follow_up(scope, follow_up, sender, Resolution.EMAILED_BACK, note)
        except UserError:
            continue  # a person changed it first: their outcome stands
        resolved.append(follow_up)
    return EmailApplied(EmailProves.ANSWERED, sender, resolved)


def evidence_note(email: EmailSeen, now: datetime, reader: Member) -> str:
    """The proof in words, e.g. “Postmark email “Re: Jane Doe” at 14:02” (the reader's time)."""
    at = (email.sent_at or now).astimezone(zone(reader.timezone))
    subject = email.subject or "(no subject)"
    return f"{PROVIDER_NAMES.get(email.provider, email.provider)} email “{subject}” at {at:%H:%M}"


def _owed(scope: Scope, email: EmailSeen, sender: Member) -> list[FollowUp]:
    """What this email answers: the tagged follow-up, or what the sender owes its recipients."""
    query = (
        select(FollowUp)
        .where(FollowUp.team_id == scope.team_id, FollowUp.state == FollowUpState.OPEN)
        .where(FollowUp.debtor_id == sender.id, FollowUp.kind.in_(ANSWERED_BY_AN_EMAIL))
        .order_by(FollowUp.due_at, FollowUp.id)
    )
    ref = email.tagged()
    if ref is not None:
        return list(scope.session.scalars(query.where(FollowUp.id == ref)))
    recipients = members_with_emails(scope, [*email.to, *email.cc])
    creditors = [m.id for m in recipients.values() if m.id != sender.id]
    if not creditors:
        return []
    return list(scope.session.scalars(query.where(FollowUp.creditor_id.in_(creditors))))


def _remember(scope: Scope, email: EmailSeen, sender: Member, partner: Member) -> bool:
    """Record the email as a conversation, once per message: False if it was recorded already."""
    note = email.subject[:MAX_SUBJECT] or "(no subject)"
    if email.body and _keeps_bodies(scope):
        note = f"{note}\n\n{email.body}"[:MAX_NOTE]
    kind = ConversationKind.EMAIL
    if remember_evidence(
        scope, kind, caller=sender, partner=partner, note=note, source=email.source
    ):
        return True
    log.info("%s email %s was already applied", email.provider, email.source)
    return False


def _auto_reply(scope: Scope, email: EmailSeen, sender: Member) -> EmailApplied:
    """An out-of-office reply with a readable return date sets the sender's vacation until the
    day before it (never shortening one already set); anything else changes nothing."""
    today = local_date(scope.now, zone(sender.timezone))
    back = None
    if email.returning is not None:
        back = first_day_back(email.returning, today=today, order=date_order_of(scope))
    if back is None:
        log.info("%s auto-reply %s names no return date", email.provider, email.source)
        return EmailApplied(EmailProves.NOTHING, sender)
    last = back - timedelta(days=1)
    if sender.vacation_until is not None and sender.vacation_until >= last:
        return EmailApplied(EmailProves.NOTHING, sender, back_on=back)
    try:
        update_profile(scope, sender.slack_user_id, vacation_until=last)
    except UserError:
        return EmailApplied(EmailProves.NOTHING, sender)
    log_activity(
        scope,
        "vacation_from_email",
        actor=sender,
        provider=email.provider,
        message=email.source,
        until=last.isoformat(),
    )
    return EmailApplied(EmailProves.AWAY, sender, back_on=back)


def _keeps_bodies(scope: Scope) -> bool:
    workspace = scope.session.get(Workspace, scope.team_id)
    return bool(workspace is not None and workspace.email_bodies)


def _count_ignored(scope: Scope) -> None:
    scope.session.execute(
        update(Workspace)
        .where(Workspace.team_id == scope.team_id)
        .values(inbound_ignored=Workspace.inbound_ignored + 1)
        .execution_options(synchronize_session=False)
    )


def sent_at(value: datetime | None) -> datetime | None:
    """An email's Date as an aware UTC instant (None if it had none)."""
    if value is None:
        return None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
