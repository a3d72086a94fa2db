"""Parsing window text such as "4h", "within 2 days", "by fri 5pm" or "2026-12-01T14:00"."""

from __future__ import annotations

import re
from datetime import date

from bot.windows.deadline import Deadline
from bot.windows.errors import WindowError, echo
from bot.windows.lexicon import CLOCK_PATTERN, MONTHS, WEEKDAYS, parse_clock
from bot.windows.window import Window, WindowKind

_PREFIX = re.compile(r"(?:within|in) ")
_AMOUNT = re.compile(
    r"(?P<amount>\d+) ?(?:(?:business|working) )?"
    r"(?P<unit>[hmdw]|hrs?|hours?|mins?|minutes?|days?|wks?|weeks?)",
    re.ASCII,
)
_ISO = re.compile(
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2})"
    rf"(?:t(?P<iso>\d{{1,2}}:\d{{2}})| (?:at )?(?P<clock>{CLOCK_PATTERN}))?",
    re.ASCII,
)
_DAY_AND_CLOCK = re.compile(rf"(?:(?P<day>.+?) (?:at )?)?(?P<clock>{CLOCK_PATTERN})", re.ASCII)
_MONTH_DAY = re.compile(r"(?P<month>[a-z]+)\.? ?(?P<day>\d{1,2})(?:st|nd|rd|th)?", re.ASCII)
_DAY_MONTH = re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)? (?:of )?(?P<month>[a-z]+)", re.ASCII)

_TODAY = frozenset({"today", "eod", "end of day", "by today", "by eod", "by end of day"})
_TOMORROW = frozenset({"tomorrow", "by tomorrow"})
_MINUTES_PER_UNIT = {"m": 1, "h": 60}
_LIMITS = {"m": 366 * 24 * 60, "h": 366 * 24, "d": 366, "w": 52}
_FORMS = "Try 4h, 2d, 1w, by fri 5pm, tomorrow or 2026-12-01."


def parse_window(text: str) -> Window:
    """Read a window, or raise WindowError with a one-line fix."""
    body = " ".join(text.lower().split())
    prefix = _PREFIX.match(body)
    if prefix is not None:
        body = body[prefix.end() :]
    if body in _TODAY:
        return Window("eod", WindowKind.TODAY)
    if body in _TOMORROW:
        return Window("tomorrow", WindowKind.TOMORROW)
    amount = _AMOUNT.fullmatch(body)
    if amount is not None:
        return _amount_window(int(amount["amount"]), amount["unit"][0], text)
    if body.startswith("by "):
        body = body[3:]
    elif not _ISO.fullmatch(body):
        raise _unreadable(text)
    deadline = _parse_deadline(body, text)
    return Window(f"by {deadline.describe()}", WindowKind.DEADLINE, deadline=deadline)


def _amount_window(amount: int, unit: str, text: str) -> Window:
    if unit == "m" and amount < 15:
        raise WindowError(f'"{echo(text)}" is too short. Use at least 15m.')
    if amount < 1:
        hint = "1h (or 15m)" if unit == "h" else f"1{unit}"
        raise WindowError(f'"{echo(text)}" is too short. Use at least {hint}.')
    if amount > _LIMITS[unit]:
        raise WindowError(
            f'"{echo(text)}" is more than a year. Pick a shorter window, e.g. 4w or by dec 1.'
        )
    if unit in _MINUTES_PER_UNIT:
        minutes = amount * _MINUTES_PER_UNIT[unit]
        label = f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"
        return Window(label, WindowKind.DURATION, amount=minutes)
    kind = WindowKind.DAYS if unit == "d" else WindowKind.WEEKS
    return Window(f"{amount}{unit}", kind, amount=amount)


def _parse_deadline(spec: str, text: str) -> Deadline:
    iso = _ISO.fullmatch(spec)
    if iso is not None:
        clock_text = iso["iso"] or iso["clock"]
        clock = None if clock_text is None else parse_clock(clock_text)
        return Deadline(on=_iso_date(iso["date"]), clock=clock)
    with_clock = _DAY_AND_CLOCK.fullmatch(spec)
    day_text = spec if with_clock is None else with_clock["day"]
    clock = None if with_clock is None else parse_clock(with_clock["clock"])
    if day_text is None:
        return Deadline(clock=clock)
    if day_text in WEEKDAYS:
        return Deadline(weekday=WEEKDAYS[day_text], clock=clock)
    return Deadline(month_day=_month_day(day_text, text), clock=clock)


def _iso_date(text: str) -> date:
    year, month, day = (int(part) for part in text.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        raise WindowError(f'"{text}" isn\'t a date. Use YYYY-MM-DD, e.g. 2026-12-01.') from None


def _month_day(day_text: str, text: str) -> tuple[int, int]:
    match = _MONTH_DAY.fullmatch(day_text) or _DAY_MONTH.fullmatch(day_text)
    if match is None or match["month"] not in MONTHS:
        raise _unreadable(text)
    month, day = MONTHS[match["month"]], int(match["day"])
    try:
        date(2000, month, day)  # a leap year, so "feb 29" is a real date that may come round
    except ValueError:
        raise WindowError(f'"{day_text}" isn\'t a date. Try dec 3 or 2026-12-03.') from None
    return month, day


def _unreadable(text: str) -> WindowError:
    return WindowError(f'I couldn\'t read "{echo(text)}" as a window. {_FORMS}')
