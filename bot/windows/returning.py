"""When an out-of-office reply says its sender is back: "back on Monday 7 December",
"returning 12/07", "out of the office until Dec 4", "back in the office on 2026-12-07".

Two readings: a return ("back on", "returning", "return on") names the first day back; an
absence ("until", "through", "till") names the last day away. Dates are read with the window
grammar's readers (a month and day, a slashed date in the workspace's order, an ISO date); a
weekday before the date is dropped ("Monday 7 December"). A weekday alone ("back Monday") or
anything else unreadable is no date: the reply then changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.windows.dates import DateOrder, read_month_day, read_slashed_date
from bot.windows.errors import WindowError
from bot.windows.lexicon import WEEKDAYS

_RETURN = r"back(?: in(?: the)? office| at work| in)?(?: on)?|returning(?: on)?|return(?:ing)? on"
_ABSENT = r"until|till|through|thru"
_DATE = r"[a-z0-9/,.\- ]{3,40}"
_PHRASE = re.compile(rf"\b(?P<how>{_RETURN}|{_ABSENT})\s+(?P<date>{_DATE})", re.IGNORECASE)
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII)
_WORD = re.compile(r"[a-z]+", re.ASCII)
_NEAREST = timedelta(days=366)


@dataclass(frozen=True)
class Return:
    """The phrase an auto-reply says its sender's return with, as it was found."""

    phrase: str
    is_return: bool  # True: the date is the first day back; False: the last day away


def find_return(text: str) -> Return | None:
    """The first phrase in a subject or body that names a return or an absence's end."""
    for match in _PHRASE.finditer(text[:20_000]):
        how = match["how"].lower()
        spec = " ".join(match["date"].lower().replace(",", " ").split())
        words = _day_of(spec)
        if words is not None:
            return Return(f"{how} {words}"[:80], not re.fullmatch(_ABSENT, how))
    return None


def first_day_back(found: Return, *, today: date, order: DateOrder) -> date | None:
    """The first day the sender works again, on or after today; None if no date can be read."""
    spec = found.phrase.split(" ", 1)[1] if " " in found.phrase else ""
    for words in _candidates(spec):
        try:
            day = _read(words, today, order)
        except WindowError:
            day = None
        if day is not None:
            back = day if found.is_return else day + timedelta(days=1)
            return back if today < back <= today + _NEAREST else None
    return None


def _day_of(spec: str) -> str | None:
    """The shortest leading run of words that reads as a date (any order), else None."""
    for words in _candidates(spec):
        for order in DateOrder:
            try:
                if _read(words, date(2000, 1, 1), order) is not None:
                    return words
            except WindowError:
                continue
    return None


def _candidates(spec: str) -> list[str]:
    words = spec.replace(".", " ").split()
    words = [w for w in words if w not in {"on", "the", "of", "in", "office", "at", "work"}]
    if words and words[0] in WEEKDAYS:
        words = words[1:]  # "Monday 7 December": the date says which Monday
    return [" ".join(words[:n]) for n in range(1, min(len(words), 4) + 1)]


def _read(words: str, today: date, order: DateOrder) -> date | None:
    iso = _ISO.fullmatch(words)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    if " " not in words and "/" in words:
        slashed = read_slashed_date(words, order)
        return _next(slashed, today) if isinstance(slashed, tuple) else slashed
    if not _WORD.search(words):
        return None
    month_day = read_month_day(_drop_year(words))
    return _next(month_day, today) if month_day is not None else None


def _drop_year(words: str) -> str:
    parts = words.split()
    return " ".join(parts[:-1]) if len(parts) == 3 and parts[-1].isdigit() else words


def _next(month_day: tuple[int, int] | None, today: date) -> date | None:
    """The next such month and day on or after today."""
    if month_day is None:
        return None
    for year in (today.year, today.year + 1):
        try:
            day = date(year, *month_day)
        except ValueError:
            continue
        if day >= today:
            return day
    return None
