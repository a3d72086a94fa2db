"""Window.due for every grammar form, in the debtor's business time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.windows import BusinessCalendar, WindowError, WorkingHours, parse_window, until

from .support import assert_one_line, local, wall

NY = "America/New_York"
US = BusinessCalendar(NY, country="US")
# Monday 2026-11-23 10:00 in New York; Thanksgiving is Thursday the 26th.
MONDAY = local(NY, 2026, 11, 23, 10)
FRIDAY_EVENING = local(NY, 2026, 11, 27, 18)


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ("4h", MONDAY, datetime(2026, 11, 23, 14)),
        ("within 4 hours", MONDAY, datetime(2026, 11, 23, 14)),
        ("90m", MONDAY, datetime(2026, 11, 23, 11, 30)),
        ("30m", FRIDAY_EVENING, datetime(2026, 11, 30, 9, 30)),
        ("30 min", FRIDAY_EVENING, datetime(2026, 11, 30, 9)),  # elapsed, then next opening
        ("2d", MONDAY, datetime(2026, 11, 25, 10)),
        ("1 business day", local(NY, 2026, 11, 25, 10), datetime(2026, 11, 27, 10)),
        ("1w", MONDAY, datetime(2026, 12, 1, 10)),  # five working days, Thanksgiving skipped
        ("2 weeks", MONDAY, datetime(2026, 12, 8, 10)),
        ("tomorrow", MONDAY, datetime(2026, 11, 24, 17, 30)),
        ("tomorrow", local(NY, 2026, 11, 25, 8), datetime(2026, 11, 27, 17, 30)),
        ("tomorrow", FRIDAY_EVENING, datetime(2026, 11, 30, 17, 30)),
        ("today", MONDAY, datetime(2026, 11, 23, 17, 30)),
        ("eod", local(NY, 2026, 11, 23, 6), datetime(2026, 11, 23, 17, 30)),
        ("eod", local(NY, 2026, 11, 23, 17, 30), datetime(2026, 11, 24, 17, 30)),
        ("eod", FRIDAY_EVENING, datetime(2026, 11, 30, 17, 30)),
        ("by fri", MONDAY, datetime(2026, 11, 27, 17, 30)),
        ("by friday 5pm", MONDAY, datetime(2026, 11, 27, 17)),
        ("by fri 17:00", MONDAY, datetime(2026, 11, 27, 17)),
        ("by mon", MONDAY, datetime(2026, 11, 23, 17, 30)),  # today, still ahead
        ("by mon 9am", MONDAY, datetime(2026, 11, 30, 9)),  # today's has passed
        ("by monday 9:30am", MONDAY, datetime(2026, 11, 30, 9, 30)),
        ("by thu", MONDAY, datetime(2026, 11, 27, 9)),  # Thanksgiving → next opening
        ("by sat", MONDAY, datetime(2026, 11, 30, 9)),
        ("by fri 8pm", MONDAY, datetime(2026, 11, 30, 9)),  # after closing → next opening
        ("by 5pm", MONDAY, datetime(2026, 11, 23, 17)),
        ("by 5pm", local(NY, 2026, 11, 23, 17, 15), datetime(2026, 11, 24, 17)),
        ("by 8am", local(NY, 2026, 11, 23, 6), datetime(2026, 11, 23, 9)),
        ("by 5:30pm", MONDAY, datetime(2026, 11, 23, 17, 30)),  # exactly closing is kept
        ("by dec 3", MONDAY, datetime(2026, 12, 3, 17, 30)),
        ("by nov 2", MONDAY, datetime(2027, 11, 2, 17, 30)),  # next year's
        ("by dec 25", MONDAY, datetime(2026, 12, 28, 9)),  # Christmas → next opening
        ("by 2026-12-01", MONDAY, datetime(2026, 12, 1, 17, 30)),
        ("by 2026-12-01 14:00", MONDAY, datetime(2026, 12, 1, 14)),
        ("2026-12-01", MONDAY, datetime(2026, 12, 1, 17, 30)),
        ("2026-12-01T14:00", MONDAY, datetime(2026, 12, 1, 14)),
        ("2026-11-23", MONDAY, datetime(2026, 11, 23, 17, 30)),  # today, closing still ahead
    ],
)
def test_due(text: str, start: datetime, expected: datetime) -> None:
    due = parse_window(text).due(start, US)
    assert due.tzinfo is UTC
    assert wall(due, NY) == expected


def test_due_accepts_any_aware_start() -> None:
    assert parse_window("4h").due(MONDAY.astimezone(US.tz), US) == parse_window("4h").due(
        MONDAY, US
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "by 2026-11-20",
            "2026-11-20 is in the past. Pick a later date or time, e.g. 2d or by fri.",
        ),
        (
            "2026-11-23T09:00",
            "2026-11-23 9am is in the past. Pick a later date or time, e.g. 2d or by fri.",
        ),
        (
            "by 2027-12-01",
            '"by 2027-12-01" is more than a year away. Pick an earlier date.',
        ),
        (
            "by 9999-12-31 11:59pm",
            '"by 9999-12-31 11:59pm" is more than a year away. Pick an earlier date.',
        ),
        (
            "52w",
            '"52w" lands more than a year out. Pick a shorter window, e.g. 4w or by dec 1.',
        ),
        (
            "by feb 29",
            '"by feb 29" doesn\'t come round within a year. Pick another date, e.g. by dec 1.',
        ),
    ],
)
def test_due_errors(text: str, message: str) -> None:
    with pytest.raises(WindowError) as caught:
        parse_window(text).due(MONDAY, US)
    assert str(caught.value) == message
    assert_one_line(str(caught.value))


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (local(NY, 2026, 11, 24, 11, 20), datetime(2026, 11, 24, 11, 20)),  # exactly then
        (local(NY, 2026, 11, 28, 10), datetime(2026, 11, 30, 9)),  # a Saturday: next opening
        (local(NY, 2026, 11, 24, 20), datetime(2026, 11, 25, 9)),  # after hours
        (local(NY, 2026, 11, 26, 12), datetime(2026, 11, 27, 9)),  # Thanksgiving
    ],
)
def test_a_picked_instant_falls_due_then_or_at_the_next_opening(
    at: datetime, expected: datetime
) -> None:
    assert wall(until(at).due(MONDAY, US), NY) == expected
    assert until(at).due(MONDAY, US) == parse_window(until(at).text).due(MONDAY, US)


@pytest.mark.parametrize(
    ("at", "message"),
    [
        (MONDAY, "That time has passed — pick one still to come."),
        (local(NY, 2026, 11, 20, 9), "That time has passed — pick one still to come."),
        (
            local(NY, 2027, 11, 23, 10, 1),
            '"by 2027-11-23 15:01 UTC" is more than a year away. Pick an earlier date.',
        ),
    ],
)
def test_a_picked_instant_is_refused_once_passed_or_over_a_year_away(
    at: datetime, message: str
) -> None:
    with pytest.raises(WindowError) as at_once:
        until(at, now=MONDAY)
    with pytest.raises(WindowError) as when_due:
        until(at).due(MONDAY, US)
    assert str(at_once.value) == str(when_due.value) == message
    assert until(local(NY, 2027, 11, 23, 10), now=MONDAY).text == "by 2027-11-23 15:00 UTC"


def test_leap_day_within_a_year() -> None:
    due = parse_window("by feb 29").due(local(NY, 2027, 6, 1, 10), US)
    assert wall(due, NY) == datetime(2028, 2, 29, 17, 30)


def test_vacation_pushes_the_start_of_counting() -> None:
    calendar = BusinessCalendar(NY, country="US", vacation_until=date(2026, 12, 4))
    assert wall(parse_window("4h").due(MONDAY, calendar), NY) == datetime(2026, 12, 7, 13)
    assert wall(parse_window("by wed").due(MONDAY, calendar), NY) == datetime(2026, 12, 7, 9)


def test_long_vacation_does_not_trip_the_one_year_limit() -> None:
    calendar = BusinessCalendar(NY, vacation_until=date(2027, 10, 1))
    due = parse_window("4w").due(MONDAY, calendar)
    assert wall(due, NY) == datetime(2027, 11, 1, 9)  # counted from Mon 2027-10-04 09:00


def test_weeks_follow_the_calendars_working_week() -> None:
    four_day = BusinessCalendar(NY, WorkingHours.parse("Mon-Thu 08:00-18:00"))
    assert wall(parse_window("1w").due(MONDAY, four_day), NY) == datetime(2026, 11, 30, 10)
    assert wall(parse_window("tomorrow").due(MONDAY, four_day), NY) == datetime(2026, 11, 24, 18)


def test_gb_christmas_is_skipped() -> None:
    london = BusinessCalendar("Europe/London", country="GB")
    start = local("Europe/London", 2026, 12, 24, 15)
    assert wall(parse_window("1d").due(start, london), "Europe/London") == datetime(
        2026, 12, 29, 15
    )
    assert wall(parse_window("4h").due(start, london), "Europe/London") == datetime(
        2026, 12, 29, 10, 30
    )


def test_deadline_in_a_dst_gap_is_moved_forward() -> None:
    night_shift = BusinessCalendar(NY, WorkingHours.parse("Mon-Sun 00:00-06:00"))
    start = local(NY, 2026, 3, 7, 12)
    due = parse_window("by 2026-03-08 2:30am").due(start, night_shift)
    assert wall(due, NY) == datetime(2026, 3, 8, 3, 0)
