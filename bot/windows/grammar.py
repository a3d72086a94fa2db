"""Parsing window text such as "4h", "within 48 hours", "eod tomorrow", "by fri 5pm" or "12/04".

The grammar is case- and spacing-insensitive. Any window may start with "within" or "in", and a
point in time with "by":

- Working time: "4h", "90m", "3 business hours", "2 working hours", "2 biz hours" count the
  debtor's working time.
- Elapsed time: "48 hours", "36 hrs", "an hour", "within the hour", "90 minutes", and abbreviated
  hours of a day or more ("24h", "48h", "72h") count as people mean them, wall-clock time from the
  start; a due that lands outside working time moves to the next opening. Shorter abbreviated
  hours ("4h") stay working time.
- Working days and weeks: "2d", "2 days", "in 3 business days", "2 biz days", "a couple of days",
  "1w", "a week", "a fortnight" (two weeks).
- Ends of days, weeks and months: "eod", "end of day", "cob", "close of business", "eop", "end of
  play", "today", "tonight" (today's closing, or the next working day's once passed); "tomorrow",
  "eod tomorrow", "next business day" (the next working day's closing); "next week" (closing on
  next week's last working day); "eow", "end of the week", "this week", "before the weekend"
  (closing on this week's last working day, refused once that has passed); "eom", "end of month"
  (closing on this month's last working day, or next month's once passed). A working week starts
  on the first worked day after the days off: Monday for Mon-Fri, Sunday for Sun-Thu.
- Points in time: a weekday ("fri", "this fri", "next mon": the next Monday after today, so "next
  tue" typed on a Monday is tomorrow), a month and day ("dec 3", "3rd dec"), a day of the month
  ("the 4th": the next 4th), a slashed date in the workspace's date order ("12/04", "12/04/2026"),
  an ISO date ("2026-12-01") or "tomorrow" ("tmrw", "tmw", "tomoz"), each with an optional time of
  day before or after it: "5pm", "at 3", "9:30am", "3.30pm", "17:00", "noon", "lunch",
  "lunchtime", "morning" or "am" (= 12:00 noon local), "afternoon", "pm" or "eod" (= the debtor's
  closing time), "first thing" (= the debtor's opening time). A time alone ("by 5pm", "by 5", "by
  lunch", "first thing") is today's, or tomorrow's once passed; a weekday whose deadline has
  passed means next week's.
- Clock times without am/pm read as people say them: an hour from 1 to 7 is in the afternoon
  ("by 5", "5:30", "at 3" are 17:00, 17:30 and 15:00); 8 to 12 stay as written (8:00 is 8 am, 12
  is noon); 13 to 23, and any hour written with a leading zero ("07:30", "0:30"), are 24-hour
  times. A bare hour counts only after "by" or "at" or next to a day ("tomorrow 2", "9 monday");
  "by 17" alone could be a date, so it is refused. A dotted time needs am/pm ("3.30pm"), so "12.04"
  is never a time.
- An exact instant: an ISO date and time in UTC ("2026-12-01 17:00 UTC", "2026-12-01T17:00Z"), the
  same moment wherever the debtor is; a time picked in a form is kept in this form.
- Counts may be words: "a"/"an", "one" to "twelve" and "a couple of" (two).

Vague words ("asap", "soon", "whenever", "later", "next", …) and anything else are refused with a
one-line fix that quotes the whole phrase; nothing falls back to a default.
"""

from __future__ import annotations

import re

from bot.windows.dates import DateOrder
from bot.windows.errors import WindowError, echo
from bot.windows.lexicon import NUMBER_WORDS
from bot.windows.points import DAY_END, read_point
from bot.windows.window import Window, WindowKind

