"""Shared helpers and hypothesis strategies for the window tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from bot.windows import BusinessCalendar, Window, WindowError, WorkingHours

ZONES = (
    "UTC",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Pacific/Auckland",
)
COUNTRIES = (None, "US", "GB", "DE", "IN")


def local(zone: str, *args: int) -> datetime:
    """An aware UTC instant from a local wall time: local("America/New_York", 2026, 3, 9, 10)."""
    return datetime(*args, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def wall(at: datetime, zone: str) -> datetime:
    """The naive local wall time of an instant, for readable assertions."""
    return at.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def assert_one_line(message: str) -> None:
    """Errors are shown to users as one line."""
    assert message
    assert "\n" not in message
    assert message == message.strip()


def due_within_a_year(
    window: Window, start: datetime, calendar: BusinessCalendar
) -> datetime | None:
    """The due, or None when sparse random hours push it past the one-year limit."""
    try:
        return window.due(start, calendar)
    except WindowError as error:
        if "more than a year" not in str(error):
            raise
        return None


def _transition_days() -> list[datetime]:
    """Midnights (UTC) of the days on which any test zone changes its UTC offset in 2026-2027."""
    found: set[datetime] = set()
    for name in ZONES:
        tz = ZoneInfo(name)
        day = datetime(2026, 1, 1, tzinfo=UTC)
        while day.year < 2028:
            following = day + timedelta(days=1)
            if day.astimezone(tz).utcoffset() != following.astimezone(tz).utcoffset():
                found.add(day)
            day = following
    return sorted(found)


uniform_starts = st.datetimes(
    min_value=datetime(2026, 1, 1),
    max_value=datetime(2027, 12, 31, 23, 59),
    timezones=st.just(UTC),
)
# Uniform instants rarely land in a DST gap or fold, so half the draws go near a transition.
near_transitions = st.builds(
    lambda day, offset: day + offset,
    st.sampled_from(_transition_days()),
    st.timedeltas(timedelta(hours=-36), timedelta(hours=60)).map(
        lambda d: d - d % timedelta(minutes=5)
    ),
)
starts = uniform_starts | near_transitions
vacations = st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31))


@st.composite
def working_hours(draw: st.DrawFn, earliest: int = 0, latest: int = 24 * 60 - 15) -> WorkingHours:
    """Random working hours on a 15-minute grid between `earliest` and `latest` minutes."""
    opens = draw(st.integers(earliest, latest - 15).map(lambda m: m - m % 15))
    closes = draw(st.integers(opens + 15, latest).map(lambda m: m - m % 15))
    days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    return WorkingHours(_minute(opens), _minute(closes), days)


def _minute(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@st.composite
def calendars(
    draw: st.DrawFn, hours: st.SearchStrategy[WorkingHours] | None = None
) -> BusinessCalendar:
    """Random calendars over the test zones, countries and vacations."""
    return BusinessCalendar(
        timezone=draw(st.sampled_from(ZONES)),
        hours=draw(hours) if hours is not None else WorkingHours(),
        country=draw(st.sampled_from(COUNTRIES)),
        vacation_until=draw(vacations),
    )


clocks = st.sampled_from(("", " 5pm", " 9:30am", " 17:00", " 8am", " 11:45pm", " noon"))
weekday_names = st.sampled_from(("mon", "tuesday", "wed", "thu", "friday", "sat", "sun"))


@st.composite
def window_texts(draw: st.DrawFn, start: datetime) -> str:
    """Window text from every grammar form; ISO dates are drawn ahead of `start`."""
    form = draw(st.integers(0, 8))
    if form == 0:
        return f"{draw(st.integers(1, 40))}h"
    if form == 1:
        return f"{draw(st.integers(15, 600))} min"
    if form == 2:
        return f"{draw(st.integers(1, 25))} days"
    if form == 3:
        return f"{draw(st.integers(1, 4))}w"
    if form == 4:
        return draw(st.sampled_from(("tomorrow", "today", "eod")))
    if form == 5:
        return f"by {draw(weekday_names)}{draw(clocks)}"
    if form == 6:
        return f"by{draw(clocks.filter(bool))}"
    if form == 7:
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        return f"by {date(2000, month, day):%b} {day}{draw(clocks)}"
    ahead = start.date() + timedelta(days=draw(st.integers(2, 300)))
    clock = draw(st.sampled_from(("", "T14:00", "T09:15", " 5pm", " at 10am", " 17:30")))
    return f"{ahead.isoformat()}{clock}"
