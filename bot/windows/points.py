"""Points in time in a window: a day ("fri", "dec 3", "12/04", "the 4th", "tomorrow"), a time of day
("5pm", "at 3", "noon", "first thing") or both, and exact UTC instants; see bot.windows.grammar."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from bot.windows.dates import DateOrder, read_month_day, read_slashed_date
from bot.windows.deadline import Deadline, ordinal
from bot.windows.errors import WindowError, echo
from bot.windows.lexicon import WEEKDAYS, format_clock, parse_clock
from bot.windows.window import Window, WindowKind, until

_ISO_T = re.compile(r"(?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})t(?P<clock>[0-9]{1,2}:[0-9]{2})")
_INSTANT = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})[t ](?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2}))? ?(?:z|utc)",
    re.ASCII,
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", re.ASCII)
_DAY_OF_MONTH = re.compile(r"(?:the )?(?P<day>[0-9]{1,2})(?:st|nd|rd|th)", re.ASCII)
_WEEKDAY = re.compile(r"(?:(?P<which>this|next) )?(?P<name>[a-z]+)", re.ASCII)
_TOMORROW = frozenset({"tomorrow", "tmrw", "tmr", "tmw", "tomoz", "tomorow"})
_TODAY = frozenset({"today", "tonight"})

DAY_END = (
    r"eod|cob|eop|close of business|end of play|(?:the )?end of (?:the )?day"
    r"|(?:the )?end of (?:the )?business day"
)
# A clock time: "5pm", "9:30am", "3.30pm", "17:00", "5:30", or a bare hour "5" (read by _clock).
_CLOCK = re.compile(
    r"(?P<at>at )?(?P<hour>[0-9]{1,2})(?:(?P<sep>[:.])(?P<minute>[0-9]{2}))? ?(?P<half>[ap]m)?",
    re.ASCII,
)
_DOTTED = re.compile(r"(?:at )?[0-9]{1,2}\.[0-9]{2}", re.ASCII)  # "3.30": a time only with am/pm
_NOON = time(12)
_OPENING = "opening"
_CLOSING = "closing"
# Parts of the day, wherever a time goes: noon, the debtor's opening or their closing time.
_PARTS: dict[str, time | str] = {
    **dict.fromkeys(
        (
            "noon",
            "at noon",
            "midday",
            "at midday",
            "morning",
            "in the morning",
            "lunch",
            "lunchtime",
            "lunch time",
            "at lunch",
            "at lunchtime",
        ),
        _NOON,
    ),
    **dict.fromkeys(("afternoon", "in the afternoon"), _CLOSING),
    **dict.fromkeys(("first thing", "first thing in the morning"), _OPENING),
}
# After a day only: "tmrw am" is tomorrow morning, "mon pm" Monday afternoon.
_HALVES: dict[str, time | str] = {"am": _NOON, "pm": _CLOSING}
# A time alone ("by 5pm", "by lunch", "first thing") is today's, or tomorrow's once passed.
_ALONE = frozenset({"noon", "midday", "at noon", "at midday", "lunch", "lunchtime", "lunch time"})
_ALONE_PARTS = _ALONE | {"at lunch", "at lunchtime", "first thing"}

_FORMS = "Try 4h, 2d, 1w, by fri 5pm, tomorrow or 2026-12-01."
_TIME_FIX = "Try 5pm, 9:30am or 17:00."


@dataclass(frozen=True)
class _Day:
    """The day part of a point in time: today, tomorrow, or what a Deadline names."""

    today: bool = False
    tomorrow: bool = False
    weekday: int | None = None
    following: bool = False
    month_day: tuple[int, int] | None = None
    day_of_month: int | None = None
    on: date | None = None


@dataclass(frozen=True)
class _Time:
    """The time part of a point in time; clock None is the debtor's closing or opening time."""

    clock: time | None
    closing: bool = False  # said as a day's end ("eod", "afternoon") rather than a time
    opening: bool = False  # "first thing": the debtor's opening time


