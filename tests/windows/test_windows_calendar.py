"""BusinessCalendar: working days, holidays, vacation, custom hours and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.windows import BusinessCalendar, WindowError, WorkingHours

from .support import assert_one_line, local, wall

NY = "America/New_York"
LONDON = "Europe/London"
US = BusinessCalendar(NY, country="US")
HOUR = timedelta(hours=1)


def test_defaults() -> None:
    calendar = BusinessCalendar()
    assert calendar.timezone == "UTC"
    assert calendar.hours == WorkingHours()
    assert calendar.is_working_time(datetime(2026, 6, 1, 9, tzinfo=UTC))


@pytest.mark.parametrize("name", ["Mars/Olympus", "utc", "", "America", "../etc/passwd"])
def test_unknown_timezone(name: str) -> None:
    with pytest.raises(WindowError, match="I don't know the timezone") as caught:
        BusinessCalendar(name)
    assert_one_line(str(caught.value))


def test_unknown_country() -> None:
    with pytest.raises(WindowError, match='public holidays for "XX"') as caught:
        BusinessCalendar(country="XX")
    assert_one_line(str(caught.value))


def test_country_is_normalised() -> None:
    assert BusinessCalendar(NY, country=" us ") == US
    assert BusinessCalendar(NY, country="us").country == "US"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        US.is_working_time(datetime(2026, 6, 1, 12))


@pytest.mark.parametrize(
    ("calendar", "day", "working"),
    [
        (US, date(2026, 11, 25), True),
        (US, date(2026, 11, 26), False),  # Thanksgiving
        (US, date(2026, 11, 28), False),  # Saturday
        (US, date(2026, 7, 3), False),  # Independence Day observed
        (BusinessCalendar(LONDON, country="GB"), date(2026, 12, 25), False),
        (BusinessCalendar(LONDON, country="GB"), date(2026, 12, 28), False),  # Boxing Day observed
        (BusinessCalendar(LONDON, country="GB"), date(2026, 12, 29), True),
        (BusinessCalendar(LONDON), date(2026, 12, 25), True),  # no country, no holidays
        (BusinessCalendar(country="DE"), date(2026, 4, 6), False),  # Easter Monday
        (BusinessCalendar(vacation_until=date(2026, 6, 3)), date(2026, 6, 3), False),
        (BusinessCalendar(vacation_until=date(2026, 6, 3)), date(2026, 6, 4), True),
    ],
)
def test_is_working_day(calendar: BusinessCalendar, day: date, working: bool) -> None:
    assert calendar.is_working_day(day) is working


@pytest.mark.parametrize(
    ("at", "working"),
    [
        (local(NY, 2026, 11, 23, 8, 59), False),
        (local(NY, 2026, 11, 23, 9, 0), True),
        (local(NY, 2026, 11, 23, 17, 29, 59), True),
        (local(NY, 2026, 11, 23, 17, 30), False),  # closing is the boundary, not working time
        (local(NY, 2026, 11, 26, 12, 0), False),
        (datetime(2026, 11, 23, 20, 0, tzinfo=timezone(timedelta(hours=5))), True),
    ],
)
def test_is_working_time(at: datetime, working: bool) -> None:
    assert US.is_working_time(at) is working


def test_closing_instant_is_a_valid_due() -> None:
    assert US.is_valid_due(local(NY, 2026, 11, 23, 17, 30))
    assert not US.is_valid_due(local(NY, 2026, 11, 23, 17, 31))
    assert not US.is_valid_due(local(NY, 2026, 11, 26, 17, 30))


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (local(NY, 2026, 11, 23, 10, 15), datetime(2026, 11, 23, 10, 15)),
        (local(NY, 2026, 11, 23, 7, 0), datetime(2026, 11, 23, 9, 0)),
        (local(NY, 2026, 11, 23, 17, 30), datetime(2026, 11, 24, 9, 0)),
        (local(NY, 2026, 11, 25, 18, 0), datetime(2026, 11, 27, 9, 0)),  # skips Thanksgiving
        (local(NY, 2026, 11, 27, 17, 45), datetime(2026, 11, 30, 9, 0)),  # skips the weekend
    ],
)
def test_next_working_instant(at: datetime, expected: datetime) -> None:
    result = US.next_working_instant(at)
    assert result.tzinfo is UTC
    assert wall(result, NY) == expected


def test_next_working_instant_skips_vacation() -> None:
    calendar = BusinessCalendar(NY, country="US", vacation_until=date(2026, 11, 30))
    assert wall(calendar.next_working_instant(local(NY, 2026, 11, 23, 10)), NY) == datetime(
        2026, 12, 1, 9
    )


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (local(NY, 2026, 11, 23, 10), 4, datetime(2026, 11, 23, 14)),
        (local(NY, 2026, 11, 23, 13, 30), 4, datetime(2026, 11, 23, 17, 30)),  # ends at closing
        (local(NY, 2026, 11, 23, 15), 4, datetime(2026, 11, 24, 10, 30)),
        (local(NY, 2026, 11, 25, 15), 4, datetime(2026, 11, 27, 10, 30)),  # over Thanksgiving
        (local(NY, 2026, 11, 28, 11), 4, datetime(2026, 11, 30, 13)),  # from Saturday
        (local(NY, 2026, 11, 23, 6), 17, datetime(2026, 11, 24, 17, 30)),
    ],
)
def test_add_business_time(start: datetime, hours: int, expected: datetime) -> None:
    assert wall(US.add_business_time(start, hours * HOUR), NY) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (local(NY, 2026, 6, 1, 10), 2, datetime(2026, 6, 3, 10)),  # Mon → Wed
        (local(NY, 2026, 6, 5, 16), 2, datetime(2026, 6, 9, 16)),  # Fri → Tue
        (local(NY, 2026, 6, 6, 11), 2, datetime(2026, 6, 10, 9)),  # Sat → Mon 09:00 → Wed
        (local(NY, 2026, 11, 25, 11), 1, datetime(2026, 11, 27, 11)),  # over Thanksgiving
        (local(NY, 2026, 11, 23, 17, 30), 1, datetime(2026, 11, 25, 9)),  # from closing
    ],
)
def test_add_business_days(start: datetime, days: int, expected: datetime) -> None:
    assert wall(US.add_business_days(start, days), NY) == expected


def test_negative_amounts_are_refused() -> None:
    start = local(NY, 2026, 6, 1, 10)
    with pytest.raises(ValueError, match="negative"):
        US.add_business_time(start, -HOUR)
    with pytest.raises(ValueError, match="negative"):
        US.add_business_days(start, -1)


def test_custom_hours_and_days() -> None:
    dubai = BusinessCalendar("Asia/Dubai", WorkingHours.parse("Sun-Thu 08:00-17:00"))
    thursday = local("Asia/Dubai", 2026, 6, 4, 15)
    assert not dubai.is_working_day(date(2026, 6, 5))  # Friday
    assert dubai.is_working_day(date(2026, 6, 7))  # Sunday
    assert wall(dubai.add_business_time(thursday, 3 * HOUR), "Asia/Dubai") == datetime(
        2026, 6, 7, 9
    )
    assert wall(dubai.add_business_days(thursday, 1), "Asia/Dubai") == datetime(2026, 6, 7, 15)


def test_business_time_between() -> None:
    monday = local(NY, 2026, 11, 23, 10)
    assert US.business_time_between(monday, local(NY, 2026, 11, 23, 12)) == 2 * HOUR
    # Mon 10:00 → Fri 10:00 skips Thanksgiving: 7.5 + 8.5 + 8.5 + 1 hours.
    assert US.business_time_between(monday, local(NY, 2026, 11, 27, 10)) == 25.5 * HOUR
    assert US.business_time_between(local(NY, 2026, 11, 27, 10), monday) == timedelta(0)
    assert US.business_time_between(monday, monday) == timedelta(0)


def test_end_of_day_and_next_working_day() -> None:
    assert wall(US.end_of_day(local(NY, 2026, 11, 23, 7)), NY) == datetime(2026, 11, 23, 17, 30)
    assert wall(US.end_of_day(local(NY, 2026, 11, 25, 18)), NY) == datetime(2026, 11, 27, 17, 30)
    assert wall(US.end_of_next_working_day(local(NY, 2026, 11, 25, 7)), NY) == datetime(
        2026, 11, 27, 17, 30
    )


@pytest.mark.parametrize("until", [date(9999, 12, 30), date.max])
def test_vacation_without_end_in_sight(until: date) -> None:
    calendar = BusinessCalendar(vacation_until=until)
    with pytest.raises(WindowError) as caught:
        calendar.next_working_instant(datetime(2026, 6, 1, 12, tzinfo=UTC))
    assert str(caught.value) == (
        "There's no working time from 2026-06-02 on. Check the working hours and vacation."
    )


class TestDaylightSaving:
    """Wall-clock arithmetic happens in the debtor's zone across the 2026 transitions."""

    @pytest.mark.parametrize(
        ("zone", "friday", "monday"),
        [
            (NY, date(2026, 3, 6), date(2026, 3, 9)),
            (NY, date(2026, 10, 30), date(2026, 11, 2)),
            (LONDON, date(2026, 3, 27), date(2026, 3, 30)),
        ],
    )
    def test_business_day_keeps_wall_clock(self, zone: str, friday: date, monday: date) -> None:
        calendar = BusinessCalendar(zone)
        start = local(zone, friday.year, friday.month, friday.day, 10)
        due = calendar.add_business_days(start, 1)
        assert wall(due, zone) == datetime(monday.year, monday.month, monday.day, 10)
        assert due - start != 3 * 24 * HOUR  # the UTC offset changed over the weekend

    def test_business_time_across_spring_forward(self) -> None:
        calendar = BusinessCalendar(NY)
        due = calendar.add_business_time(local(NY, 2026, 3, 6, 16), 4 * HOUR)
        assert wall(due, NY) == datetime(2026, 3, 9, 11, 30)
        assert due.utcoffset() == timedelta(0)

    @pytest.mark.parametrize(
        ("zone", "day", "worked"),
        [
            (NY, date(2026, 3, 8), 5 * HOUR),  # 02:00-03:00 never happens
            (NY, date(2026, 11, 1), 7 * HOUR),  # 01:00-02:00 happens twice
            (LONDON, date(2026, 3, 29), 5 * HOUR),
        ],
    )
    def test_hours_spanning_a_transition(self, zone: str, day: date, worked: timedelta) -> None:
        calendar = BusinessCalendar(zone, WorkingHours.parse("Mon-Sun 00:00-06:00"))
        start = local(zone, day.year, day.month, day.day, 0)
        assert calendar.business_time_between(start, start + 12 * HOUR) == worked

    def test_opening_inside_a_gap_moves_to_the_end_of_the_gap(self) -> None:
        calendar = BusinessCalendar(NY, WorkingHours.parse("Mon-Sun 02:30-09:00"))
        opening = calendar.next_working_instant(local(NY, 2026, 3, 8, 0))
        assert wall(opening, NY) == datetime(2026, 3, 8, 3, 0)

    def test_hours_vanishing_in_a_gap_make_no_working_day(self) -> None:
        calendar = BusinessCalendar(NY, WorkingHours.parse("Mon-Sun 02:00-02:45"))
        opening = calendar.next_working_instant(local(NY, 2026, 3, 8, 0))
        assert wall(opening, NY) == datetime(2026, 3, 9, 2, 0)

    def test_business_days_from_the_repeated_hour_stay_in_order(self) -> None:
        calendar = BusinessCalendar(NY, WorkingHours.parse("Mon-Sun 01:00-03:00"))
        first_pass = datetime(2026, 11, 1, 5, 45, tzinfo=UTC)  # 01:45 EDT
        second_pass = datetime(2026, 11, 1, 6, 15, tzinfo=UTC)  # 01:15 EST, half an hour later
        assert wall(calendar.add_business_days(first_pass, 1), NY) == datetime(2026, 11, 2, 1, 45)
        # The repeat of 01:00-02:00 reads as 02:00, so a later start never falls due earlier.
        assert wall(calendar.add_business_days(second_pass, 1), NY) == datetime(2026, 11, 2, 2)

    def test_ambiguous_opening_takes_the_earlier_instant(self) -> None:
        calendar = BusinessCalendar(NY, WorkingHours.parse("Mon-Sun 01:30-09:00"))
        opening = calendar.next_working_instant(local(NY, 2026, 11, 1, 0))
        assert opening == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT, not EST


