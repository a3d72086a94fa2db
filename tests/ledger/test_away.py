"""An away status from Slack as time off: when it runs, what it leaves alone, what it moves."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.ledger import SlackProfile, get_member, record_submission, update_profile, upsert_member
from bot.ledger.away import AwayStatus, StatusSeen
from bot.models import FollowUp, FollowUpState, Member, MessageKind, OutboxMessage
from bot.nudging.sweep import Sweeper
from handlers.render.wording import SlackWording
from tests.ledger.test_races import race
from tests.ledger_book import LedgerBook

BACK = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # the end of Monday 23 Nov in London


def status(
    book: LedgerBook,
    says: str | None,
    until: datetime | None = BACK,
    updated: datetime | None = None,
) -> None:
    """Dana's Slack status changes (a user_change event, as the core sees it)."""
    seen = StatusSeen(AwayStatus(says, until) if says else None, updated)
    profile = SlackProfile("U0DANA", "Dana Importer", "Europe/London", status=seen)
    book.run(lambda scope: upsert_member(scope, profile))


def dana(book: LedgerBook) -> Member:
    return book.run(lambda scope: get_member(scope, "U0DANA"))


def submitted(book: LedgerBook, window: str = "4h") -> int:
    recorded = book.run(
        record_submission,
        exporter_id="U0ERIN",
        importer_id="U0DANA",
        candidate="Jane Doe",
        window=window,
    )
    return recorded.follow_up.id


def test_a_status_is_kept_apart_from_a_typed_vacation(book: LedgerBook) -> None:
    book.run(update_profile, user_id="U0DANA", vacation="dec 20 to jan 2")
    status(book, ":palm_tree: Vacation")
    away = dana(book)
    assert (away.vacation_from, away.vacation_until) == (date(2026, 12, 20), date(2027, 1, 2))
    assert (away.away_since, away.away_until) == (book.clock.now(), BACK)
    assert away.away_says == ":palm_tree: Vacation"
    status(book, None)  # cleared the day it was set: no trace, the vacation stays
    back = dana(book)
    assert (back.away_since, back.away_until, back.vacation_until) == (None, None, date(2027, 1, 2))


def test_without_an_expiration_only_the_rest_of_today_counts(book: LedgerBook) -> None:
    status(book, "OOO", until=None)
    assert dana(book).away_until == datetime(2026, 11, 19, 0, 0, tzinfo=UTC)


def test_an_older_status_never_undoes_a_newer_one(book: LedgerBook) -> None:
    newer, older = book.clock.now(), book.clock.now() - timedelta(minutes=5)
    status(book, "Vacation", updated=newer)
    status(book, None, updated=older)  # a late retry of an earlier event
    assert dana(book).away_until == BACK


def test_a_running_window_moves_and_a_passed_one_stays(book: LedgerBook) -> None:
    running, passed = submitted(book, "4h"), submitted(book, "1h")
    book.clock.set(datetime(2026, 11, 19, 9, 30, tzinfo=UTC))  # Thu: F-2 is overdue
    status(book, "On leave")
    # F-1 had 1 working hour left (9:30-10:30): it runs again from Tue 09:00.
    assert book.follow_up(running).due_at == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert book.follow_up(passed).due_at == datetime(2026, 11, 18, 16, 0, tzinfo=UTC)
    book.clock.set(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    status(book, None)  # back Friday noon: Thursday stays away
    assert dana(book).away_until == book.clock.now()
    assert book.follow_up(running).due_at == datetime(2026, 11, 20, 13, 0, tzinfo=UTC)


def test_nothing_an_away_debtor_owes_lapses_and_the_creditor_hears_once(
    book: LedgerBook, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    ref = submitted(book)
    with book.factory.begin() as session:  # both reminders already went out
        follow_up = session.get(FollowUp, ref)
        assert follow_up is not None
        follow_up.nudge_count = 2
    book.clock.set(datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    status(book, "out of office")
    sweeper = Sweeper(session_factory, settings, book.clock, SlackWording())
    sweeper.run()
    assert book.follow_up(ref).state is FollowUpState.OPEN
    assert book.follow_up(ref).next_nudge_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    with book.factory.begin() as session:
        session.execute(
            select(FollowUp).where(FollowUp.id == ref)
        ).scalar_one().next_nudge_at = book.clock.now()
    sweeper.run()
    with book.factory() as session:
        notices = session.scalars(
            select(OutboxMessage.text).where(
                OutboxMessage.kind == MessageKind.NOTICE, OutboxMessage.text.contains("office")
            )
        ).all()
    assert len(notices) == 1
    book.clock.set(datetime(2026, 11, 24, 9, 1, tzinfo=UTC))
    sweeper.run()
    assert book.follow_up(ref).state is FollowUpState.LAPSED  # back, and still silent


def test_two_status_events_at_once_leave_the_newer(book: LedgerBook) -> None:
    ref = submitted(book)
    now = book.clock.now()
    for _ in range(3):
        race(
            partial(status, book, "Vacation", updated=now + timedelta(seconds=2)),
            partial(status, book, None, updated=now + timedelta(seconds=1)),
        )
        assert dana(book).away_until == BACK
        assert book.follow_up(ref).due_at == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
        now += timedelta(seconds=10)
        status(book, None, updated=now)  # cleared the same day: as if it never was
        assert book.follow_up(ref).due_at == datetime(2026, 11, 19, 10, 30, tzinfo=UTC)
        now += timedelta(seconds=10)
