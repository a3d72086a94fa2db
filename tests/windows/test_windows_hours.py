"""WorkingHours parsing, formatting and validation."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.windows import WindowError, WorkingHours

from .support import assert_one_line, working_hours

WEEK = frozenset({0, 1, 2, 3, 4})


@pytest.mark.parametrize(
    ("text", "start", "end", "days"),
    [
        ("09:00-17:30", time(9), time(17, 30), WEEK),
        ("8:30-16", time(8, 30), time(16), WEEK),
        ("Mon-Thu 08:00-18:00", time(8), time(18), frozenset({0, 1, 2, 3})),
        ("  mon-thu   08:00 - 18:00 ", time(8), time(18), frozenset({0, 1, 2, 3})),
        ("9am-5:30pm", time(9), time(17, 30), WEEK),
        ("Sun-Thu 08:00-17:00", time(8), time(17), frozenset({6, 0, 1, 2, 3})),
        ("Mon,Wed,Fri 10:00 to 14:00", time(10), time(14), frozenset({0, 2, 4})),
        ("Saturday 10-12", time(10), time(12), frozenset({5})),
        ("Mon–Fri 07:45–15:15", time(7, 45), time(15, 15), WEEK),
    ],
)
def test_parse(text: str, start: time, end: time, days: frozenset[int]) -> None:
    assert WorkingHours.parse(text) == WorkingHours(start, end, days)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("9-5", "Mon-Fri 09:00-17:00"),
        ("9 to 5", "Mon-Fri 09:00-17:00"),
        ("9am-5:30pm", "Mon-Fri 09:00-17:30"),
        ("9-5pm", "Mon-Fri 09:00-17:00"),
        ("9:30-17", "Mon-Fri 09:30-17:00"),
        ("8.30-16.30", "Mon-Fri 08:30-16:30"),
        ("8.30-4.30", "Mon-Fri 08:30-16:30"),
        ("Mon-Thu 8-6", "Mon-Thu 08:00-18:00"),
        ("12-8", "Mon-Fri 12:00-20:00"),
        ("9-9", "Mon-Fri 09:00-21:00"),
        ("7-11", "Mon-Fri 07:00-11:00"),
    ],
)
def test_hours_as_people_type_them(text: str, shown: str) -> None:
    """Neither side says am/pm and the end is not after the start: the end is in the afternoon."""
    assert str(WorkingHours.parse(text)) == shown


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 11), st.integers(1, 11), st.sampled_from(["", ":15", ":30", ".30", ".45"]))
def test_a_bare_end_hour_not_after_the_start_is_pm(start: int, end: int, minutes: str) -> None:
    hours = WorkingHours.parse(f"{start}{minutes}-{end}")
    start_at = time(start, int(minutes[1:] or 0))
    expected_end = time(end) if time(end) > start_at else time(end + 12)
    assert (hours.start, hours.end) == (start_at, expected_end)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 23), st.integers(0, 23))
def test_twenty_four_hour_spans_read_as_written(start: int, end: int) -> None:
    """With a 24-hour end (12 or later) there is nothing to guess: it parses as written or not."""
    text = f"{start:02d}:00-{max(end, 12):02d}:00"
    if max(end, 12) > start:
        assert WorkingHours.parse(text) == WorkingHours(time(start), time(max(end, 12)))
    else:
        with pytest.raises(WindowError, match="must end after they start"):
            WorkingHours.parse(text)


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        (WorkingHours(), "Mon-Fri 09:00-17:30"),
        (WorkingHours(time(8), time(18), frozenset({0, 1, 2, 3})), "Mon-Thu 08:00-18:00"),
        (WorkingHours(days=frozenset({6, 0, 1, 2, 3})), "Sun-Thu 09:00-17:30"),
        (WorkingHours(days=frozenset({0, 2, 4})), "Mon,Wed,Fri 09:00-17:30"),
        (WorkingHours(days=frozenset({5, 6, 0, 3})), "Thu,Sat-Mon 09:00-17:30"),
        (WorkingHours(days=frozenset(range(7))), "Mon-Sun 09:00-17:30"),
    ],
)
def test_str(hours: WorkingHours, text: str) -> None:
    assert str(hours) == text
    assert WorkingHours.parse(text) == hours


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("whenever", 'I couldn\'t read "whenever" as working hours'),
        ("Mon-Fri", "as working hours"),
        ("17:00-09:00", "must end after they start (got 17:00-09:00)"),
        ("9am-9am", "must end after they start"),
        ("17-5", "must end after they start (got 17:00-05:00)"),
        ("17:00-9:00", "must end after they start (got 17:00-09:00)"),
        ("09:00-05:00", "must end after they start (got 09:00-05:00)"),
        ("9pm-5", "must end after they start (got 21:00-05:00)"),
        ("8.5-16", "as working hours"),
        ("Funday 09:00-17:00", "I couldn't read the days"),
        ("Mon-Tue-Wed 09:00-17:00", "I couldn't read the days"),
        ("09:00-25:00", '"25:00" isn\'t a time of day'),
        ("09:75-17:00", "isn't a time of day"),
        ("13pm-14pm", "isn't a time of day"),
    ],
)
def test_parse_errors(text: str, fragment: str) -> None:
    with pytest.raises(WindowError) as caught:
        WorkingHours.parse(text)
    assert fragment in str(caught.value)
    assert_one_line(str(caught.value))


def test_constructor_validates() -> None:
    with pytest.raises(WindowError, match="at least one weekday"):
        WorkingHours(days=frozenset())
    with pytest.raises(WindowError, match="at least one weekday"):
        WorkingHours(days=frozenset({7}))
    with pytest.raises(WindowError, match="to the minute"):
        WorkingHours(start=time(9, 0, 30))
    with pytest.raises(WindowError, match="end after they start"):
        WorkingHours(start=time(18), end=time(9))


def test_hours_are_hashable_values() -> None:
    assert len({WorkingHours(), WorkingHours.parse("Mon-Fri 9:00-17:30")}) == 1


@settings(max_examples=200, deadline=None)
@given(working_hours())
def test_str_round_trips_through_parse(hours: WorkingHours) -> None:
    assert WorkingHours.parse(str(hours)) == hours
