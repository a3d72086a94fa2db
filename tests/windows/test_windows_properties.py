"""Properties that must hold for any start, timezone, country, vacation and window."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.windows import BusinessCalendar, WorkingHours, parse_window
from bot.windows.zones import localize, zone

from .support import ZONES, calendars, due_within_a_year, starts, window_texts, working_hours

# Daytime hours stay clear of every DST transition in the test zones (all between 00:00 and 03:00).
daytime_hours = st.just(WorkingHours()) | working_hours(earliest=5 * 60, latest=23 * 60)
PROPERTY = settings(max_examples=250, deadline=None)


@PROPERTY
@given(starts, calendars(hours=st.just(WorkingHours()) | working_hours()), st.data())
def test_due_is_never_in_non_working_time(
    start: datetime, calendar: BusinessCalendar, data: st.DataObject
) -> None:
    due = due_within_a_year(parse_window(data.draw(window_texts(start))), start, calendar)
    if due is None:
        return
    assert due.tzinfo is UTC
    assert calendar.is_valid_due(due)
    assert due > start


@PROPERTY
@given(
    starts,
    calendars(hours=st.just(WorkingHours()) | working_hours()),
    st.sampled_from(("h", "m", "d", "w")),
    st.integers(1, 20),
    st.integers(0, 20),
)
def test_monotone_in_window(
    start: datetime, calendar: BusinessCalendar, unit: str, n: int, extra: int
) -> None:
    scale = 15 if unit == "m" else 1
    shorter = due_within_a_year(parse_window(f"{n * scale}{unit}"), start, calendar)
    longer = due_within_a_year(parse_window(f"{(n + extra) * scale}{unit}"), start, calendar)
    if shorter is not None and longer is not None:
        assert shorter <= longer


@PROPERTY
@given(
    starts,
    st.timedeltas(timedelta(0), timedelta(days=20)),
    calendars(hours=st.just(WorkingHours()) | working_hours()),
    st.sampled_from(
        ("4h", "45m", "1d", "3d", "1w", "tomorrow", "eod", "by fri", "by 5pm", "by mon 9am")
    ),
)
def test_monotone_in_start(
    start: datetime, later_by: timedelta, calendar: BusinessCalendar, text: str
) -> None:
    window = parse_window(text)
    assert window.due(start, calendar) <= window.due(start + later_by, calendar)


@PROPERTY
@given(starts, calendars(hours=daytime_hours), st.integers(1, 30))
def test_business_days_keep_local_wall_clock(
    start: datetime, calendar: BusinessCalendar, days: int
) -> None:
    due = parse_window(f"{days}d").due(start, calendar)
    anchor = calendar.next_working_instant(start)
    assert due.tzinfo is UTC
    assert due.astimezone(calendar.tz).time() == anchor.astimezone(calendar.tz).time()
    assert calendar.is_working_day(due.astimezone(calendar.tz).date())


@PROPERTY
@given(starts, calendars(hours=st.just(WorkingHours()) | working_hours()), st.integers(1, 4000))
def test_business_time_between_inverts_add_business_time(
    start: datetime, calendar: BusinessCalendar, minutes: int
) -> None:
    delta = timedelta(minutes=minutes)
    due = calendar.add_business_time(start, delta)
    assert calendar.business_time_between(start, due) == delta


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    st.times(),
    st.times(),
)
def test_local_wall_time_maps_monotonically(name: str, day: date, a: time, b: time) -> None:
    tz = zone(name)
    earlier, later = sorted((a, b))
    assert localize(day, earlier, tz) <= localize(day, later, tz)
    assert localize(day, earlier, tz).tzinfo is UTC


@settings(max_examples=200, deadline=None)
@given(working_hours())
def test_working_hours_round_trip(hours: WorkingHours) -> None:
    assert WorkingHours.parse(str(hours)) == hours