def read_point(body: str, text: str, date_order: DateOrder, *, by: bool) -> Window:
    instant = _INSTANT.fullmatch(body)
    if instant is not None:
        return until(_instant(instant, text))
    iso = _ISO_T.fullmatch(body)
    if iso is not None:
        deadline = Deadline(on=_iso_date(iso["date"]), clock=parse_clock(iso["clock"]))
        return Window(f"by {deadline.describe()}", WindowKind.DEADLINE, deadline=deadline)
    alone = _time_alone(body, text, by=by)
    if alone is not None:
        return _combine(_Day(), alone, text)
    words = body.split(" ")
    # A day then a time ("fri 5pm", "tomorrow at 2"), then a time then a day ("9am monday").
    for cut in range(1, len(words)):
        spec = " ".join(words[cut:])
        if _DOTTED.fullmatch(spec) and _day(" ".join(words[:cut]).rstrip(","), date_order):
            dotted = spec.removeprefix("at ")
            raise WindowError(
                f'"{echo(text)}": a time with a dot needs am or pm. '
                f"Try {dotted}pm or {dotted.replace('.', ':')}."
            )
        if _is_time(spec, after_day=True):
            day = _day(" ".join(words[:cut]).rstrip(","), date_order)
            if day is not None:
                return _combine(day, _time(spec, text, after_day=True), text)
    for cut in range(1, len(words)):
        spec = " ".join(words[:cut]).rstrip(",")
        if _is_time(spec, after_day=False):
            day = _day(" ".join(words[cut:]).removeprefix("on "), date_order)
            if day is not None:
                return _combine(day, _time(spec, text, after_day=False), text)
    day = _day(body, date_order)
    if day is None:
        raise _unreadable(text)
    return _combine(day, None, text)


def _time_alone(body: str, text: str, *, by: bool) -> _Time | None:
    """A time with no day: "5pm", "17:00", "noon", "by lunch", "first thing", "by 5", "at 3"."""
    if body in _ALONE_PARTS:
        return _time(body, text, after_day=False)
    clock = _CLOCK.fullmatch(body)
    if clock is None:
        return None
    bare = clock["minute"] is None and clock["half"] is None
    if bare and not (by or clock["at"]):
        return None  # "5" alone could be hours, days or a date
    hour = int(clock["hour"])
    if bare and not clock["at"] and 12 < hour <= 23:
        raise WindowError(
            f'"{echo(text)}" could be a time or a date. '
            f"Try by {hour - 12}pm, by {hour}:00 or by the {ordinal(hour)}."
        )
    if bare and not clock["at"] and 23 < hour <= 31:
        raise WindowError(
            f'"{echo(text)}" isn\'t a time of day. Try by the {ordinal(hour)} or by 5pm.'
        )
    return _time(body, text, after_day=False)


def _combine(day: _Day, at: _Time | None, text: str) -> Window:
    clock = None if at is None else at.clock
    opening = at is not None and at.opening
    if day.today:
        if clock is not None or opening:
            # "by 5pm" is the honest form: today's 5pm, or tomorrow's once it has passed.
            fix = f"by {format_clock(clock)}" if clock is not None else "first thing"
            raise WindowError(f'I couldn\'t read "{echo(text)}" as a window. Try {fix} or eod.')
        return Window("eod", WindowKind.TODAY)
    if day.tomorrow:
        if clock is not None:
            return Window(f"tomorrow {format_clock(clock)}", WindowKind.TOMORROW, clock=clock)
        if opening:
            return Window("first thing tomorrow", WindowKind.TOMORROW, opening=True)
        return Window("tomorrow" if at is None else "eod tomorrow", WindowKind.TOMORROW)
    deadline = Deadline(
        weekday=day.weekday,
        month_day=day.month_day,
        day_of_month=day.day_of_month,
        on=day.on,
        clock=clock,
        following=day.following,
        opening=opening,
    )
    return Window(f"by {deadline.describe()}", WindowKind.DEADLINE, deadline=deadline)


