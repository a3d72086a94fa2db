"""parse_window: every grammar form, normalisation and the error lines."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.windows import (
    DateOrder,
    Deadline,
    Window,
    WindowError,
    WindowKind,
    parse_window,
    until,
)

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
    ("text", "normalised", "at"),
    [
        ("by 2026-12-01 17:00 UTC", "by 2026-12-01 17:00 UTC", datetime(2026, 12, 1, 17)),
        ("2026-12-01T17:00Z", "by 2026-12-01 17:00 UTC", datetime(2026, 12, 1, 17)),
        ("2026-12-01 9:05utc", "by 2026-12-01 09:05 UTC", datetime(2026, 12, 1, 9, 5)),
        ("by 2026-12-01T17:00:30Z", "by 2026-12-01 17:00:30 UTC", datetime(2026, 12, 1, 17, 0, 30)),
    ],
)
def test_an_exact_utc_instant_is_a_deadline_at_that_instant(
    text: str, normalised: str, at: datetime
) -> None:
    window = parse_window(text)
    exact = Deadline(at=at.replace(tzinfo=UTC))
    assert window == Window(normalised, WindowKind.DEADLINE, deadline=exact)
    assert parse_window(window.text) == window == until(at.replace(tzinfo=UTC))


def test_an_instant_is_utc_and_names_nothing_else() -> None:
    with pytest.raises(ValueError, match="UTC"):
        Deadline(at=datetime(2026, 12, 1, 17))
    with pytest.raises(ValueError, match="at most one"):
        Deadline(on=date(2026, 12, 1), at=datetime(2026, 12, 1, 17, tzinfo=UTC))


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
        # A refusal quotes the whole phrase, then the part at fault.
        ("by 25:00", '"by 25:00": 25:00 isn\'t a time of day. Try 5pm, 9:30am or 17:00.'),
        ("by fri 13pm", '"by fri 13pm": 13pm isn\'t a time of day. Try 5pm, 9:30am or 17:00.'),
        ("by fri 0", '"by fri 0": 0 isn\'t a time of day. Try 5pm, 9:30am or 17:00.'),
        ("by feb 30", '"by feb 30": "feb 30" isn\'t a date. Try dec 3 or 2026-12-03.'),
        ("feb 30", '"feb 30" isn\'t a date. Try dec 3 or 2026-12-03.'),
        ("by the 32nd", '"by the 32nd": "the 32nd" isn\'t a date. Try the 4th or dec 4.'),
        ("by 17", '"by 17" could be a time or a date. Try by 5pm, by 17:00 or by the 17th.'),
        ("by 25", '"by 25" isn\'t a time of day. Try by the 25th or by 5pm.'),
        ("2026-13-01", '"2026-13-01" isn\'t a date. Use YYYY-MM-DD, e.g. 2026-12-01.'),
        (
            "by 2026-12-01 24:00 UTC",
            '"by 2026-12-01 24:00 UTC" isn\'t a time of day. Use 24-hour UTC, e.g. '
            "2026-12-01 17:00 UTC.",
        ),
        (
            "2026-02-30T10:00Z",
            '"2026-02-30T10:00Z": "2026-02-30" isn\'t a date. Use YYYY-MM-DD, e.g. 2026-12-01.',
        ),
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
        "5",
        "in 5",
        "by someday",
        "by 2 days",
        "am",
        "pm tomorrow",
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


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("EOD", "eod"),
        ("end of day", "eod"),
        ("EOD today", "eod"),
        ("by the end of the day", "eod"),
        ("COB", "eod"),
        ("by EOD tomorrow", "eod tomorrow"),
        ("tomorrow EOD", "eod tomorrow"),
        ("end of day tomorrow", "eod tomorrow"),
        ("tomorrow afternoon", "eod tomorrow"),
        ("tmrw", "tomorrow"),
        ("next business day", "tomorrow"),
        ("by the next working day", "tomorrow"),
        ("tomorrow 10am", "tomorrow 10am"),
        ("by tomorrow at 10 AM", "tomorrow 10am"),
        ("10am tomorrow", "tomorrow 10am"),
        ("tomorrow morning", "tomorrow 12pm"),
        ("tomorrow noon", "tomorrow 12pm"),
        ("next week", "next week"),
        ("by next week", "next week"),
        ("by the end of next week", "next week"),
        ("next monday", "by next mon"),
        ("next mon", "by next mon"),
        ("next Friday at 3pm", "by next fri 3pm"),
        ("by monday morning", "by mon 12pm"),
        ("monday afternoon", "by mon"),
        ("eod monday", "by mon"),
        ("this fri", "by fri"),
        ("fri 5pm", "by fri 5pm"),
        ("5pm fri", "by fri 5pm"),
        ("5pm", "by 5pm"),
        ("midday", "by 12pm"),
        ("within a week", "1w"),
        ("one week", "1w"),
        ("a day", "1d"),
        ("a couple of days", "2d"),
        ("two business days", "2d"),
        ("twelve days", "12d"),
        ("in 2 business days", "2d"),
        ("in 3 working days", "3d"),
        ("2 workdays", "2d"),
        ("in 4 business hours", "4h"),
        ("an hour", "1 hour"),
        ("a couple of hours", "2 hours"),
        ("half an hour", "30 minutes"),
        ("48 hours", "48 hours"),
        ("within 48 hours", "48 hours"),
        ("within the next 48 hours", "48 hours"),
        ("48hrs", "48 hours"),
        ("in 3 hrs", "3 hours"),
        ("36 hrs", "36 hours"),
        ("90 minutes", "90 minutes"),
        ("120 mins", "2 hours"),
        ("by 12/04", "by dec 4"),
        ("12/04", "by dec 4"),
        ("12/04 3pm", "by dec 4 3pm"),
        ("by 12/04/2026", "by 2026-12-04"),
        ("12/4/26", "by 2026-12-04"),
        ("13/04", "by apr 13"),
        ("eow", "eow"),
        ("by eow", "eow"),
        ("end of week", "eow"),
        ("by end of the week", "eow"),
        ("end of this week", "eow"),
        ("end of month", "eom"),
        ("EOM", "eom"),
        ("by the end of the month", "eom"),
        ("dec 3", "by dec 3"),
        ("2026-12-01 morning", "by 2026-12-01 12pm"),
    ],
)
def test_phrases_normalise(text: str, normalised: str) -> None:
    window = parse_window(text)
    assert window.text == normalised
    assert parse_window(window.text) == window
    assert parse_window(window.text, date_order=DateOrder.DMY) == window


@pytest.mark.parametrize(
    ("text", "mdy", "dmy"),
    [
        ("12/04", (12, 4), (4, 12)),  # both readings are dates: the workspace's order decides
        ("1/2 9am", (1, 2), (2, 1)),
        ("13/04", (4, 13), (4, 13)),  # only one reading is a date
        ("04/13", (4, 13), (4, 13)),
        ("02/29", (2, 29), (2, 29)),
    ],
)
def test_slashed_dates_follow_the_workspace_order(
    text: str, mdy: tuple[int, int], dmy: tuple[int, int]
) -> None:
    for order, expected in ((DateOrder.MDY, mdy), (DateOrder.DMY, dmy)):
        deadline = parse_window(text, date_order=order).deadline
        assert deadline is not None
        assert deadline.month_day == expected


def test_slashed_dates_with_a_year() -> None:
    assert parse_window("03/04/2027").deadline == Deadline(on=date(2027, 3, 4))
    assert parse_window("03/04/2027", date_order=DateOrder.DMY).deadline == Deadline(
        on=date(2027, 4, 3)
    )
    assert parse_window("by 25/12/27 5pm").deadline == Deadline(
        on=date(2027, 12, 25), clock=time(17)
    )


def test_date_order_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        parse_window("12/04", DateOrder.DMY)  # type: ignore[misc]


def test_morning_is_noon_and_afternoon_is_closing() -> None:
    assert parse_window("fri morning") == parse_window("by fri noon")
    assert parse_window("fri afternoon") == parse_window("by fri")
    assert parse_window("tomorrow morning").clock == time(12)
    assert parse_window("tomorrow afternoon").clock is None


def test_spelled_out_hours_are_elapsed_time_and_letters_are_working_time() -> None:
    assert parse_window("4h") == Window("4h", D, 240)
    assert parse_window("4 business hours") == Window("4h", D, 240)
    assert parse_window("4 working hrs") == Window("4h", D, 240)
    assert parse_window("4 hours") == Window("4 hours", C, 240)
    assert parse_window("90m") == Window("90m", D, 90)
    assert parse_window("90 minutes") == Window("90 minutes", C, 90)


def test_new_kinds_must_agree_with_their_fields() -> None:
    with pytest.raises(ValueError, match="clock"):
        Window("4h", D, 240, clock=time(10))
    with pytest.raises(ValueError, match="weekday"):
        Deadline(month_day=(12, 4), following=True)
