"""What a call seen by a phone system proves: a call back, or an attempt that holds the nudges.

A connected call of at least 30 seconds that the debtor placed to the creditor resolves what
the debtor owes the creditor that a call answers (call back, get back). Only the debtor's own
call counts: a creditor chasing the debtor may well hear "I'll get back to you", which meets
nothing. A shorter or unanswered call from the debtor is an attempt: it is logged and holds
the reminders about those follow-ups for a business day. Numbers no member of the workspace
has, and calls between people who owe each other nothing, change nothing.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot.errors import InvalidInput, NotAllowed, UserError
from bot.ledger.activity import log_activity
from bot.ledger.changes import bookkeep, change
from bot.ledger.evidence import remember_evidence
from bot.ledger.followups import close_follow_up, get_follow_up, may_change
from bot.ledger.members import get_member
from bot.ledger.phones import member_with_phone
from bot.ledger.scope import Scope
from bot.ledger.time_off import calendar_for
from bot.models import (
    ConversationKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Member,
    Resolution,
)
from bot.windows import parse_window
from bot.windows.zones import zone

log = logging.getLogger(__name__)

MIN_SECONDS = 30  # a shorter call is a voicemail or "call you back", not an answer
ANSWERED_BY_A_CALL = (FollowUpKind.CALL_BACK, FollowUpKind.GET_BACK)
HOLD = "1d"  # after an attempt, reminders wait a business day
PROVIDERS = {"twilio": "Twilio", "aircall": "Aircall"}
REOPENABLE = (Resolution.CALLED_BACK, Resolution.EMAILED_BACK)  # what evidence (or a click) says


@dataclass(frozen=True)
class CallSeen:
    """A finished call as a phone system reported it, numbers in E.164 (None: not a number)."""

    provider: str
    call_id: str
    caller: str | None
    called: str | None
    answered: bool
    seconds: int
    ended_at: datetime | None = None

    @property
    def source(self) -> str:
        return f"{self.provider}:{self.call_id}"[:80]

    def as_body(self) -> dict[str, Any]:
        """The call as recorded in the inbox (JSON)."""
        ended = self.ended_at.isoformat() if self.ended_at else None
        return {
            "provider": self.provider,
            "call_id": self.call_id,
            "caller": self.caller,
            "called": self.called,
            "answered": self.answered,
            "seconds": self.seconds,
            "ended_at": ended,
        }

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> CallSeen:
        """The call back from its inbox record."""
        ended = body.get("ended_at")
        return cls(
            provider=str(body["provider"]),
            call_id=str(body["call_id"]),
            caller=body.get("caller"),
            called=body.get("called"),
            answered=bool(body.get("answered")),
            seconds=int(body.get("seconds") or 0),
            ended_at=datetime.fromisoformat(ended) if ended else None,
        )


class CallProves(enum.Enum):
    CALLED_BACK = "called_back"
    ATTEMPT = "attempt"
    NOTHING = "nothing"


@dataclass
class CallApplied:
    """What a call changed: follow-ups resolved or held, and between whom."""

    proves: CallProves
    debtor: Member | None = None
    creditor: Member | None = None
    resolved: list[FollowUp] = field(default_factory=list)
    held: list[FollowUp] = field(default_factory=list)


def apply_call(scope: Scope, call: CallSeen) -> CallApplied:
    """Resolve or hold what the caller owes the person called, as the call proves."""
    debtor, creditor = member_with_phone(scope, call.caller), member_with_phone(scope, call.called)
    if debtor is None or creditor is None or debtor.id == creditor.id:
        log.info(
            "%s call %s ignored: %s is not a member's number",
            call.provider,
            call.call_id,
            "the caller's" if debtor is None else "the called",
        )
        return CallApplied(CallProves.NOTHING)
    owed = _owed_by_call(scope, debtor, creditor)
    if call.answered and call.seconds >= MIN_SECONDS:
        if not _remember(scope, call, debtor, creditor):
            return CallApplied(CallProves.NOTHING, debtor, creditor)  # applied once already
        note = evidence_note(call, scope.now, creditor)
        resolved = [f for f in owed if _close(scope, f, debtor, note)]
        return CallApplied(CallProves.CALLED_BACK, debtor, creditor, resolved=resolved)
    until = parse_window(HOLD).due(scope.now, calendar_for(scope, debtor))
    held = []
    for follow_up in owed:
        log_activity(
            scope,
            "call_attempt",
            actor=debtor,
            follow_up=follow_up,
            provider=call.provider,
            call=call.call_id,
            seconds=call.seconds,
            answered=call.answered,
        )
        later = follow_up.next_nudge_at is None or follow_up.next_nudge_at < until
        if not later or bookkeep(scope.session, follow_up, next_nudge_at=until):
            held.append(follow_up)
    return CallApplied(CallProves.ATTEMPT, debtor, creditor, held=held)


def evidence_note(call: CallSeen, now: datetime, reader: Member) -> str:
    """The proof in words, e.g. “Twilio call of 45 s at 14:02” (the reader's local time)."""
    ended = call.ended_at or now
    started = ended.astimezone(UTC).timestamp() - call.seconds
    at = datetime.fromtimestamp(started, zone(reader.timezone))
    return f"{PROVIDERS.get(call.provider, call.provider)} call of {call.seconds} s at {at:%H:%M}"


def _owed_by_call(scope: Scope, debtor: Member, creditor: Member) -> list[FollowUp]:
    return list(
        scope.session.scalars(
            select(FollowUp)
            .where(FollowUp.team_id == scope.team_id, FollowUp.state == FollowUpState.OPEN)
            .where(FollowUp.debtor_id == debtor.id, FollowUp.creditor_id == creditor.id)
            .where(FollowUp.kind.in_(ANSWERED_BY_A_CALL))
            .order_by(FollowUp.due_at, FollowUp.id)
        )
    )


def _remember(scope: Scope, call: CallSeen, debtor: Member, creditor: Member) -> bool:
    """Record the call as a conversation, once per call: False if it was recorded already."""
    note = evidence_note(call, scope.now, creditor)
    kind = ConversationKind.CALL
    if remember_evidence(
        scope, kind, caller=debtor, partner=creditor, note=note, source=call.source
    ):
        return True
    log.info("%s call %s was already applied", call.provider, call.call_id)
    return False


def _close(scope: Scope, follow_up: FollowUp, debtor: Member, note: str) -> bool:
    """Resolve one follow-up (compare-and-set): False when a person changed it first."""
    try:
        close_follow_up(scope, follow_up, debtor, Resolution.CALLED_BACK, note)
    except UserError:
        return False
    return True


def reopen(scope: Scope, *, ref: str | int, actor_id: str) -> FollowUp:
    """A call or an email closed the wrong follow-up: open it again (either party;
    compare-and-set)."""
    follow_up, actor = get_follow_up(scope, ref), get_member(scope, actor_id)
    if not may_change(follow_up, actor):
        raise NotAllowed(
            f"Only {follow_up.debtor.name} or {follow_up.creditor.name} can reopen {follow_up.ref}."
        )
    if follow_up.resolution not in REOPENABLE:
        raise InvalidInput(
            f"{follow_up.ref} was not closed by a call or an email; nothing to reopen."
        )

    def again() -> None:
        follow_up.state, follow_up.resolution = FollowUpState.OPEN, None
        follow_up.resolution_note = follow_up.resolved_at = follow_up.resolved_by_id = None
        follow_up.next_nudge_at = max(follow_up.due_at, scope.now)
        log_activity(scope, "reopened", actor=actor, follow_up=follow_up)

    change(scope, follow_up, actor, again)
    return follow_up
