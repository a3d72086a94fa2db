"""The verbs of a split's later steps: `interview`, `feedback`, `accepted`, `placed`, `paid`,
`received`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.errors import InvalidInput
from bot.ledger import Resolved
from bot.ledger.falloffs import FellOff
from bot.ledger.interviews import InterviewRecorded
from bot.ledger.members import get_member
from bot.ledger.payments import PaymentRecorded
from bot.ledger.placements import OfferAccepted, Placed
from bot.ledger.timeline import deal_timeline
from bot.models import Member
from bot.outbox import Message
from bot.services import Unit, interviews, placements, reading
from handlers.grammar import Request
from handlers.render.escape import shown
from handlers.render.interviews import recorded_reply
from handlers.render.placements import (
    accepted_reply,
    falloff_reply,
    paid_reply,
    placed_reply,
)
from handlers.render.timeline import timeline_reply

if TYPE_CHECKING:
    from handlers.verbs import Invocation


def interview(request: Request, who: Invocation) -> None:
    """The importer sets up an interview; the exporter hears at once."""

    def say(recorded: InterviewRecorded, importer: Member) -> Message:
        return Message(recorded_reply(recorded, importer))

    interviews.interview(
        who.deps.core, who.origin, ref=_required(request.ref), when=request.window or "", say=say
    )


def feedback(request: Request, who: Invocation) -> None:
    """The importer's words about an interview, relayed to the exporter."""

    def say(resolved: Resolved, _importer: Member) -> Message:
        follow_up = resolved.follow_up
        return Message(
            f"Thanks — {shown(follow_up.creditor.name)} has your feedback ({follow_up.ref})."
        )

    interviews.feedback(
        who.deps.core, who.origin, ref=_required(request.ref), words=request.note or "", say=say
    )


def accepted(request: Request, who: Invocation) -> None:
    """Either party records the candidate's acceptance of the offer."""

    def say(recorded: OfferAccepted, reader: Member) -> Message:
        return Message(accepted_reply(recorded, reader))

    placements.offer_accepted(who.deps.core, who.origin, ref=_required(request.ref), say=say)


def placed(request: Request, who: Invocation) -> None:
    """The importer reports the placement: start date and fee."""

    def say(done: Placed, reader: Member) -> Message:
        return Message(placed_reply(done, reader))

    placements.placed(
        who.deps.core,
        who.origin,
        ref=_required(request.ref),
        start=request.start or "",
        fee=request.amount or "",
        salary=request.salary,
        say=say,
    )


def paid(request: Request, who: Invocation) -> None:
    """The importer records the client's payment."""

    def say(recorded: PaymentRecorded, reader: Member) -> Message:
        return Message(paid_reply(recorded, reader))

    placements.paid(
        who.deps.core, who.origin, ref=_required(request.ref), amount=request.amount, say=say
    )


def received(request: Request, who: Invocation) -> None:
    """The exporter got their share."""

    def say(resolved: Resolved, _exporter: Member) -> Message:
        return Message(f"Marked received: {resolved.follow_up.ref} is done. Congratulations!")

    placements.received(who.deps.core, who.origin, ref=_required(request.ref), say=say)


def falloff(request: Request, who: Invocation) -> None:
    """Either partner reports a placed candidate left; both hear."""

    def say(fell: FellOff, reader: Member) -> Message:
        return Message(falloff_reply(fell.placement, fell.owed, reader))

    placements.falloff(
        who.deps.core, who.origin, ref=_required(request.ref), reason=request.note or "", say=say
    )


def timeline(request: Request, who: Invocation) -> None:
    """A deal's record, only to the party who asked, in their time."""

    def question(unit: Unit) -> Message:
        record = deal_timeline(unit.scope, ref=_required(request.ref), reader_id=who.user_id)
        return Message(*timeline_reply(record, get_member(unit.scope, who.user_id)))

    reading.tell(who.deps.core, who.origin, question)


def _required(value: str | None) -> str:
    if not value:
        raise InvalidInput("Say which candidate, by the ref `list` shows, e.g. `F-7`.")
    return value
