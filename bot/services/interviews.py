"""Interviews and feedback: the exporter is told at once, the importer owes the feedback."""

from __future__ import annotations

from bot import ledger
from bot.ledger import Resolved
from bot.ledger.interviews import InterviewRecorded, feedback_owed, record_interview
from bot.models import MessageKind, Resolution
from bot.services.announce import announce_outcome, refresh_messages, send_card
from bot.services.core import Core, Origin, Unit
from bot.services.deals import Say


def interview(
    core: Core, origin: Origin, *, ref: str, when: str, say: Say[InterviewRecorded]
) -> InterviewRecorded | None:
    """The importer records an interview: the exporter hears at once, the importer is carded
    with the feedback they will owe, and an open answer on the candidate becomes Interested."""

    def work(unit: Unit) -> InterviewRecorded:
        recorded = record_interview(unit.scope, actor_id=_who(origin), ref=ref, when=when)
        if recorded.answered is not None:
            refresh_messages(unit, recorded.answered)
        exporter = recorded.feedback.creditor
        notice = unit.wording.interview_notice(recorded.feedback, exporter)
        unit.post.dm(exporter, notice, MessageKind.NOTICE)
        send_card(unit, recorded.feedback)
        unit.answer(say(recorded, ledger.get_member(unit.scope, _who(origin))))
        return recorded

    return core.run(origin, work)


def feedback(
    core: Core, origin: Origin, *, ref: str, words: str, say: Say[Resolved]
) -> Resolved | None:
    """The importer's feedback after an interview, relayed word for word to the exporter."""

    def work(unit: Unit) -> Resolved:
        owed = feedback_owed(unit.scope, ref)
        resolved = ledger.resolve(
            unit.scope, ref=owed.id, actor_id=_who(origin), resolution=Resolution.DONE, note=words
        )
        actor = ledger.get_member(unit.scope, _who(origin))
        announce_outcome(unit, resolved.follow_up, actor, resolved.opened)
        unit.answer(say(resolved, actor))
        return resolved

    return core.run(origin, work)


def _who(origin: Origin) -> str:
    assert origin.user_id is not None, "a request with a verb always has a user"
    return origin.user_id