_LEAD = re.compile(r"(?:within|in) ")
_NEXT = re.compile(r"^(?:the )?next ")
_NUMBER_WORD = "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True))
_BUSINESS = r"(?:business|biz|working|work) "
_AMOUNT = re.compile(
    rf"(?:(?P<digits>[0-9]+) ?|(?P<words>{_NUMBER_WORD}) )"
    rf"(?P<business>{_BUSINESS})?"
    r"(?P<unit>[hmdw]|hrs?|hours?|mins?|minutes?|days?|workdays?|wks?|weeks?|fortnights?)",
    re.ASCII,
)
_UNITS = rf"(?:{_BUSINESS})?(?:hrs?|hours?|mins?|minutes?|days?|wks?|weeks?)"
_UNCOUNTED = re.compile(rf"(?:(?:a )?few|several|some|many) {_UNITS}", re.ASCII)
# Abbreviated hours of a day or more ("48h") are clock hours, like "48 hours".
_CLOCK_HOURS_FROM = 24
_EOD = re.compile(rf"{DAY_END}|today|tonight")
_NEXT_WORKING_DAY = re.compile(r"(?:the )?next (?:business|biz|working|work) ?day")
_NEXT_WEEK = re.compile(r"next week|(?:the )?end of next week")
_EOW = re.compile(r"eow|this week|(?:the )?end of (?:the |this )?(?:working |work )?week")
_WEEKEND = re.compile(r"before (?:the )?weekend|the weekend")
_EOM = re.compile(r"eom|(?:the )?end of (?:the |this )?month")

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


def parse_window(text: str, *, date_order: DateOrder = DateOrder.MDY) -> Window:
    """Read a window, or raise WindowError with a one-line fix.

    `date_order` is the workspace's: it says whether "12/04" is December 4 or 12 April. The
    normalised `Window.text` never depends on it ("by dec 4"), so stored text re-reads the same.
    A refusal always quotes the whole phrase, and names the part at fault when it is only a part.
    """
    try:
        return _parse(text, date_order)
    except WindowError as error:
        message, shown = str(error), echo(text)
        if f'"{shown.lower()}"' in message.lower():
            raise
        raise WindowError(f'"{shown}": {message}') from None


def _parse(text: str, date_order: DateOrder) -> Window:
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
    if _EOW.fullmatch(body) or _WEEKEND.fullmatch(body) or (by and body == "weekend"):
        return Window("eow", WindowKind.END_OF_WEEK)
    if _EOM.fullmatch(body):
        return Window("eom", WindowKind.END_OF_MONTH)
    return read_point(body, text, date_order, by=by)


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
    elif body == "the hour":
        body = "an hour"  # "within the hour"
    elif body == "fortnight":
        body = "a fortnight"
    amount = _AMOUNT.fullmatch(body)
    # Counts in words take units in words: "two days", not "two d".
    if amount is None or (amount["words"] and len(amount["unit"]) == 1):
        return None
    return amount


def _amount_window(amount: re.Match[str], text: str) -> Window:
    number = _number(amount)
    spelled = amount["unit"]
    if spelled.startswith("fortnight"):
        spelled, number = "weeks", number * 2
    unit = "d" if spelled.startswith("work") else spelled[0]
    # "4h" and "90m" count working time, and so do hours and minutes that say "business" or
    # "working"; other spelled-out hours and minutes, and "24h" or more, count elapsed time.
    business = len(spelled) == 1 or amount["business"] is not None
    if unit == "h" and len(spelled) == 1 and number >= _CLOCK_HOURS_FROM:
        business = False
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
        return Window(_working_label(minutes), WindowKind.DURATION, amount=minutes)
    kind = WindowKind.DAYS if unit == "d" else WindowKind.WEEKS
    return Window(f"{number}{unit}", kind, amount=number)


def _working_label(minutes: int) -> str:
    """The text of working time: "4h", "90m" or "30 business hours" ("30h" is clock hours)."""
    hours, rest = divmod(minutes, 60)
    if rest:
        return f"{minutes}m"
    return f"{hours}h" if hours < _CLOCK_HOURS_FROM else f"{hours} business hours"


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
