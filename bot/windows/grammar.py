"""Parsing window text such as "4h", "within 48 hours", "eod tomorrow", "by fri 5pm" or "12/04".

The grammar is case- and spacing-insensitive. Any window may start with "within" or "in", and a
point in time with "by":

- Working time: "4h", "90m", "3 business hours", "2 working hours" count the debtor's working time.
- Elapsed time: "48 hours", "36 hrs", "an hour", "90 minutes" — hours and minutes spelled out
  without "business" or "working" count as people mean them, wall-clock time from the start; a due
  that lands outside working time moves to the next opening.
- Working days and weeks: "2d", "2 days", "in 3 business days", "a couple of days", "1w", "a week".
- Ends of days, weeks and months: "eod", "end of day", "today", "eod today" (today's closing, or
  the next working day's once passed); "tomorrow", "eod tomorrow", "next business day" (the next
  working day's closing); "next week" (closing on next week's last working day); "eow", "end of
  the week" (closing on this week's last working day, refused once that has passed); "eom", "end
  of month" (closing on this month's last working day, or next month's once passed). A working
  week starts on the first worked day after the days off: Monday for Mon-Fri, Sunday for Sun-Thu.
- Points in time: a weekday ("fri", "this fri", "next mon": the next Monday after today), a month
  and day ("dec 3", "3rd dec"), a slashed date in the workspace's date order ("12/04",
  "12/04/2026"), an ISO date ("2026-12-01") or "tomorrow", each with an optional time of day:
  "5pm", "9:30am", "17:00", "noon", "morning" (= 12:00 noon local), "afternoon" or "eod" (= the
  debtor's closing time). A time alone ("by 5pm") is today's, or tomorrow's once passed; a weekday
  whose deadline has passed means next week's.
- An exact instant: an ISO date and time in UTC ("2026-12-01 17:00 UTC", "2026-12-01T17:00Z"), the
  same moment wherever the debtor is; a time picked in a form is kept in this form.
- Counts may be words: "a"/"an", "one" to "twelve" and "a couple of" (two).

Vague words ("asap", "soon", "whenever", "later", "next", …) and anything else are refused with a
one-line fix; nothing falls back to a default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from bot.windows.dates import DateOrder, read_slashed_date
from bot.windows.deadline import Deadline
from bot.windows.errors import WindowError, echo
from bot.windows.lexicon import (
    CLOCK_PATTERN,
    MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
    format_clock,
    parse_clock,
)
from bot.windows.window import Window, WindowKind, until

_LEAD = re.compile(r"(?:within|in) ")
_NEXT = re.compile(r"^(?:the )?next ")
_NUMBER_WORD = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?:(?P<digits>[0-9]+) ?|(?P<words>{_NUMBER_WORD}) )"
    r"(?P<business>(?:business|working|work) )?"
    r"(?P<unit>[hmdw]|hrs?|hours?|mins?|minutes?|days?|workdays?|wks?|weeks?)",
    re.ASCII,
)
_UNITS = r"(?:(?:business|working|work) )?(?:hrs?|hours?|mins?|minutes?|days?|wks?|weeks?)"
_UNCOUNTED = re.compile(rf"(?:(?:a )?few|several|some|many) {_UNITS}", re.ASCII)
_ISO_T = re.compile(r"(?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})t(?P<clock>[0-9]{1,2}:[0-9]{2})")
_INSTANT = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})[t ](?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2}))? ?(?:z|utc)",
    re.ASCII,
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", re.ASCII)
_MONTH_DAY = re.compile(r"(?P<month>[a-z]+)\.? ?(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?", re.ASCII)
_DAY_MONTH = re.compile(
    r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)? (?:of )?(?P<month>[a-z]+)\.?", re.ASCII
)
_WEEKDAY = re.compile(r"(?:(?P<which>this|next) )?(?P<name>[a-z]+)", re.ASCII)

_DAY_END = r"eod|cob|close of business|(?:the )?end of (?:the )?day"
_EOD = re.compile(rf"{_DAY_END}|today")
_NEXT_WORKING_DAY = re.compile(r"(?:the )?next (?:business|working|work) ?day")
_NEXT_WEEK = re.compile(r"next week|(?:the )?end of next week")
_EOW = re.compile(r"eow|(?:the )?end of (?:the |this )?(?:working |work )?week")
_EOM = re.compile(r"eom|(?:the )?end of (?:the |this )?month")
# A time of day: a clock time, or a part of the day.
_TIME = rf"(?:at )?(?:{CLOCK_PATTERN})|(?:in the )?(?:morning|afternoon)|(?:at )?midday|{_DAY_END}"
_DAY_THEN_TIME = re.compile(rf"(?P<day>.+?),? (?P<time>{_TIME})", re.ASCII)
_TIME_THEN_DAY = re.compile(rf"(?P<time>{_TIME}),? (?:on )?(?P<day>.+)", re.ASCII)
_CLOCK_ONLY = re.compile(rf"(?:{CLOCK_PATTERN})|midday", re.ASCII)

_NOON = time(12)
_PARTS: dict[str, time | None] = {"morning": _NOON, "midday": _NOON, "afternoon": None}

_SOON = "Try 4h, eod or tomorrow 10am."
_SOMETIME = "Try 4h, 2d, by fri or next week."
_VAGUE: dict[str, str] = {
    **dict.fromkeys(
        ("asap", "a.s.a.p", "as soon as possible", "soon", "right away", "immediately", "urgent"),
        _SOON,
    ),
    **dict.fromkeys(
        (
            "whenever",
            "later",
            "someday",
            "sometime",
            "eventually",
            "no rush",
            "when you can",
            "when possible",
            "tbd",
        ),
        _SOMETIME,
    ),
}
VAGUE_WORDS = frozenset(_VAGUE)  # words that name no time: refused, never defaulted
_MINUTES_PER_UNIT = {"m": 1, "h": 60}
_LIMITS = {"m": 366 * 24 * 60, "h": 366 * 24, "d": 366, "w": 52}
_FORMS = "Try 4h, 2d, 1w, by fri 5pm, tomorrow or 2026-12-01."


def parse_window(text: str, *, date_order: DateOrder = DateOrder.MDY) -> Window:
    """Read a window, or raise WindowError with a one-line fix.

    `date_order` is the workspace's: it says whether "12/04" is December 4 or 12 April. The
    normalised `Window.text` never depends on it ("by dec 4"), so stored text re-reads the same.
    """
    body = " ".join(text.lower().split())
    lead = _LEAD.match(body)
    if lead is not None:
        body = body[lead.end() :]
    by = body.startswith("by ")
    if by:
        body = body[3:]
    _refuse_vague(body, text)
    amount = None if by else _amount(body)
    if amount is not None:
        return _amount_window(amount, text)
    if _EOD.fullmatch(body):
        return Window("eod", WindowKind.TODAY)
    if _NEXT_WORKING_DAY.fullmatch(body):
        return Window("tomorrow", WindowKind.TOMORROW)  # what "tomorrow" means here
    if _NEXT_WEEK.fullmatch(body):
        return Window("next week", WindowKind.NEXT_WEEK)
    if _EOW.fullmatch(body):
        return Window("eow", WindowKind.END_OF_WEEK)
    if _EOM.fullmatch(body):
        return Window("eom", WindowKind.END_OF_MONTH)
    return _point(body, text, date_order)


def _refuse_vague(body: str, text: str) -> None:
    word = body.rstrip("!.")
    if word in _VAGUE:
        raise WindowError(
            f'I couldn\'t read "{echo(text)}" as a window: it names no time to hold anyone to. '
            f"{_VAGUE[word]}"
        )
    if word == "next":
        raise WindowError(
            f'I couldn\'t read "{echo(text)}" as a window: next what? '
            "Try next week, next mon or 2d."
        )
    if _UNCOUNTED.fullmatch(word):
        raise WindowError(
            f'I couldn\'t read "{echo(text)}" as a window: say how many, e.g. 3 days or 2 hours.'
        )


def _amount(body: str) -> re.Match[str] | None:
    """The amount and unit ("4h", "48 hours", "a couple of days", "the next 2 days"), if any."""
    body = _NEXT.sub("", body, count=1)
    if body == "half an hour":
        body = "30 minutes"
    amount = _AMOUNT.fullmatch(body)
    # Counts in words take units in words: "two days", not "two d".
    if amount is None or (amount["words"] and len(amount["unit"]) == 1):
        return None
    return amount


def _amount_window(amount: re.Match[str], text: str) -> Window:
    number = _number(amount)
    spelled = amount["unit"]
    unit = "d" if spelled.startswith("work") else spelled[0]
    # "4h" and "90m" count working time; spelled-out hours and minutes count elapsed time unless
    # they say "business" or "working".
    business = len(spelled) == 1 or amount["business"] is not None
    if unit in _MINUTES_PER_UNIT and not business:
        return _calendar_window(number, unit, text)
    if unit == "m" and number < 15:
        raise WindowError(f'"{echo(text)}" is too short. Use at least 15m.')
    if number < 1:
        hint = "1h (or 15m)" if unit == "h" else f"1{unit}"
        raise WindowError(f'"{echo(text)}" is too short. Use at least {hint}.')
    if number > _LIMITS[unit]:
        raise _more_than_a_year(text)
    if unit in _MINUTES_PER_UNIT:
        minutes = number * _MINUTES_PER_UNIT[unit]
        label = f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"
        return Window(label, WindowKind.DURATION, amount=minutes)
    kind = WindowKind.DAYS if unit == "d" else WindowKind.WEEKS
    return Window(f"{number}{unit}", kind, amount=number)


def _calendar_window(number: int, unit: str, text: str) -> Window:
    if unit == "m" and number < 15:
        raise WindowError(f'"{echo(text)}" is too short. Use at least 15 minutes.')
    if number < 1:
        raise WindowError(f'"{echo(text)}" is too short. Use at least 1 hour (or 15 minutes).')
    if number > _LIMITS[unit]:
        raise _more_than_a_year(text)
    minutes = number * _MINUTES_PER_UNIT[unit]
    hours, rest = divmod(minutes, 60)
    label = f"{minutes} minutes" if rest else f"{hours} hour" + ("" if hours == 1 else "s")
    return Window(label, WindowKind.CALENDAR, amount=minutes)


def _number(amount: re.Match[str]) -> int:
    if amount["words"] is not None:
        return NUMBER_WORDS[amount["words"]]
    digits = amount["digits"].lstrip("0") or "0"
    # Anything this long is over every limit; int() of thousands of digits would refuse anyway.
    return int(digits) if len(digits) <= 9 else 10**9


def _more_than_a_year(text: str) -> WindowError:
    return WindowError(
        f'"{echo(text)}" is more than a year. Pick a shorter window, e.g. 4w or by dec 1.'
    )


@dataclass(frozen=True)
class _Day:
    """The day part of a point in time: today, tomorrow, or what a Deadline names."""

    today: bool = False
    tomorrow: bool = False
    weekday: int | None = None
    following: bool = False
    month_day: tuple[int, int] | None = None
    on: date | None = None


@dataclass(frozen=True)
class _Time:
    """The time part of a point in time; clock None is the debtor's closing time."""

    clock: time | None
    closing: bool  # said as a day's end ("eod", "afternoon") rather than a time


