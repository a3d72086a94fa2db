"""Races with the sweep and the courier: a person's change and a sweep at the same instant,
two sweeps at once, two couriers at once; each ends one way (see test_races)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.models import FollowUp, FollowUpState, MessageKind, OutboxMessage, Resolution
from bot.nudging.sweep import Sweeper
from bot.outbox import Message
from bot.outbox.dispatch import Dispatch
from bot.services import Core, answers
from handlers.render.wording import SlackWording
from tests.ledger.test_races import (
    activity,
    answer,
    by,
    core,
    messages,
    race,
    said,
    submitted,
)
from tests.ledger_book import LedgerBook

__all__ = ["core"]  # the fixture, shared with test_races


def test_a_snooze_during_the_sweep_keeps_its_new_time(
    book: LedgerBook, core: Core, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    ref = submitted(book)
    book.clock.set(book.clock.now().replace(day=23, hour=10))  # Mon 23 Nov 10:00 London: overdue
    sweeper = Sweeper(session_factory, settings, book.clock, SlackWording())

    def snooze() -> None:
        answers.snooze(core, by("U0DANA"), ref=ref, window="2d", say=lambda f, _m: said(f))

    race(sweeper.run, snooze)
    follow_up = book.follow_up(ref)
    assert "snoozed" in activity(book, ref)
    assert follow_up.next_nudge_at == follow_up.due_at  # the snooze's time, not the sweep's
    assert follow_up.due_at > book.clock.now()
    # A reminder written just before the snooze is dropped right before it would be posted.
    dispatch = Dispatch(session_factory, book.clock, settings, SlackWording(), owner="courier")
    reminders = [p for p in dispatch.claim() if p.kind is MessageKind.REMINDER]
    assert dispatch.prepare(reminders) == []
    assert book.follow_up(ref).nudge_count == 0


def test_an_answer_and_the_lapse_at_once_end_one_way(
    book: LedgerBook, core: Core, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    ref = submitted(book)
    with book.factory.begin() as session:  # two reminders already went out
        follow_up = session.get(FollowUp, ref)
        assert follow_up is not None
        follow_up.nudge_count = 2
    book.clock.set(book.clock.now().replace(day=23, hour=10))  # Mon 23 Nov 10:00 London
    sweeper = Sweeper(session_factory, settings, book.clock, SlackWording())
    race(sweeper.run, answer(core, "U0DANA", ref, Resolution.INTERESTED))
    follow_up = book.follow_up(ref)
    lapse_notices = messages(book, MessageKind.LAPSE, "U0ERIN")
    answer_notices = messages(book, MessageKind.NOTICE, "U0ERIN")
    if follow_up.state is FollowUpState.LAPSED:
        assert (len(lapse_notices), len(answer_notices)) == (1, 0)
    else:
        assert follow_up.resolution is Resolution.INTERESTED
        assert (len(lapse_notices), len(answer_notices)) == (0, 1)
    assert len(activity(book, ref)) == 2


def test_two_sweeps_at_once_send_each_digest_and_reminder_once(
    book: LedgerBook, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    for _ in range(3):
        submitted(book)
    book.clock.set(book.clock.now().replace(day=23, hour=14))  # Mon 09:00 New York, 14:00 London
    sweepers = [Sweeper(session_factory, settings, book.clock, SlackWording()) for _ in range(2)]
    race(*(sweeper.run for sweeper in sweepers))
    assert len(messages(book, MessageKind.REMINDER, "U0DANA")) == 1
    assert len(messages(book, MessageKind.DIGEST, "U0ERIN")) == 1
    assert messages(book, MessageKind.DIGEST, "U0DANA") == []  # nudged in the same sweep


def test_two_couriers_at_once_claim_different_messages(
    book: LedgerBook, core: Core, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    for _ in range(5):
        submitted(book)  # five cards to Dana's DM
    for n in range(5):
        core.answer(by(f"U0{'ERIN' if n % 2 else 'SAM'}"), Message(f"note {n}"))
    couriers = [
        Dispatch(session_factory, book.clock, settings, SlackWording(), owner=f"courier-{n}")
        for n in range(2)
    ]
    claimed: list[list[int]] = [[], []]

    def claim(n: int) -> Callable[[], None]:
        return lambda: claimed[n].extend(p.id for p in couriers[n].claim())

    race(claim(0), claim(1))
    assert not set(claimed[0]) & set(claimed[1])
    with book.factory() as session:
        channels = dict(session.execute(select(OutboxMessage.id, OutboxMessage.channel)).all())
    # Each channel's messages went to one courier, so they go out in order.
    for mine, theirs in ((claimed[0], claimed[1]), (claimed[1], claimed[0])):
        assert not {channels[i] for i in mine} & {channels[i] for i in theirs}
