"""Public holidays by country, cached per (country, year) because the scheduler asks constantly."""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays

from bot.windows.countries import zone_country
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


def zone_holiday_country(timezone: str) -> str | None:
    """The country of a timezone if there are public holidays for it, else None (UTC, Etc/…)."""
    code = zone_country(timezone)
    return code if code is not None and code in _supported() else None


@cache
def holiday_dates(country: str, year: int) -> frozenset[date]:
    """The public holidays (observed days included) of a country in a year."""
    table: dict[date, str] = holidays.country_holidays(country, years=year)
    return frozenset(table)


@cache
def _supported() -> frozenset[str]:
    codes: dict[str, list[str]] = holidays.list_supported_countries()
    return frozenset(codes)
