"""A vacation as people type it: "2026-12-24", "until jan 2", "dec 20 to jan 2", "until fri"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from bot.windows.dates import DateOrder, read_month_day, read_slashed_date
from bot.windows.errors import WindowError, echo
from bot.windows.lexicon import WEEKDAYS

_UNTIL = r"until|till|til|to|through|thru"
_LEAD = re.compile(rf"^(?:{_UNTIL}) ", re.ASCII)
_SEPARATOR = re.compile(rf" (?:{_UNTIL}) | ?- ?", re.ASCII)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", re.ASCII)
_EXAMPLE = "Try until jan 2, dec 20 to jan 2 or 2026-12-24."
_YEAR = timedelta(days=366)

# A day as written: an exact date, a (month, day) that comes round every year, or a weekday.
_Spec = date | tuple[int, int] | int


def parse_vacation(
    text: str, *, today: date, date_order: DateOrder = DateOrder.MDY
) -> tuple[date | None, date]:
    """The first and last day away; the first is None when not given ("until jan 2").

    The last day is the next one on or after `today` that the text names; a first day given as a
    month and day or a weekday is the latest such day on or before the last. A first day in the
    past is returned as it is: the caller decides what an already-started vacation means.
    """
    cleaned = " ".join(text.lower().replace("–", "-").replace("—", "-").split())
    cleaned = _LEAD.sub("", cleaned)
    whole = _spec(cleaned, date_order, today)
    if whole is not None:
        return None, _last_day(whole, today, text)
    for separator in _SEPARATOR.finditer(cleaned):
        first = _spec(cleaned[: separator.start()].removeprefix("from "), date_order, today)
        last = _spec(cleaned[separator.end() :], date_order, today)
        if first is not None and last is not None:
            end = _last_day(last, today, text)
            start = _first_day(first, end)
            if start > end:
                raise WindowError(
                    f"A vacation ends on or after its first day (got {start:%d %b %Y} "
                    f"to {end:%d %b %Y})."
                )
            return start, end
    raise WindowError(f'I couldn\'t read "{echo(text)}" as a vacation. {_EXAMPLE}')


def _last_day(spec: _Spec, today: date, text: str) -> date:
    if isinstance(spec, date):
        end = spec
        if end < today:
            raise WindowError(
                f"{end:%a %d %b %Y} is in the past; give the last day you will be away."
            )
    elif isinstance(spec, tuple):
        end = _on_or_after(spec, today)
    else:
        end = today + timedelta(days=(spec - today.weekday()) % 7)
    if end - today > _YEAR:
        raise WindowError(
            f'"{echo(text)}" is more than a year away; set a vacation nearer the time.'
        )
    return end


def _first_day(spec: _Spec, end: date) -> date:
    if isinstance(spec, date):
        return spec
    if isinstance(spec, tuple):
        start = _on_or_after(spec, end - relativedelta(years=1) + timedelta(days=1))
        return start if start <= end else start - relativedelta(years=1)
    return end - timedelta(days=(end.weekday() - spec) % 7)


def _on_or_after(month_day: tuple[int, int], day: date) -> date:
    """The first date on or after `day` with this month and day (Feb 29 waits for a leap year)."""
    for year in range(day.year, day.year + 5):
        try:
            candidate = date(year, *month_day)
        except ValueError:
            continue
        if candidate >= day:
            return candidate
    raise AssertionError("every month and day comes round within five years")


def _spec(text: str, date_order: DateOrder, today: date) -> _Spec | None:
    """The day a text names, None if it names none; WindowError if it names an impossible date."""
    if text in WEEKDAYS:
        return WEEKDAYS[text]
    if text in {"today", "tomorrow"}:
        return today + timedelta(days=text == "tomorrow")
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
        except ValueError:
            raise WindowError(f'"{echo(text)}" isn\'t a date. Use YYYY-MM-DD.') from None
    try:
        slashed = read_slashed_date(text, date_order)
    except WindowError:
        return None  # "20-24" may be a range of days: the caller tries splitting it
    if slashed is not None:
        return slashed
    return read_month_day(text)


def _unreadable(text: str) -> WindowError:
    return WindowError(f'I couldn\'t read "{echo(text)}" as a vacation. {_EXAMPLE}')