def _is_time(spec: str, *, after_day: bool) -> bool:
    """True if a spec is written as a time of day, possible or not ("5pm", "13pm", "eod")."""
    if spec in _PARTS or (after_day and spec in _HALVES) or re.fullmatch(DAY_END, spec):
        return True
    clock = _CLOCK.fullmatch(spec)
    # "12.04" is a date written the wrong way, never a time.
    return clock is not None and (clock["sep"] != "." or clock["half"] is not None)


def _time(spec: str, text: str, *, after_day: bool) -> _Time | None:
    """The time of day a spec names, None if it names none; WindowError for an impossible one."""
    part = _PARTS.get(spec) or (_HALVES.get(spec) if after_day else None)
    if part is not None:
        if isinstance(part, time):
            return _Time(part)
        return _Time(None, closing=part == _CLOSING, opening=part == _OPENING)
    if re.fullmatch(DAY_END, spec):
        return _Time(None, closing=True)
    clock = _CLOCK.fullmatch(spec)
    if clock is None or (clock["sep"] == "." and clock["half"] is None):
        return None  # "12.04" is a date written the wrong way, never a time
    return _Time(_clock(clock, text))


def _clock(clock: re.Match[str], text: str) -> time:
    """The time a clock match names, with the afternoon rule for hours 1-7 without am/pm."""
    hour_text, half = clock["hour"], clock["half"]
    hour, minute = int(hour_text), int(clock["minute"] or 0)
    shown = clock[0].removeprefix("at ")
    if minute > 59:
        raise _bad_clock(shown, text)
    if half is not None:
        if not 1 <= hour <= 12:
            raise _bad_clock(shown, text)
        return time(hour % 12 + (12 if half == "pm" else 0), minute)
    if hour > 23 or (clock["minute"] is None and hour == 0):
        raise _bad_clock(shown, text)
    if 1 <= hour <= 7 and not hour_text.startswith("0"):
        hour += 12  # "by 5", "5:30", "at 3": recruiters mean the afternoon
    return time(hour, minute)


def _bad_clock(shown: str, text: str) -> WindowError:
    return WindowError(f'"{echo(text)}": {shown} isn\'t a time of day. {_TIME_FIX}')


def _day(spec: str, date_order: DateOrder) -> _Day | None:
    """The day a spec names, None if it names none; WindowError if it names an impossible date."""
    if spec in _TODAY:
        return _Day(today=True)
    if spec in _TOMORROW:
        return _Day(tomorrow=True)
    weekday = _WEEKDAY.fullmatch(spec)
    if weekday is not None and weekday["name"] in WEEKDAYS:
        return _Day(weekday=WEEKDAYS[weekday["name"]], following=weekday["which"] == "next")
    if _ISO_DATE.fullmatch(spec):
        return _Day(on=_iso_date(spec))
    slashed = read_slashed_date(spec, date_order)
    if isinstance(slashed, date):
        return _Day(on=slashed)
    if slashed is not None:
        return _Day(month_day=slashed)
    of_month = _DAY_OF_MONTH.fullmatch(spec)
    if of_month is not None:
        number = int(of_month["day"])
        if not 1 <= number <= 31:
            raise WindowError(f'"{spec}" isn\'t a date. Try the 4th or dec 4.')
        return _Day(day_of_month=number)
    month_day = read_month_day(spec)
    return None if month_day is None else _Day(month_day=month_day)


def _instant(found: re.Match[str], text: str) -> datetime:
    day = _iso_date(found["date"])
    clock = (int(found["hour"]), int(found["minute"]), int(found["second"] or 0))
    try:
        return datetime.combine(day, time(*clock), tzinfo=UTC)
    except ValueError:
        raise WindowError(
            f'"{echo(text)}" isn\'t a time of day. Use 24-hour UTC, e.g. 2026-12-01 17:00 UTC.'
        ) from None


def _iso_date(text: str) -> date:
    year, month, day = (int(part) for part in text.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        raise WindowError(f'"{text}" isn\'t a date. Use YYYY-MM-DD, e.g. 2026-12-01.') from None


def _unreadable(text: str) -> WindowError:
    return WindowError(f'I couldn\'t read "{echo(text)}" as a window. {_FORMS}')
