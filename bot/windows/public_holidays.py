"""Public holidays by country, cached per (country, year) because the scheduler asks constantly."""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays

from bot.windows.errors import WindowError, echo


def normalise_country(country: str) -> str:
    """Return the upper-cased country code if the holidays package knows it, else WindowError."""
    code = country.strip().upper()
    if code not in _supported():
        raise WindowError(
            f'I don\'t have public holidays for "{echo(country)}". '
            "Use a two-letter country code like US, GB or DE, or none."
        )
    return code


@cache
def holiday_dates(country: str, year: int) -> frozenset[date]:
    """The public holidays (observed days included) of a country in a year."""
    table: dict[date, str] = holidays.country_holidays(country, years=year)
    return frozenset(table)


@cache
def _supported() -> frozenset[str]:
    codes: dict[str, list[str]] = holidays.list_supported_countries()
    return frozenset(codes)
