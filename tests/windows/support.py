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
    """The due, or None when sparse random hours push it past the one-year limit, or when "eow"
    is asked for once the week's working time is over (refused rather than guessed)."""
    try:
        return window.due(start, calendar)
    except WindowError as error:
        if "more than a year" not in str(error) and "no working time left this week" not in str(
            error
        ):
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
# Times of day, including parts of the day: morning is noon, afternoon and eod are closing time.
day_times = clocks | st.sampled_from(
    (
        " morning",
        " afternoon",
        " eod",
        " at 10am",
        " at noon",
        " am",
        " pm",
        " at 3",
        " 5:30",
        " 9",
        " 3.30pm",
        " lunchtime",
        " first thing",
    )
)
number_words = st.sampled_from(("a", "an", "one", "two", "three", "twelve", "a couple of"))
# Phrases recruiters write that need no numbers drawn.
PHRASES = (
    "eod",
    "end of day",
    "eod today",
    "by end of the day",
    "cob",
    "eod tomorrow",
    "by eod tomorrow",
    "tomorrow eod",
    "end of day tomorrow",
    "tomorrow morning",
    "tomorrow afternoon",
    "tomorrow noon",
    "noon tomorrow",
    "next week",
    "by next week",
    "end of next week",
    "eow",
    "by eow",
    "end of week",
    "by end of the week",
    "eom",
    "end of month",
    "by the end of the month",
    "within a week",
    "a day",
    "an hour",
    "half an hour",
    "a couple of days",
    "within the next 48 hours",
    "eop",
    "end of play",
    "close of business",
    "tonight",
    "by lunch",
    "lunchtime",
    "tomorrow lunchtime",
    "tmrw am",
    "tmw",
    "tomoz pm",
    "first thing",
    "first thing tomorrow",
    "first thing monday",
    "by 9 monday",
    "by 5",
    "at 3",
    "by the 4th",
    "the 31st",
    "the 29th at 2",
    "in a fortnight",
    "this week",
    "before the weekend",
    "within the hour",
    "within 2 biz days",
    "48h",
    "30 business hours",
)


@st.composite
def window_texts(draw: st.DrawFn, start: datetime) -> str:
    """Window text from every grammar form; dates with a year are drawn ahead of `start`."""
    form = draw(st.integers(0, 15))
    if form == 15:
        ahead = start + timedelta(
            days=draw(st.integers(1, 300)), minutes=draw(st.integers(0, 1439))
        )
        shape = draw(
            st.sampled_from(("%Y-%m-%d %H:%M UTC", "%Y-%m-%dT%H:%MZ", "%Y-%m-%d %H:%M:%Sutc"))
        )
        return f"{draw(st.sampled_from(('', 'by ')))}{ahead.strftime(shape)}"
    if form == 9:
        return draw(st.sampled_from(PHRASES))
    if form == 10:
        unit = draw(st.sampled_from(("hours", "hrs", "hour", "minutes", "mins")))
        low = 15 if unit.startswith("m") else 1
        amount = draw(st.integers(low, 40 * (15 if low == 15 else 1)))
        return f"{draw(st.sampled_from(('', 'within ', 'in ')))}{amount} {unit}"
    if form == 11:
        unit = draw(st.sampled_from(("days", "business days", "weeks", "hours", "working hours")))
        return f"{draw(number_words)} {unit}"
    if form == 12:
        return f"{draw(st.sampled_from(('tomorrow', 'by tomorrow')))}{draw(day_times)}"
    if form == 13:
        which = draw(st.sampled_from(("", "next ", "this ", "by ", "by next ")))
        return f"{which}{draw(weekday_names)}{draw(day_times)}"
    if form == 14:
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        if draw(st.booleans()):
            return f"by {month}/{day}{draw(clocks)}"
        ahead = start.date() + timedelta(days=draw(st.integers(2, 300)))
        return f"{ahead:%m/%d/%Y}{draw(clocks)}"
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
