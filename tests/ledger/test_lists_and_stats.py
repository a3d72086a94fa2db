"""What a member owes and is owed, their scorecard, profiles and partner search."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from bot.errors import InvalidInput
from bot.export import COLUMNS, write_csv
from bot.ledger import (
    find_partners,
    get_follow_up,
    lapse,
    owed_by,
    owed_to,
    record_submission,
    resolve,
    scorecard,
    update_profile,
)
from bot.models import Resolution
from tests.ledger_book import LedgerBook


def submit(book: LedgerBook, exporter: str, importer: str, candidate: str, window: str) -> int:
    recorded = book.run(
        record_submission,
        exporter_id=exporter,
        importer_id=importer,
        candidate=candidate,
        window=window,
    )
    return recorded.follow_up.id


def test_lists_show_both_sides_soonest_first(book: LedgerBook) -> None:
    later = submit(book, "U0ERIN", "U0DANA", "Later", "2d")
    sooner = submit(book, "U0ERIN", "U0DANA", "Sooner", "4h")
    other = submit(book, "U0SAM", "U0ERIN", "Elsewhere", "1d")

    assert [f.id for f in book.run(owed_by, user_id="U0DANA").items] == [sooner, later]
    assert [f.id for f in book.run(owed_to, user_id="U0ERIN").items] == [sooner, later]
    assert [f.id for f in book.run(owed_by, user_id="U0ERIN").items] == [other]
    book.run(resolve, ref=sooner, actor_id="U0DANA", resolution=Resolution.INTERESTED)
    assert [f.id for f in book.run(owed_by, user_id="U0DANA").items] == [later]


def test_long_lists_come_a_page_at_a_time(book: LedgerBook) -> None:
    made = [submit(book, "U0ERIN", "U0DANA", f"Candidate {n}", "2d") for n in range(5)]
    first = book.run(owed_by, user_id="U0DANA", page=1, size=2)
    assert ([f.id for f in first.items], first.total, first.first, first.more) == (
        made[:2],
        5,
        1,
        3,
    )
    last = book.run(owed_by, user_id="U0DANA", page=3, size=2)
    assert ([f.id for f in last.items], last.first, last.more) == (made[4:], 5, 0)


def test_scorecard_counts_answers_within_window_median_and_lapses(book: LedgerBook) -> None:
    quick = submit(book, "U0ERIN", "U0DANA", "Quick", "4h")
    slow = submit(book, "U0ERIN", "U0DANA", "Slow", "4h")
    ignored = submit(book, "U0ERIN", "U0DANA", "Ignored", "4h")
    submit(book, "U0ERIN", "U0DANA", "Still open", "4h")

    book.clock.advance(timedelta(hours=1))  # 16:00 London: one business hour later
    book.run(resolve, ref=quick, actor_id="U0DANA", resolution=Resolution.INTERESTED)
    book.clock.advance(timedelta(days=1))  # Thursday 16:00: 9.5 business hours after submitting
    book.run(resolve, ref=slow, actor_id="U0DANA", resolution=Resolution.PASSED, note="no visa")
    book.run(lambda scope: lapse(scope, get_follow_up(scope, ignored)))

    card = book.run(scorecard, user_id="U0DANA")
    assert (card.answered, card.answered_within_window, card.lapsed) == (2, 1, 1)
    assert (card.open, card.overdue) == (1, 1)
    assert card.within_window_share == pytest.approx(1 / 3)
    assert card.median_time_to_answer == timedelta(hours=5, minutes=15)


def test_a_member_with_no_history_has_an_empty_scorecard(book: LedgerBook) -> None:
    card = book.run(scorecard, user_id="U0SAM")
    assert (card.answered, card.lapsed, card.within_window_share, card.median_time_to_answer) == (
        0,
        0,
        None,
        None,
    )


def test_profiles_feed_partner_search(book: LedgerBook) -> None:
    book.run(update_profile, user_id="U0DANA", specializations="IT ,  Healthcare,")
    book.run(update_profile, user_id="U0SAM", specializations="Healthcare, Finance")
    assert [f.member.name for f in book.run(find_partners, niche="healthcare")] == [
        "Dana Importer",
        "Sam Sourcer",
    ]
    assert [f.member.name for f in book.run(find_partners, niche="it")] == ["Dana Importer"]
    assert book.run(find_partners, niche="100%") == []
    with pytest.raises(InvalidInput, match="Name a niche"):
        book.run(find_partners, niche=" ")


def test_profile_changes_are_validated_before_writing(book: LedgerBook) -> None:
    member = book.run(
        update_profile,
        user_id="U0DANA",
        working_hours="Mon-Thu 08:00-18:00",
        holiday_country="gb",
        vacation_until=date(2026, 12, 31),
    )
    assert (member.working_hours, member.holiday_country) == ("Mon-Thu 08:00-18:00", "GB")
    before = book.row_counts()
    with pytest.raises(InvalidInput, match="two-letter country code"):
        book.run(update_profile, user_id="U0DANA", holiday_country="Narnia")
    with pytest.raises(InvalidInput, match="in the past"):
        book.run(update_profile, user_id="U0DANA", vacation_until=date(2020, 1, 1))
    assert book.row_counts() == before


def test_vacation_pushes_due_times_past_it(book: LedgerBook) -> None:
    book.run(update_profile, user_id="U0DANA", vacation_until=date(2026, 11, 20))
    ref = submit(book, "U0ERIN", "U0DANA", "Jane", "4h")
    # Away through Friday: the four hours are Monday 09:00-13:00 in London.
    assert book.follow_up(ref).due_at.isoformat() == "2026-11-23T13:00:00+00:00"


def test_csv_export_lists_parties_and_outcomes(book: LedgerBook) -> None:
    ref = submit(book, "U0ERIN", "U0DANA", "Jane Doe", "1d")
    book.run(resolve, ref=ref, actor_id="U0DANA", resolution=Resolution.PASSED, note="too junior")
    out = io.StringIO()
    with book.factory() as session:
        assert write_csv(session, out) == 1
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(row) == list(COLUMNS)
    assert row["ref"] == f"F-{ref}"
    assert (row["debtor"], row["creditor"], row["candidate"]) == (
        "Dana Importer",
        "Erin Exporter",
        "Jane Doe",
    )
    assert (row["state"], row["resolution"], row["resolution_note"]) == (
        "done",
        "passed",
        "too junior",
    )
