"""Recording what happened in a deal: submissions and conversations."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bot import ledger
from bot.ledger import ConversationRecorded, SubmissionRecorded
from bot.ledger.messages import link_message
from bot.models import ConversationKind, FollowUpKind, Member, MessageKind, MessagePurpose
from bot.outbox import Message
from bot.services import questions
from bot.services.announce import send_card
from bot.services.core import Core, Origin, Unit
from bot.services.questions import Answering

R = TypeVar("R")
Say = Callable[[R, Member], Message]  # the reply to the person who asked, worded for them


def submit(
    core: Core,
    origin: Origin,
    *,
    importer_id: str,
    candidate: str,
    job: str | None,
    window: str | None,
    note: str | None,
    say: Say[SubmissionRecorded],
    job_title: str | None = None,
) -> SubmissionRecorded | None:
    """An exporter presents a candidate: the importer is carded and now owes an answer.

    Under terms the exporter has yet to accept, the exporter is carded with the terms instead
    (once, however many candidates wait on them); accepting them cards the importer.
    """

    def work(unit: Unit) -> SubmissionRecorded:
        recorded = ledger.record_submission(
            unit.scope,
            exporter_id=_who(origin),
            importer_id=importer_id,
            candidate=candidate,
            job=job,
            window=window,
            note=note,
            job_title=job_title,
        )
        if not recorded.joined:
            send_card(unit, recorded.follow_up)
        if recorded.first is not None:
            # Rule 9: the first documented submittal owns the candidate; the importer hears.
            importer = recorded.submission.importer
            notice = unit.wording.duplicate_notice(recorded.submission, recorded.first, importer)
            unit.post.dm(importer, notice, MessageKind.NOTICE)
        unit.answer(say(recorded, recorded.submission.exporter))
        return recorded

    return core.run(origin, work)


def log_conversation(
    core: Core,
    origin: Origin,
    *,
    partner_id: str,
    kind: ConversationKind,
    job: str | None,
    note: str | None,
    owed_by: ledger.OwedBy,
    promise: FollowUpKind | None,
    window: str | None,
    say: Say[ConversationRecorded],
    track: tuple[str, str] | None = None,
    answering: Answering | None = None,
) -> ConversationRecorded | None:
    """A call, email or talk: whoever owes the next move gets a follow-up; the partner is told.

    `track` is a Slack message the conversation was recorded from (the message shortcut);
    `answering` the click that said who owes, when the bot had to ask.
    """

    def work(unit: Unit) -> ConversationRecorded:
        questions.settle(unit, origin, answering)
        recorded = ledger.record_conversation(
            unit.scope,
            caller_id=_who(origin),
            partner_id=partner_id,
            kind=kind,
            job=job,
            note=note,
            owed_by=owed_by,
            promise=promise,
            window=window,
        )
        caller, partner = recorded.conversation.caller, recorded.conversation.partner
        follow_up = recorded.follow_up
        if track is not None and follow_up is not None:
            channel, ts = track  # replies and ✅ on the tracked message now resolve it
            link_message(
                unit.scope, follow_up, purpose=MessagePurpose.TRACKED, channel=channel, ts=ts
            )
        if follow_up is not None and follow_up.debtor_id == partner.id:
            send_card(unit, follow_up)
        else:
            notice = unit.wording.logged_notice(recorded.conversation, follow_up, partner)
            unit.post.dm(partner, notice, MessageKind.NOTICE, about=follow_up)
        unit.answer(say(recorded, caller))
        return recorded

    return core.run(origin, work)


def _who(origin: Origin) -> str:
    assert origin.user_id is not None, "a request with a verb always has a user"
    return origin.user_id
