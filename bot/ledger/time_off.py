"""Days a member is off: whose public holidays they keep, when their vacation runs, and the
business calendar that puts it all together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from bot.config import Settings
from bot.errors import InvalidInput
from bot.ledger.scope import Scope
from bot.models import Member
from bot.windows import BusinessCalendar, DateOrder, WindowError, WorkingHours
from bot.windows.countries import zone_country
from bot.windows.public_holidays import zone_holiday_country
from bot.windows.vacation import parse_vacation
from bot.windows.zones import local_date, zone


class HolidaySource(Enum):
    """Where a member's holiday country comes from, most specific first."""

    PROFILE = "profile"  # they chose it (or chose none)
    TIMEZONE = "timezone"  # their Slack timezone's country
    SETTINGS = "settings"  # FOLLOWTHROUGH_HOLIDAY_COUNTRY, for zones of no country (UTC, Etc/…)


@dataclass(frozen=True)
class HolidayCountry:
    """The country whose public holidays a member keeps (None: none), and why that one."""

    country: str | None
    source: HolidaySource
    zone_country: str | None  # their timezone's country, even one without a holiday table


def holidays_of(settings: Settings, member: Member) -> HolidayCountry:
    """The member's own choice, else their timezone's country, else the settings' fallback."""
    in_zone = zone_country(member.timezone)
    if member.holiday_country is not None:
        return HolidayCountry(member.holiday_country or None, HolidaySource.PROFILE, in_zone)
    supported = zone_holiday_country(member.timezone)
    if supported is not None:
        return HolidayCountry(supported, HolidaySource.TIMEZONE, in_zone)
    return HolidayCountry(settings.holiday_country, HolidaySource.SETTINGS, in_zone)


def calendar_for(scope: Scope, member: Member) -> BusinessCalendar:
    """The member's business time: their zone, hours, holidays, vacation and away spell."""
    settings = scope.settings
    hours = WorkingHours.parse(member.working_hours) if member.working_hours else None
    since = member.away_since
    return BusinessCalendar(
        timezone=member.timezone,
        hours=hours or settings.default_hours,
        country=holidays_of(settings, member).country,
        vacation_from=member.vacation_from,
        vacation_until=member.vacation_until,
        away_from=local_date(since, zone(member.timezone)) if since is not None else None,
        away_until=member.away_until if since is not None else None,
    )


def read_vacation(text: str, *, today: date, date_order: DateOrder) -> tuple[date | None, date]:
    """A vacation as typed ("until jan 2", "dec 20 to jan 2"): its first day (if said) and last."""
    try:
        return parse_vacation(text, today=today, date_order=date_order)
    except WindowError as err:
        raise InvalidInput(str(err)) from None


def vacation_span(
    member: Member, first: date | None, last: date, *, today: date
) -> tuple[date, date]:
    """The days a new vacation covers: days already gone stay as they were.

    Without a first day the vacation starts today, or keeps the start of the one under way (an
    extension); a first day in the past is taken as today unless it starts the vacation under way,
    so setting a vacation never turns worked days into days off after the fact.
    """
    if last < today:
        raise InvalidInput("That vacation date is in the past; give the last day you are away.")
    start, until = member.vacation_from, member.vacation_until
    under_way = start is not None and until is not None and start <= today <= until
    if first is None:
        first = start if under_way and start is not None else today
    elif first < today and not (under_way and first == start):
        first = today
    if first > last:
        raise InvalidInput("A vacation ends on or after its first day, e.g. dec 20 to jan 2.")
    return first, last