def _point(body: str, text: str, date_order: DateOrder) -> Window:
    instant = _INSTANT.fullmatch(body)
    if instant is not None:
        return until(_instant(instant, text))
    iso = _ISO_T.fullmatch(body)
    if iso is not None:
        deadline = Deadline(on=_iso_date(iso["date"]), clock=parse_clock(iso["clock"]))
        return Window(f"by {deadline.describe()}", WindowKind.DEADLINE, deadline=deadline)
    if _CLOCK_ONLY.fullmatch(body):
        deadline = Deadline(clock=_time(body).clock)
        return Window(f"by {deadline.describe()}", WindowKind.DEADLINE, deadline=deadline)
    for pattern in (_DAY_THEN_TIME, _TIME_THEN_DAY):
        split = pattern.fullmatch(body)
        if split is not None:
            day = _day(split["day"], date_order)
            if day is not None:
                return _combine(day, _time(split["time"]), text)
    day = _day(body, date_order)
    if day is None:
        raise _unreadable(text)
    return _combine(day, None, text)


def _combine(day: _Day, at: _Time | None, text: str) -> Window:
    clock = None if at is None else at.clock
    if day.today:
        if clock is not None:
            # "by 5pm" is the honest form: today's 5pm, or tomorrow's once it has passed.
            raise WindowError(
                f'I couldn\'t read "{echo(text)}" as a window. Try by {format_clock(clock)} or eod.'
            )
        return Window("eod", WindowKind.TODAY)
    if day.tomorrow:
        if clock is not None:
            return Window(f"tomorrow {format_clock(clock)}", WindowKind.TOMORROW, clock=clock)
        return Window("tomorrow" if at is None else "eod tomorrow", WindowKind.TOMORROW)
    deadline = Deadline(
        weekday=day.weekday,
        month_day=day.month_day,
        on=day.on,
        clock=clock,
        following=day.following,
    )
    return Window(f"by {deadline.describe()}", WindowKind.DEADLINE, deadline=deadline)


def _time(spec: str) -> _Time:
    spec = spec.removeprefix("at ").removeprefix("in the ")
    if spec in _PARTS:
        return _Time(_PARTS[spec], closing=_PARTS[spec] is None)
    if re.fullmatch(_DAY_END, spec):
        return _Time(None, closing=True)
    return _Time(parse_clock(spec), closing=False)


def _day(spec: str, date_order: DateOrder) -> _Day | None:
    """The day a spec names, None if it names none; WindowError if it names an impossible date."""
    if spec == "today":
        return _Day(today=True)
    if spec in {"tomorrow", "tmrw", "tmr", "tomorow"}:
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
    named = _MONTH_DAY.fullmatch(spec) or _DAY_MONTH.fullmatch(spec)
    if named is None or named["month"] not in MONTHS:
        return None
    month, day = MONTHS[named["month"]], int(named["day"])
    try:
        date(2000, month, day)  # a leap year, so "feb 29" is a real date that may come round
    except ValueError:
        raise WindowError(f'"{spec}" isn\'t a date. Try dec 3 or 2026-12-03.') from None
    return _Day(month_day=(month, day))


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
