"""Interviews and feedback: the importer owes feedback after every interview, on a clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import InvalidInput, NotAllowed
from bot.ledger import resolve
from bot.ledger.interviews import feedback_owed, record_interview
from bot.ledger.terms import set_deal_clock
from bot.models import (
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Interview,
    MessageKind,
    OutboxMessage,
    Resolution,
)
from bot.outbox import Message, ReplyTo
from bot.services import Core, Origin, interviews
from handlers.render.wording import SlackWording
from tests.ledger.test_races import race
from tests.ledger_book import LedgerBook
from tests.ledger_book import submitted_for_a_job as submitted


def test_an_interview_makes_the_importer_owe_feedback_a_business_day_after_it(
    book: LedgerBook,
) -> None:
    ref = submitted(book)
    recorded = book.run(record_interview, actor_id="U0DANA", ref=ref, when="tue 2pm")

    # Tue 24 Nov 14:00 in London (Dana's time); feedback by Wed 14:00, a business day later.
    assert recorded.interview.at == datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    assert recorded.interview.round == 1
    feedback = book.follow_up(recorded.feedback.id)
    assert (feedback.kind, feedback.debtor.name, feedback.creditor.name) == (
        FollowUpKind.GIVE_FEEDBACK,
        "Dana Importer",
        "Erin Exporter",
    )
    assert feedback.what == "feedback on Jane Doe after the interview for JO-1 Java Developer"
    assert feedback.due_at == datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    # An interview answers the submission: Interested.
    answered = book.follow_up(int(ref[2:]))
    assert (answered.state, answered.resolution) == (FollowUpState.DONE, Resolution.INTERESTED)


def test_the_workspace_sets_how_long_feedback_may_take(book: LedgerBook) -> None:
    book.run(set_deal_clock, actor_id="U0ALEX", clock="feedback_days", days=2)
    ref = submitted(book)
    recorded = book.run(record_interview, actor_id="U0DANA", ref=ref, when="2026-12-03 10:00")
    assert recorded.feedback.due_at == datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # Thu + 2 = Mon
    with pytest.raises(NotAllowed, match="Only a workspace admin"):
        book.run(set_deal_clock, actor_id="U0DANA", clock="feedback_days", days=3)


def test_feedback_answers_the_interview_and_each_round_owes_its_own(book: LedgerBook) -> None:
    ref = submitted(book)
    first = book.run(record_interview, actor_id="U0DANA", ref=ref, when="tue 2pm")
    second = book.run(record_interview, actor_id="U0DANA", ref=ref, when="2026-11-26 10:00")
    assert second.interview.round == 2
    assert second.answered is None  # answered by the first already

    # `feedback F-7` names the submission: the soonest feedback owed on it is answered.
    owed = book.run(feedback_owed, ref=ref)
    assert owed.id == first.feedback.id
    book.run(resolve, ref=owed.id, actor_id="U0DANA", resolution=Resolution.DONE, note="strong")
    assert book.run(feedback_owed, ref=ref).id == second.feedback.id
    done = book.follow_up(first.feedback.id)
    assert (done.state, done.resolution_note) == (FollowUpState.DONE, "strong")


def test_only_the_importer_records_interviews_and_gives_feedback_in_words(
    book: LedgerBook,
) -> None:
    ref = submitted(book)
    with pytest.raises(NotAllowed, match="Only Dana Importer, the importer"):
        book.run(record_interview, actor_id="U0ERIN", ref=ref, when="tue 2pm")
    with pytest.raises(InvalidInput, match="with a time"):
        book.run(record_interview, actor_id="U0DANA", ref=ref, when="tue")
    with pytest.raises(InvalidInput, match="No feedback is open on Jane Doe"):
        book.run(feedback_owed, ref=ref)
    recorded = book.run(record_interview, actor_id="U0ALEX", ref=ref, when="tue 2pm")
    feedback = recorded.feedback.id
    with pytest.raises(NotAllowed, match="Only Dana Importer can give the feedback"):
        book.run(resolve, ref=feedback, actor_id="U0ERIN", resolution=Resolution.DONE, note="ok")
    with pytest.raises(InvalidInput, match="Say how the interview went"):
        book.run(resolve, ref=feedback, actor_id="U0DANA", resolution=Resolution.DONE)


def test_no_interview_before_the_terms_are_accepted(book: LedgerBook) -> None:
    ref = submitted(book, split_importer=50)  # F-1 is Erin's acceptance of the terms
    with pytest.raises(InvalidInput, match="waits on the job order's terms"):
        book.run(record_interview, actor_id="U0DANA", ref=ref, when="tue 2pm")


def test_the_same_interview_recorded_twice_at_once_is_recorded_once(
    book: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    core = Core(session_factory, clock, settings, SlackWording())
    ref = submitted(book)
    origin = Origin("T0ACME", "U0DANA", reply=ReplyTo("U0DANA"))

    def record() -> None:
        interviews.interview(core, origin, ref=ref, when="tue 2pm", say=lambda r, m: _said())

    race(record, record)

    with book.factory() as session:
        assert session.scalar(select(func.count()).select_from(Interview)) == 1
        owed = session.scalar(
            select(func.count()).select_from(FollowUp).filter_by(kind=FollowUpKind.GIVE_FEEDBACK)
        )
        notices = _texts(session, MessageKind.NOTICE, "U0ERIN")
        replies = _texts(session, MessageKind.REPLY, "U0DANA")
    assert owed == 1
    assert len(notices) == 1  # Erin hears of the interview once
    assert "That interview of Jane Doe is already recorded" in " ".join(replies)


def test_two_feedbacks_at_once_relay_one(
    book: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    core = Core(session_factory, clock, settings, SlackWording())
    ref = submitted(book)
    book.run(record_interview, actor_id="U0DANA", ref=ref, when="tue 2pm")
    origin = Origin("T0ACME", "U0DANA", reply=ReplyTo("U0DANA"))

    def give(words: str) -> None:
        interviews.feedback(core, origin, ref=ref, words=words, say=lambda r, m: _said())

    race(lambda: give("strong on Java"), lambda: give("weak on AWS"))

    with book.factory() as session:
        relayed = [
            text for text in _texts(session, MessageKind.NOTICE, "U0ERIN") if "feedback" in text
        ]
        done = session.scalars(select(FollowUp).filter_by(kind=FollowUpKind.GIVE_FEEDBACK)).one()
    assert len(relayed) == 1
    assert done.resolution_note in relayed[0]


def _texts(session: Session, kind: MessageKind, to: str) -> list[str]:
    return list(
        session.scalars(
            select(OutboxMessage.text)
            .where(OutboxMessage.kind == kind, OutboxMessage.channel == to)
            .order_by(OutboxMessage.id)
        )
    )


def _said() -> Message:
    return Message("ok")
