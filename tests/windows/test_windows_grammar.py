"""parse_window: every grammar form, normalisation and the error lines."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.windows import Deadline, Window, WindowError, WindowKind, parse_window

from .support import assert_one_line, window_texts

D = WindowKind.DURATION
C = WindowKind.CALENDAR


@pytest.mark.parametrize(
    ("text", "normalised", "kind", "amount"),
    [
        ("4h", "4h", D, 240),
        ("4 hours", "4 hours", C, 240),
        ("1 hour", "1 hour", C, 60),
        ("2 hrs", "2 hours", C, 120),
        ("3 business hours", "3h", D, 180),
        ("90m", "90m", D, 90),
        ("30 min", "30 minutes", C, 30),
        ("15 minutes", "15 minutes", C, 15),
        ("120m", "2h", D, 120),
        ("2d", "2d", WindowKind.DAYS, 2),
        ("2 days", "2d", WindowKind.DAYS, 2),
        ("1 business day", "1d", WindowKind.DAYS, 1),
        ("3 working days", "3d", WindowKind.DAYS, 3),
        ("1w", "1w", WindowKind.WEEKS, 1),
        ("1 week", "1w", WindowKind.WEEKS, 1),
        ("2 weeks", "2w", WindowKind.WEEKS, 2),
        ("tomorrow", "tomorrow", WindowKind.TOMORROW, 0),
        ("today", "eod", WindowKind.TODAY, 0),
        ("eod", "eod", WindowKind.TODAY, 0),
        ("by eod", "eod", WindowKind.TODAY, 0),
        ("within 4h", "4h", D, 240),
        ("in 2 days", "2d", WindowKind.DAYS, 2),
        ("  WITHIN   4 Hours ", "4 hours", C, 240),
    ],
)
def test_relative_forms(text: str, normalised: str, kind: WindowKind, amount: int) -> None:
    window = parse_window(text)
    assert window == Window(normalised, kind, amount)
    assert parse_window(window.text) == window


@pytest.mark.parametrize(
    ("text", "normalised", "deadline"),
    [
        ("by fri", "by fri", Deadline(weekday=4)),
        ("by friday 5pm", "by fri 5pm", Deadline(weekday=4, clock=time(17))),
        ("by fri 17:00", "by fri 5pm", Deadline(weekday=4, clock=time(17))),
        ("by Friday at 5 PM", "by fri 5pm", Deadline(weekday=4, clock=time(17))),
        ("by 5pm", "by 5pm", Deadline(clock=time(17))),
        ("by noon", "by 12pm", Deadline(clock=time(12))),
        ("by 12am", "by 12am", Deadline(clock=time(0))),
        ("by monday 9:30am", "by mon 9:30am", Deadline(weekday=0, clock=time(9, 30))),
        ("by thurs", "by thu", Deadline(weekday=3)),
        ("by dec 3", "by dec 3", Deadline(month_day=(12, 3))),
        ("by December 3rd 2pm", "by dec 3 2pm", Deadline(month_day=(12, 3), clock=time(14))),
        ("by 3 dec", "by dec 3", Deadline(month_day=(12, 3))),
        ("by 1st of sept", "by sep 1", Deadline(month_day=(9, 1))),
        ("by 2026-12-01", "by 2026-12-01", Deadline(on=date(2026, 12, 1))),
        (
            "by 2026-12-01 14:00",
            "by 2026-12-01 2pm",
            Deadline(on=date(2026, 12, 1), clock=time(14)),
        ),
        ("2026-12-01", "by 2026-12-01", Deadline(on=date(2026, 12, 1))),
        ("2026-12-01T14:00", "by 2026-12-01 2pm", Deadline(on=date(2026, 12, 1), clock=time(14))),
        (
            "2026-12-01 at 9:15am",
            "by 2026-12-01 9:15am",
            Deadline(on=date(2026, 12, 1), clock=time(9, 15)),
        ),
    ],
)
def test_deadline_forms(text: str, normalised: str, deadline: Deadline) -> None:
    window = parse_window(text)
    assert window == Window(normalised, WindowKind.DEADLINE, deadline=deadline)
    assert parse_window(window.text) == window


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "soonish",
            'I couldn\'t read "soonish" as a window. '
            "Try 4h, 2d, 1w, by fri 5pm, tomorrow or 2026-12-01.",
        ),
        ("0h", '"0h" is too short. Use at least 1h (or 15m).'),
        ("10m", '"10m" is too short. Use at least 15m.'),
        ("0 days", '"0 days" is too short. Use at least 1d.'),
        ("0w", '"0w" is too short. Use at least 1w.'),
        ("400d", '"400d" is more than a year. Pick a shorter window, e.g. 4w or by dec 1.'),
        ("53 weeks", '"53 weeks" is more than a year. Pick a shorter window, e.g. 4w or by dec 1.'),
        ("9000h", '"9000h" is more than a year. Pick a shorter window, e.g. 4w or by dec 1.'),
        ("by 25:00", '"25:00" isn\'t a time of day. Try 5pm, 9:30am or 17:00.'),
        ("by fri 13pm", '"13pm" isn\'t a time of day. Try 5pm, 9:30am or 17:00.'),
        ("by feb 30", '"feb 30" isn\'t a date. Try dec 3 or 2026-12-03.'),
        ("2026-13-01", '"2026-13-01" isn\'t a date. Use YYYY-MM-DD, e.g. 2026-12-01.'),
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(WindowError) as caught:
        parse_window(text)
    assert str(caught.value) == message
    assert_one_line(str(caught.value))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "4",
        "4 months",
        "1.5h",
        "-2d",
        "by",
        "by 5",
        "by someday",
        "by fri 5",
        "by smarch 3",
        "within",
        "2026-12-01tnoon",
        "٤h",
        "4h\nplease",
    ],
)
def test_unreadable(text: str) -> None:
    with pytest.raises(WindowError) as caught:
        parse_window(text)
    assert str(caught.value).startswith("I couldn't read")
    assert_one_line(str(caught.value))


def test_long_input_is_echoed_briefly() -> None:
    with pytest.raises(WindowError) as caught:
        parse_window("x" * 500)
    assert len(str(caught.value)) < 150
    assert_one_line(str(caught.value))


def test_windows_are_hashable_values() -> None:
    assert len({parse_window("4 business hours"), parse_window("240m"), parse_window("4h")}) == 1
    assert len({parse_window("4 hours"), parse_window("240 min"), parse_window("in 4 hrs")}) == 1


def test_kind_and_deadline_must_agree() -> None:
    with pytest.raises(ValueError, match="deadline"):
        Window("by fri", WindowKind.DEADLINE)
    with pytest.raises(ValueError, match="deadline"):
        Window("4h", WindowKind.DURATION, 240, Deadline(weekday=4))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_normalised_text_parses_to_the_same_window(data: st.DataObject) -> None:
    window = parse_window(data.draw(window_texts(datetime(2026, 6, 1, tzinfo=UTC))))
    assert parse_window(window.text) == window
    assert parse_window(window.text.upper()) == window
