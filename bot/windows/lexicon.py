"""Day names, month names and clock times shared by the window and working-hours grammars."""

from __future__ import annotations

import re
from datetime import time

from bot.windows.errors import WindowError, echo

WEEKDAY_ABBR = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

WEEKDAYS: dict[str, int] = {
    **{abbr: i for i, abbr in enumerate(WEEKDAY_ABBR)},
    **{
        name: i
        for i, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}

MONTHS: dict[str, int] = {
    **{abbr: i + 1 for i, abbr in enumerate(MONTH_ABBR)},
    **{
        name: i + 1
        for i, name in enumerate(
            (
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            )
        )
    },
    "sept": 9,
}

_CLOCK = re.compile(r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>[ap]m)?", re.ASCII)


def parse_clock(text: str) -> time:
    """Read "5pm", "9:30am", "17:00", "noon" or a bare hour like "16" as a time of day."""
    cleaned = text.strip().lower()
    if cleaned == "noon":
        return time(12)
    match = _CLOCK.fullmatch(cleaned)
    if match is None:
        raise _bad_clock(text)
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if minute > 59:
        raise _bad_clock(text)
    if half is None:
        if hour > 23:
            raise _bad_clock(text)
        return time(hour, minute)
    if not 1 <= hour <= 12:
        raise _bad_clock(text)
    return time(hour % 12 + (12 if half == "pm" else 0), minute)


def format_clock(clock: time) -> str:
    """Write a time the way a window spells it: "5pm", "9:30am", "12pm"."""
    hour = clock.hour % 12 or 12
    half = "am" if clock.hour < 12 else "pm"
    return f"{hour}{half}" if clock.minute == 0 else f"{hour}:{clock.minute:02d}{half}"


def _bad_clock(text: str) -> WindowError:
    return WindowError(f'"{echo(text)}" isn\'t a time of day. Try 5pm, 9:30am or 17:00.')


# Counts written as words: "within a week", "an hour", "a couple of days", "two days".
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    **{
        name: i + 1
        for i, name in enumerate(
            (
                "one",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
            )
        )
    },
}
