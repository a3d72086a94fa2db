"""Vacations as people type them, and the zone a member's public holidays come from."""

from __future__ import annotations

from datetime import date

import pytest

from bot.windows import BusinessCalendar, DateOrder, WindowError
from bot.windows.countries import zone_country
from bot.windows.vacation import parse_vacation

from .support import assert_one_line

WEDNESDAY = date(2026, 11, 18)
IN_THE_HOLIDAYS = date(2026, 12, 22)


@pytest.mark.parametrize(
    ("text", "today", "first", "last"),
    [
        ("2026-12-24", WEDNESDAY, None, date(2026, 12, 24)),
        ("until jan 2", WEDNESDAY, None, date(2027, 1, 2)),
        ("till 24th dec", WEDNESDAY, None, date(2026, 12, 24)),
        ("until fri", WEDNESDAY, None, date(2026, 11, 20)),
        ("until tomorrow", WEDNESDAY, None, date(2026, 11, 19)),
        ("dec 20 to jan 2", WEDNESDAY, date(2026, 12, 20), date(2027, 1, 2)),
        ("from Dec 20 until Jan 2", WEDNESDAY, date(2026, 12, 20), date(2027, 1, 2)),
        ("dec 20-jan 2", WEDNESDAY, date(2026, 12, 20), date(2027, 1, 2)),
        ("20 dec – 2 jan", WEDNESDAY, date(2026, 12, 20), date(2027, 1, 2)),
        ("2026-12-20 - 2027-01-02", WEDNESDAY, date(2026, 12, 20), date(2027, 1, 2)),
        ("12/20 to 1/2", WEDNESDAY, date(2026, 12, 20), date(2027, 1, 2)),
        # Typed while away: the vacation under way, not next year's.
        ("dec 20 to jan 2", IN_THE_HOLIDAYS, date(2026, 12, 20), date(2027, 1, 2)),
    ],
)
def test_vacations_as_typed(text: str, today: date, first: date | None, last: date) -> None:
    assert parse_vacation(text, today=today) == (first, last)


def test_slashed_dates_follow_the_workspace_order() -> None:
    assert parse_vacation("20/12 to 2/1", today=WEDNESDAY, date_order=DateOrder.DMY) == (
        date(2026, 12, 20),
        date(2027, 1, 2),
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("whenever", 'I couldn\'t read "whenever" as a vacation'),
        ("2025-01-01", "is in the past"),
        ("2028-01-01", "more than a year away"),
        ("feb 30", "isn't a date"),
        ("2027-01-02 to 2026-12-20", "ends on or after its first day"),
    ],
)
def test_vacation_refusals(text: str, fragment: str) -> None:
    with pytest.raises(WindowError) as caught:
        parse_vacation(text, today=WEDNESDAY)
    assert fragment in str(caught.value)
    assert_one_line(str(caught.value))


def test_days_before_a_vacation_stay_working_days() -> None:
    calendar = BusinessCalendar(
        timezone="Europe/London",
        vacation_from=date(2026, 11, 25),
        vacation_until=date(2026, 11, 27),
    )
    assert calendar.is_working_day(date(2026, 11, 24))
    assert not calendar.is_working_day(date(2026, 11, 25))
    assert not calendar.is_working_day(date(2026, 11, 27))
    assert calendar.next_working_span(date(2026, 11, 25)).day == date(2026, 11, 30)
    assert calendar.next_working_span(date(2026, 11, 23)).day == date(2026, 11, 23)


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("Europe/London", "GB"),
        ("Asia/Kolkata", "IN"),
        ("Asia/Calcutta", "IN"),  # an old name, followed through its link
        ("America/New_York", "US"),
        ("US/Eastern", "US"),
        ("Europe/Berlin", "DE"),  # zone1970.tab lists DE,DK,NO,SE,SJ; zone.tab says DE
        ("Europe/Copenhagen", "DK"),
        ("Australia/Sydney", "AU"),
        ("Asia/Tokyo", "JP"),
        ("UTC", None),
        ("Etc/UTC", None),
        ("Etc/GMT+5", None),
        ("Mars/Olympus", None),
    ],
)
def test_the_country_of_a_timezone(zone: str, country: str | None) -> None:
    assert zone_country(zone) == country