class TestWeekAndMonthEnds:
    """Working weeks start after the days off; week and month ends are closing instants."""

    DUBAI = BusinessCalendar("Asia/Dubai", WorkingHours.parse("Sun-Thu 08:00-17:00"))

    @pytest.mark.parametrize(
        ("hours", "first"),
        [
            ("Mon-Fri 09:00-17:30", 0),
            ("Sun-Thu 08:00-17:00", 6),
            ("Mon-Sun 09:00-17:00", 0),
            ("Tue-Sat 09:00-17:00", 1),
            ("Mon,Wed,Fri 09:00-17:00", 0),
        ],
    )
    def test_week_starts_after_the_days_off(self, hours: str, first: int) -> None:
        assert BusinessCalendar(hours=WorkingHours.parse(hours)).week_starts_on == first

    def test_week_of(self) -> None:
        assert US.week_of(date(2026, 11, 29)) == date(2026, 11, 23)  # Sunday: the week just ending
        assert self.DUBAI.week_of(date(2026, 11, 29)) == date(2026, 11, 29)  # Sunday: a new week
        assert self.DUBAI.week_of(date(2026, 11, 28)) == date(2026, 11, 22)

    def test_end_of_week(self) -> None:
        assert wall(US.end_of_week(local(NY, 2026, 11, 23, 10)), NY) == datetime(
            2026, 11, 27, 17, 30
        )
        assert US.end_of_week(local(NY, 2026, 11, 27, 17, 30)) is None  # Friday's closing passed
        assert US.end_of_week(local(NY, 2026, 11, 28, 10)) is None  # Saturday
        dubai = wall(self.DUBAI.end_of_week(local("Asia/Dubai", 2026, 11, 30, 10)), "Asia/Dubai")
        assert dubai == datetime(2026, 12, 3, 17)  # Thursday

    def test_end_of_week_skips_a_holiday_friday(self) -> None:
        london = BusinessCalendar(LONDON, country="GB")
        due = london.end_of_week(local(LONDON, 2026, 3, 30, 10))  # Good Friday is 2026-04-03
        assert due is not None
        assert wall(due, LONDON) == datetime(2026, 4, 2, 17, 30)

    def test_end_of_next_week(self) -> None:
        assert wall(US.end_of_next_week(local(NY, 2026, 11, 19, 10)), NY) == datetime(
            2026, 11, 27, 17, 30
        )
        away = BusinessCalendar(NY, country="US", vacation_until=date(2026, 12, 6))
        # Next week is all vacation: the first opening after it.
        assert wall(away.end_of_next_week(local(NY, 2026, 11, 25, 10)), NY) == datetime(
            2026, 12, 7, 9
        )

    def test_end_of_month(self) -> None:
        assert wall(US.end_of_month(local(NY, 2026, 11, 2, 10)), NY) == datetime(
            2026, 11, 30, 17, 30
        )
        # October 2026 ends on a Saturday.
        assert wall(US.end_of_month(local(NY, 2026, 10, 5, 10)), NY) == datetime(
            2026, 10, 30, 17, 30
        )
        # Passed: next month's, across the year end.
        assert wall(US.end_of_month(local(NY, 2026, 12, 31, 18)), NY) == datetime(
            2027, 1, 29, 17, 30
        )
