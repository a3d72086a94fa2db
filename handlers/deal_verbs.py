"""The verbs of a split's later steps: `interview F-7 <when>`, `feedback F-7 <words>`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.errors import InvalidInput
from bot.ledger import Resolved
from bot.ledger.interviews import InterviewRecorded
from bot.models import Member
from bot.outbox import Message
from bot.services import interviews
from handlers.grammar import Request
from handlers.render.escape import shown
from handlers.render.interviews import recorded_reply

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


def _required(value: str | None) -> str:
    if not value:
        raise InvalidInput("Say which candidate, by the ref `list` shows, e.g. `F-7`.")
    return value
