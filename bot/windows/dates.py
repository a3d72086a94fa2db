"""Day/month dates written with slashes ("12/04", "12/04/2026"), read in the workspace's order."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum

from bot.windows.errors import WindowError, echo
from bot.windows.lexicon import MONTHS

_SLASHED = re.compile(
    r"(?P<first>[0-9]{1,2})/(?P<second>[0-9]{1,2})(?:/(?P<year>[0-9]{4}|[0-9]{2}))?", re.ASCII
)
# "12-04" or "12.04" reads as a range, a decimal or a date depending on who wrote it; ISO dates
# (year first) are read elsewhere.
_OTHER_SEPARATORS = re.compile(r"[0-9]{1,2}[-.][0-9]{1,2}(?:[-.][0-9]{2,4})?", re.ASCII)
# Any leap year, so "02/29" without a year is a real date that may come round.
_LEAP_YEAR = 2000


class DateOrder(Enum):
    """How a workspace writes numeric dates: 12/04 is December 4 (MDY) or 12 April (DMY)."""

    MDY = "mdy"
    DMY = "dmy"


def read_slashed_date(text: str, order: DateOrder) -> tuple[int, int] | date | None:
    """Read "12/04" as (month, day), "12/04/2026" or "12/04/26" as a date; None if not slashed.

    The workspace's order decides when both readings are dates; when only one is (13/04), that
    one is taken; when neither is, WindowError.
    """
    if _OTHER_SEPARATORS.fullmatch(text):
        raise WindowError(
            f'I couldn\'t read "{echo(text)}" as a date. Write it as 12/04, dec 4 or 2026-12-04.'
        )
    match = _SLASHED.fullmatch(text)
    if match is None:
        return None
    first, second = int(match["first"]), int(match["second"])
    year_text = match["year"]
    year = None if year_text is None else int(year_text) + (2000 if len(year_text) == 2 else 0)
    readings = [(first, second), (second, first)]  # (month, day) for MDY, then for DMY
    if order is DateOrder.DMY:
        readings.reverse()
    for month, day in readings:
        try:
            on = date(_LEAP_YEAR if year is None else year, month, day)
        except ValueError:
            continue
        return (month, day) if year is None else on
    raise WindowError(f'"{echo(text)}" isn\'t a date either way round. Try dec 4 or 2026-12-04.')


_MONTH_DAY = re.compile(r"(?P<month>[a-z]+)\.? ?(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?", re.ASCII)
_DAY_MONTH = re.compile(
    r"(?:the )?(?P<day>[0-9]{1,2})(?:st|nd|rd|th)? (?:of )?(?P<month>[a-z]+)\.?", re.ASCII
)


def read_month_day(text: str) -> tuple[int, int] | None:
    """A month and day as written ("dec 3", "3rd dec", "the 3rd of december"), as (month, day);
    None when the text names no month; WindowError for a day the month never has."""
    named = _MONTH_DAY.fullmatch(text) or _DAY_MONTH.fullmatch(text)
    if named is None or named["month"] not in MONTHS:
        return None
    month, day = MONTHS[named["month"]], int(named["day"])
    try:
        date(2000, month, day)  # a leap year, so "feb 29" is a real date that may come round
    except ValueError:
        raise WindowError(f'"{echo(text)}" isn\'t a date. Try dec 3 or 2026-12-03.') from None
    return month, day
