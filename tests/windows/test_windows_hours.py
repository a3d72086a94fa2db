"""WorkingHours parsing, formatting and validation."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given, settings

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
        ("9-9", "must end after they start"),
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
