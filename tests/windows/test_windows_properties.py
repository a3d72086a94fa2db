"""Properties that must hold for any start, timezone, country, vacation and window."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.windows import (
    BusinessCalendar,
    DateOrder,
    Window,
    WindowError,
    WindowKind,
    WorkingHours,
    parse_window,
)
from bot.windows.calendar import ONE_DAY
from bot.windows.deadline import ordinal
from bot.windows.zones import localize, zone

from .support import (
    ZONES,
    assert_one_line,
    calendars,
    due_within_a_year,
    starts,
    window_texts,
    working_hours,
)

# Daytime hours stay clear of every DST transition in the test zones (all between 00:00 and 03:00).
daytime_hours = st.just(WorkingHours()) | working_hours(earliest=5 * 60, latest=23 * 60)
PROPERTY = settings(max_examples=250, deadline=None)
_CLOCK_DAY = 24  # abbreviated hours from here on are clock hours


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
    if unit == "h" and n < 24 <= n + extra:
        return  # "23h" is working time, "24h" a clock day: see the next property
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


# Words recruiters' windows are made of, to build phrases the grammar may or may not accept.
VOCABULARY = (
    "by",
    "within",
    "in",
    "next",
    "this",
    "the",
    "end",
    "of",
    "day",
    "week",
    "month",
    "tomorrow",
    "today",
    "eod",
    "eow",
    "eom",
    "mon",
    "monday",
    "fri",
    "morning",
    "afternoon",
    "noon",
    "at",
    "5pm",
    "10am",
    "17:00",
    "a",
    "an",
    "couple",
    "two",
    "twelve",
    "4",
    "48",
    "90",
    "h",
    "m",
    "d",
    "w",
    "hours",
    "hrs",
    "minutes",
    "days",
    "weeks",
    "business",
    "working",
    "12/04",
    "13/04",
    "4/31",
    "12-04",
    "dec",
    "3",
    "2026-12-01",
    "asap",
    "soon",
    "first",
    "thing",
    "lunch",
    "lunchtime",
    "tonight",
    "4th",
    "am",
    "pm",
    "5:30",
    "3.30pm",
    "fortnight",
    "biz",
    "eop",
    "tmw",
    "weekend",
    "before",
)
RELATIVE = (
    "4h",
    "48 hours",
    "90 minutes",
    "2d",
    "1w",
    "tomorrow",
    "tomorrow 10am",
    "tomorrow morning",
    "eod",
    "next week",
    "next mon",
    "next fri 4pm",
    "eom",
    "by monday morning",
    "first thing tomorrow",
    "first thing mon",
    "by lunch",
    "tmrw am",
    "by the 4th",
    "48h",
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=5), st.sampled_from(DateOrder))
def test_any_accepted_phrase_round_trips(words: list[str], order: DateOrder) -> None:
    text = " ".join(words)
    try:
        window = parse_window(text, date_order=order)
    except WindowError as error:
        assert_one_line(str(error))
        return
    assert parse_window(text, date_order=order) == window  # deterministic
    for other in DateOrder:
        assert parse_window(window.text, date_order=other) == window
    assert parse_window(window.text.upper()) == window


@PROPERTY
@given(starts, calendars(hours=st.just(WorkingHours()) | working_hours()), st.data())
def test_accepted_phrases_round_trip_and_fall_due_in_working_time(
    start: datetime, calendar: BusinessCalendar, data: st.DataObject
) -> None:
    text = data.draw(window_texts(start))
    window = parse_window(text)
    assert parse_window(text) == window
    assert parse_window(window.text) == window
    assert parse_window(window.text, date_order=DateOrder.DMY) == window
    due = due_within_a_year(window, start, calendar)
    if due is not None:
        assert calendar.is_valid_due(due)
        assert due > start


@settings(max_examples=200, deadline=None)
@given(
    starts,
    st.timedeltas(timedelta(0), timedelta(days=20)),
    calendars(hours=st.just(WorkingHours()) | working_hours()),
    st.sampled_from(RELATIVE),
)
def test_new_relative_windows_are_monotone_in_start(
    start: datetime, later_by: timedelta, calendar: BusinessCalendar, text: str
) -> None:
    window = parse_window(text)
    earlier = due_within_a_year(window, start, calendar)
    later = due_within_a_year(window, start + later_by, calendar)
    if earlier is not None and later is not None:
        assert earlier <= later


@PROPERTY
@given(starts, st.timedeltas(timedelta(0), timedelta(days=20)), calendars())
def test_end_of_week_is_monotone_while_the_week_lasts(
    start: datetime, later_by: timedelta, calendar: BusinessCalendar
) -> None:
    eow = parse_window("eow")
    earlier = due_within_a_year(eow, start, calendar)
    later = due_within_a_year(eow, start + later_by, calendar)
    if earlier is not None and later is not None:
        assert earlier <= later
    if earlier is None and later_by < timedelta(days=1):
        # Refused once the week's working time is over; never accepted again the same week.
        week = calendar.week_of(start.astimezone(calendar.tz).date())
        if calendar.week_of((start + later_by).astimezone(calendar.tz).date()) == week:
            assert later is None


@PROPERTY
@given(
    starts,
    calendars(hours=st.just(WorkingHours()) | working_hours()),
    st.integers(1, 24 * 14),
)
def test_elapsed_hours_end_at_the_first_valid_due_after_the_wall_clock(
    start: datetime, calendar: BusinessCalendar, hours: int
) -> None:
    due = due_within_a_year(parse_window(f"{hours} hours"), start, calendar)
    if due is None:
        return
    elapsed = start + timedelta(hours=hours)
    assert due >= elapsed
    assert calendar.business_time_between(elapsed, due) == timedelta(0)
    assert calendar.is_valid_due(due)


@PROPERTY
@given(starts, calendars())
def test_week_ends_fall_in_the_right_week(start: datetime, calendar: BusinessCalendar) -> None:
    today = start.astimezone(calendar.tz).date()
    this_week = calendar.week_of(today)
    next_week = parse_window("next week").due(start, calendar)
    # Closing on a working day of next week, or (no working day there) an opening after it.
    assert calendar.week_of(next_week.astimezone(calendar.tz).date()) >= this_week + 7 * ONE_DAY
    eow = due_within_a_year(parse_window("eow"), start, calendar)
    if eow is not None:
        assert calendar.week_of(eow.astimezone(calendar.tz).date()) == this_week
        assert eow > start


@settings(max_examples=100, deadline=None)
@given(st.integers(_CLOCK_DAY, 366 * 24))
def test_abbreviated_hours_of_a_day_or_more_are_clock_hours(hours: int) -> None:
    assert parse_window(f"{hours}h") == parse_window(f"{hours} hours")
    assert parse_window(f"{hours} business hours").kind is WindowKind.DURATION
    assert parse_window(parse_window(f"{hours} working hours").text).amount == hours * 60


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(("by ", "by fri ", "tomorrow at ")))
def test_a_clock_without_am_or_pm_is_afternoon_from_1_to_7(
    hour: int, minute: int, lead: str
) -> None:
    clock = parse_window(f"{lead}{hour}:{minute:02d}")
    expected = hour + 12 if 1 <= hour <= 7 else hour
    assert _clock_of(clock) == time(expected, minute)
    # A leading zero is a 24-hour time: "07:30" is 7:30 in the morning.
    assert _clock_of(parse_window(f"{lead}{hour:02d}:{minute:02d}")) == time(hour, minute)
    if 1 <= hour <= 12:
        assert _clock_of(parse_window(f"{lead}{hour}")) == time(expected)
        half = "pm" if expected >= 12 else "am"
        assert parse_window(f"{lead}{hour}:{minute:02d}{half}") == clock


def _clock_of(window: Window) -> time | None:
    return window.clock if window.deadline is None else window.deadline.clock


@PROPERTY
@given(
    starts,
    calendars(hours=st.just(WorkingHours()) | working_hours()),
    st.sampled_from(
        ("first thing", "first thing tomorrow", "first thing mon", "fri first thing", "tmrw")
    ),
)
def test_first_thing_is_an_opening(start: datetime, calendar: BusinessCalendar, text: str) -> None:
    due = due_within_a_year(parse_window(text), start, calendar)
    if due is None:
        return
    assert due > start
    span = calendar.working_span(due.astimezone(calendar.tz).date())
    assert span is not None
    if text != "tmrw":
        assert due == span.opens
    if "tomorrow" in text or text == "tmrw":
        # The next working day's opening or closing: never today, never a later working day.
        today = start.astimezone(calendar.tz).date()
        assert span.day > today
        assert calendar.next_working_span(today + ONE_DAY).day == span.day


@PROPERTY
@given(starts, calendars(), st.integers(1, 31), st.sampled_from(("", " 3pm", " first thing")))
def test_the_nth_is_the_next_such_day_of_a_month(
    start: datetime, calendar: BusinessCalendar, day: int, clock: str
) -> None:
    window = parse_window(f"by the {ordinal(day)}{clock}")
    assert window.deadline is not None
    requested = window.deadline.requested(start, calendar)
    assert requested > start
    asked = requested.astimezone(calendar.tz).date()
    assert asked.day == day
    # No earlier day numbered `day` lies between today and the one asked for.
    today = start.astimezone(calendar.tz).date()
    assert (asked - today).days <= 62
    due = due_within_a_year(window, start, calendar)
    if due is not None:
        assert due >= requested
        assert calendar.is_valid_due(due)
