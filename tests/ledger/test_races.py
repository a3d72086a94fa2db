"""Two hands on the mouse: every change is compare-and-set, so each race has one outcome.

Each test starts two (or more) changes at the same instant from separate threads, on SQLite and
on PostgreSQL, and checks the ledger, the activity log and the outbox afterwards: one outcome,
one notice per real change, and the loser told what happened instead.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FrozenClock
from bot.config import Settings
from bot.ledger import OwedBy, questions, record_conversation, record_submission
from bot.models import (
    Activity,
    Conversation,
    ConversationKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    MessageKind,
    OutboxMessage,
    Question,
    Resolution,
)
from bot.nudging.sweep import Sweeper
from bot.outbox import Message, ReplyTo
from bot.services import Core, Origin, answers, deals
from bot.services.questions import Answering
from handlers.render.wording import SlackWording
from tests.ledger_book import LedgerBook


@pytest.fixture
def core(session_factory: sessionmaker[Session], settings: Settings, clock: FrozenClock) -> Core:
    return Core(session_factory, clock, settings, SlackWording())


def race(*changes: Callable[[], Any]) -> None:
    """Start every change at the same instant, each in its own thread; re-raise any error."""
    start = threading.Barrier(len(changes))
    errors: list[BaseException] = []

    def run(change: Callable[[], Any]) -> None:
        start.wait()
        try:
            change()
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=run, args=(change,)) for change in changes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]


def by(user: str) -> Origin:
    return Origin("T0ACME", user, reply=ReplyTo(user))


def submitted(book: LedgerBook) -> int:
    recorded = book.run(
        record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="Jane Doe"
    )
    return recorded.follow_up.id


def messages(book: LedgerBook, kind: MessageKind, to: str) -> list[str]:
    with book.factory() as session:
        return list(
            session.scalars(
                select(OutboxMessage.text)
                .where(OutboxMessage.kind == kind, OutboxMessage.channel == to)
                .order_by(OutboxMessage.id)
            )
        )


def activity(book: LedgerBook, ref: int) -> list[str]:
    with book.factory() as session:
        return list(
            session.scalars(
                select(Activity.action).where(Activity.follow_up_id == ref).order_by(Activity.id)
            )
        )


def answer(
    core: Core, user: str, ref: int, how: Resolution, note: str | None = None
) -> Callable[[], Any]:
    return lambda: answers.answer(core, by(user), ref=ref, resolution=how, note=note)


def said(_result: object) -> Message:
    """A reply to word: these tests read the ledger, not the words."""
    return Message("ok")


def test_need_more_info_clicked_twice_asks_once(book: LedgerBook, core: Core) -> None:
    ref = submitted(book)
    race(
        answer(core, "U0DANA", ref, Resolution.NEED_MORE_INFO, "notice period?"),
        answer(core, "U0DANA", ref, Resolution.NEED_MORE_INFO, "notice period?"),
    )
    with book.factory() as session:
        asks = session.scalar(
            select(func.count()).select_from(FollowUp).filter_by(kind=FollowUpKind.GET_INFO)
        )
    assert asks == 1
    assert activity(book, ref) == ["opened", "need_more_info"]
    # Erin is told once: the card for what she now owes carries the question.
    assert len(messages(book, MessageKind.CARD, "U0ERIN")) == 1
    assert messages(book, MessageKind.NOTICE, "U0ERIN") == []
    [told] = messages(book, MessageKind.REPLY, "U0DANA")
    assert told == f"F-{ref} is already done: you answered Need more info a moment ago."


def test_interested_and_need_more_info_at_once_record_one_answer(
    book: LedgerBook, core: Core
) -> None:
    ref = submitted(book)
    race(
        answer(core, "U0DANA", ref, Resolution.INTERESTED),
        answer(core, "U0DANA", ref, Resolution.NEED_MORE_INFO, "notice period?"),
    )
    follow_up = book.follow_up(ref)
    with book.factory() as session:
        asks = session.scalar(
            select(func.count()).select_from(FollowUp).filter_by(kind=FollowUpKind.GET_INFO)
        )
    assert follow_up.resolution in {Resolution.INTERESTED, Resolution.NEED_MORE_INFO}
    assert asks == (1 if follow_up.resolution is Resolution.NEED_MORE_INFO else 0)
    assert len(activity(book, ref)) == 2
    told = messages(book, MessageKind.NOTICE, "U0ERIN") + messages(book, MessageKind.CARD, "U0ERIN")
    assert len(told) == 1  # a notice of interest, or the card asking for the information


def test_done_and_snooze_at_once_apply_one(book: LedgerBook, core: Core) -> None:
    ref = submitted(book)
    due = book.follow_up(ref).due_at

    def snooze() -> None:
        answers.snooze(core, by("U0DANA"), ref=ref, window="1d", say=lambda f, _m: said(f))

    race(answer(core, "U0DANA", ref, Resolution.CALLED_BACK), snooze)
    follow_up = book.follow_up(ref)
    changes = activity(book, ref)[1:]
    told = messages(book, MessageKind.NOTICE, "U0ERIN")
    # Either one change won and the other was refused, or they happened one after the other:
    # a snooze, then the answer (an answer closes it, so a snooze after it is refused).
    assert changes in (["called_back"], ["snoozed"], ["snoozed", "called_back"])
    assert len(told) == len(changes)  # one notice per change that happened
    if changes[-1] == "called_back":
        assert follow_up.state is FollowUpState.DONE
    else:
        assert (follow_up.state, follow_up.due_at > due) == (FollowUpState.OPEN, True)
    replies = messages(book, MessageKind.REPLY, "U0DANA")
    snoozed_reply = 1 if "snoozed" in changes else 0
    assert len(replies) == snoozed_reply + (2 - len(changes))  # plus one refusal per loser


def test_cancel_and_an_answer_at_once_end_one_way(book: LedgerBook, core: Core) -> None:
    ref = submitted(book)
    race(
        answer(core, "U0ERIN", ref, Resolution.CANCELLED, "duplicate"),
        answer(core, "U0DANA", ref, Resolution.INTERESTED),
    )
    follow_up = book.follow_up(ref)
    assert follow_up.state in {FollowUpState.CANCELLED, FollowUpState.DONE}
    assert len(activity(book, ref)) == 2
    told = messages(book, MessageKind.NOTICE, "U0ERIN") + messages(
        book, MessageKind.NOTICE, "U0DANA"
    )
    assert len(told) == 1


def test_heard_and_done_at_once_close_it_once(book: LedgerBook, core: Core) -> None:
    recorded = book.run(
        record_conversation,
        caller_id="U0ERIN",
        partner_id="U0DANA",
        kind=ConversationKind.CALL,
    )
    ref = recorded.follow_up.id

    def heard() -> None:
        answers.heard(
            core,
            by("U0ERIN"),
            partner_id="U0DANA",
            say=lambda f, _m: said(f),
            which=lambda _q, _f, _u: Message("which?"),
        )

    race(heard, answer(core, "U0DANA", ref, Resolution.CALLED_BACK))
    assert book.follow_up(ref).state is FollowUpState.DONE
    assert len(activity(book, ref)) == 2


CLOSING = {
    "interested",
    "need_more_info",
    "passed",
    "done",
    "called_back",
    "emailed_back",
    "cancelled",
    "lapsed",
}
OPERATIONS = {
    "interested": ("U0DANA", Resolution.INTERESTED, None),
    "need_more_info": ("U0DANA", Resolution.NEED_MORE_INFO, "notice period?"),
    "pass": ("U0DANA", Resolution.PASSED, "salary too high"),
    "called_back": ("U0DANA", Resolution.CALLED_BACK, None),
    "cancel": ("U0ERIN", Resolution.CANCELLED, "filled"),
}


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.sampled_from([*OPERATIONS, "snooze", "sweep"]), min_size=2, max_size=4, unique=False
    )
)
def test_any_interleaving_leaves_one_consistent_outcome(
    book: LedgerBook,
    core: Core,
    session_factory: sessionmaker[Session],
    settings: Settings,
    operations: list[str],
) -> None:
    ref = submitted(book)
    with book.factory.begin() as session:  # overdue, so a sweep has something to do
        follow_up = session.get(FollowUp, ref)
        assert follow_up is not None
        follow_up.next_nudge_at = book.clock.now()

    def run(name: str) -> Callable[[], Any]:
        if name == "sweep":
            return Sweeper(session_factory, settings, book.clock, SlackWording()).run
        if name == "snooze":
            return lambda: answers.snooze(
                core, by("U0DANA"), ref=ref, window="1d", say=lambda f, _m: said(f)
            )
        user, how, note = OPERATIONS[name]
        return answer(core, user, ref, how, note)

    race(*(run(name) for name in operations))

    follow_up = book.follow_up(ref)
    changes = activity(book, ref)[1:]
    closing = [action for action in changes if action in CLOSING]
    assert len(closing) == (0 if follow_up.state is FollowUpState.OPEN else 1)
    if closing:
        assert changes[-1] == closing[0]  # nothing changed it after it closed
        assert follow_up.resolution is not None
        assert follow_up.resolution.value == closing[0]
    with book.factory() as session:
        asks = session.scalar(
            select(func.count())
            .select_from(FollowUp)
            .where(FollowUp.submission_id == follow_up.submission_id)
            .where(FollowUp.kind == FollowUpKind.GET_INFO)
        )
        texts = session.scalars(
            select(OutboxMessage.text).where(OutboxMessage.kind == MessageKind.NOTICE)
        ).all()
        notices = sum(bool(re.search(rf"\bF-{ref}\b", text)) for text in texts)
        asked = session.scalars(
            select(FollowUp.id)
            .where(FollowUp.submission_id == follow_up.submission_id)
            .where(FollowUp.kind == FollowUpKind.GET_INFO)
        ).all()
    assert asks == (1 if follow_up.resolution is Resolution.NEED_MORE_INFO else 0)
    cards = messages(book, MessageKind.CARD, "U0ERIN")
    assert [ask for ask in asked if any(f"(F-{ask})" in text for text in cards)] == asked
    # The other party hears once per change that happened: a notice, or for Need more info
    # the card asking for the information.
    assert notices + asks == len(changes)


def test_two_answers_to_one_question_log_one_conversation(book: LedgerBook, core: Core) -> None:
    asked = book.run(
        lambda scope: questions.ask(
            scope, user_id="U0ERIN", kind="who_owes", payload={"partner": "U0DANA"}
        )
    )

    def log(choice: str) -> Callable[[], None]:
        def go() -> None:
            deals.log_conversation(
                core,
                by("U0ERIN"),
                partner_id="U0DANA",
                kind=ConversationKind.CALL,
                job=None,
                note=None,
                owed_by=OwedBy(choice),
                promise=None,
                window=None,
                say=lambda _r, _m: Message("logged"),
                answering=Answering(asked.id, choice),
            )

        return go

    race(log("partner"), log("caller"))
    with book.factory() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 1
        [follow_up] = session.scalars(select(FollowUp)).all()
        answer = session.scalars(select(Question.answer)).one()
    debtor = {"partner": "U0DANA", "caller": "U0ERIN"}[str(answer)]
    assert follow_up.debtor.slack_user_id == debtor
    replies = messages(book, MessageKind.REPLY, "U0ERIN")
    assert sorted(replies) == ["You already answered that question.", "logged"]
