"""A debtor's business time: timezone, working hours, public holidays, vacation and away spells."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from bot.windows.errors import WindowError
from bot.windows.hours import WorkingHours
from bot.windows.public_holidays import holiday_dates, normalise_country
from bot.windows.zones import local_date, localize, to_utc, wall_time, zone

ONE_DAY = timedelta(days=1)
# Weekdays and holidays can't close a whole year (vacation is skipped in one step), so a longer
# search means there is no working time left at all.
_SEARCH_DAYS = 400
# Later days count as having no working time, which keeps every step after finding a working day
# (adding a year for the limit, converting to UTC) inside datetime's range.
_LAST_DAY = date(9998, 1, 1)


class Span(NamedTuple):
    """One working day's hours as UTC instants: working time is [opens, closes)."""

    day: date
    opens: datetime
    closes: datetime


@dataclass(frozen=True)
class BusinessCalendar:
    """When a debtor is at work, in their own timezone.

    Working time is the half-open local span [hours.start, hours.end) on each working day. The
    closing instant itself is not working time, but it is a valid due: "by end of day" lands there.
    Local wall times are mapped DST-safely: in a fold the earlier instant, in a gap the first
    instant after it. A day whose hours vanish in a DST gap has no working time.
    """

    timezone: str = "UTC"
    hours: WorkingHours = field(default=WorkingHours())
    country: str | None = None
    # Away from `vacation_from` (None: from any earlier day) through `vacation_until`; days
    # before a vacation's first day stay working days, so setting one never rewrites the past.
    vacation_from: date | None = None
    vacation_until: date | None = None
    # Out of office (a Slack status): every local day from `away_from` up to the day of
    # `away_until`, and that last day until the instant `away_until` itself.
    away_from: date | None = None
    away_until: datetime | None = None

    def __post_init__(self) -> None:
        zone(self.timezone)
        if self.country is not None:
            # Normalising here keeps equal calendars equal (and hashable alike) whatever the case.
            object.__setattr__(self, "country", normalise_country(self.country))

    @property
    def tz(self) -> ZoneInfo:
        """The cached tzinfo of the calendar's timezone."""
        return zone(self.timezone)

    def is_working_day(self, day: date) -> bool:
        """True if the weekday is worked, it isn't a public holiday and the member isn't away."""
        if day.weekday() not in self.hours.days:
            return False
        if self.on_vacation(day) or self.away_all_day(day):
            return False
        return self.country is None or day not in holiday_dates(self.country, day.year)

    def on_vacation(self, day: date) -> bool:
        """True if the local date falls within the vacation."""
        if self.vacation_until is None or day > self.vacation_until:
            return False
        return self.vacation_from is None or day >= self.vacation_from

    @property
    def back_on(self) -> date | None:
        """The local date an away spell ends on (None: no spell)."""
        if self.away_until is None:
            return None
        return local_date(to_utc(self.away_until), self.tz)

    def away_all_day(self, day: date) -> bool:
        """True if the local date falls wholly within an away spell (its last day does not)."""
        back_on = self.back_on
        if back_on is None or self.away_from is None:
            return False
        return self.away_from <= day < back_on

    def working_span(self, day: date) -> Span | None:
        """The working hours of a local date as UTC instants, or None if it has none."""
        if not self.is_working_day(day):
            return None
        opens = localize(day, self.hours.start, self.tz)
        closes = localize(day, self.hours.end, self.tz)
        start = self.away_from
        if self.away_until is not None and start is not None and start <= day == self.back_on:
            opens = max(opens, to_utc(self.away_until))  # back during the day: from then
        return Span(day, opens, closes) if opens < closes else None

    def next_working_span(self, day: date) -> Span:
        """The working hours of the first local date on or after `day` that has any."""
        first, back_on = day, self.back_on
        for _ in range(2):  # a vacation and an away spell may follow each other, either first
            if self.vacation_until is not None and self.on_vacation(day):
                day = min(self.vacation_until, _LAST_DAY) + ONE_DAY
            if back_on is not None and self.away_all_day(day):
                day = min(back_on, _LAST_DAY)
        for _ in range(_SEARCH_DAYS):
            if day > _LAST_DAY:
                break
            span = self.working_span(day)
            if span is not None:
                return span
            day += ONE_DAY
        raise WindowError(
            f"There's no working time from {first:%Y-%m-%d} on. "
            "Check the working hours and vacation."
        )

    def is_working_time(self, at: datetime) -> bool:
        """True if `at` falls in [opening, closing) of a working day."""
        at = to_utc(at)
        span = self.working_span(local_date(at, self.tz))
        return span is not None and span.opens <= at < span.closes

    def is_valid_due(self, at: datetime) -> bool:
        """True if `at` is working time or exactly a working day's closing instant."""
        at = to_utc(at)
        span = self.working_span(local_date(at, self.tz))
        return span is not None and span.opens <= at <= span.closes

    def next_working_instant(self, at: datetime) -> datetime:
        """`at` itself (in UTC) if it is working time, else the next opening."""
        return self.locate(at)[1]

    def next_valid_due(self, at: datetime) -> datetime:
        """`at` itself (in UTC) if it is a valid due, else the next opening."""
        at = to_utc(at)
        return at if self.is_valid_due(at) else self.next_working_instant(at)

    def locate(self, at: datetime) -> tuple[Span, datetime]:
        """The working span holding `at` (or the next one) and `at` clamped to its opening."""
        at = to_utc(at)
        day = local_date(at, self.tz)
        span = self.working_span(day)
        if span is None or at >= span.closes:
            span = self.next_working_span(day + ONE_DAY)
        return span, max(at, span.opens)

    def add_business_time(self, start: datetime, delta: timedelta) -> datetime:
        """The instant after `delta` of working time, counted from the first working instant."""
        if delta < timedelta(0):
            raise ValueError(f"delta must not be negative, got {delta}")
        span, cursor = self.locate(start)
        remaining = delta
        # Ending exactly at closing stays at closing rather than rolling to the next opening.
        while remaining > span.closes - cursor:
            remaining -= span.closes - cursor
            span = self.next_working_span(span.day + ONE_DAY)
            cursor = span.opens
        return cursor + remaining

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """The same local wall time on the Nth working day after the first working instant."""
        if days < 0:
            raise ValueError(f"days must not be negative, got {days}")
        span, anchor = self.locate(start)
        if days == 0:
            return anchor
        wall = wall_time(anchor, self.tz)
        for _ in range(days):
            span = self.next_working_span(span.day + ONE_DAY)
        # A wall time skipped by DST can land outside the day's hours; take the next opening then.
        return self.next_valid_due(localize(span.day, wall, self.tz))

    def end_of_day(self, start: datetime) -> datetime:
        """Today's closing if today is a working day and closing is ahead, else the next closing."""
        start = to_utc(start)
        today = local_date(start, self.tz)
        span = self.working_span(today)
        if span is None or span.closes <= start:
            span = self.next_working_span(today + ONE_DAY)
        return span.closes

    def end_of_next_working_day(self, start: datetime) -> datetime:
        """The closing instant of the first working day after `start`'s local date."""
        return self.next_working_span(local_date(to_utc(start), self.tz) + ONE_DAY).closes

    @property
    def week_starts_on(self) -> int:
        """The weekday (Monday=0) a working week starts on: the first worked day after a day off.

        Mon-Fri and Mon-Sat weeks start on Monday, Sun-Thu weeks on Sunday; a seven-day week on
        Monday.
        """
        days = self.hours.days
        return next((d for d in range(7) if d in days and (d - 1) % 7 not in days), 0)

    def week_of(self, day: date) -> date:
        """The first day of the working week (see `week_starts_on`) that holds `day`."""
        return day - (day.weekday() - self.week_starts_on) % 7 * ONE_DAY

    def last_working_span(self, first: date, last: date) -> Span | None:
        """The working hours of the last local date in [first, last] that has any, or None."""
        day = last
        while day >= first:
            span = self.working_span(day)
            if span is not None:
                return span
            day -= ONE_DAY
        return None

    def end_of_week(self, start: datetime) -> datetime | None:
        """Closing on the last working day of `start`'s working week, or None if that has passed."""
        start = to_utc(start)
        today = local_date(start, self.tz)
        span = self.last_working_span(today, self.week_of(today) + 6 * ONE_DAY)
        return span.closes if span is not None and span.closes > start else None

    def end_of_next_week(self, start: datetime) -> datetime:
        """Closing on the last working day of the working week after `start`'s.

        A week with no working day at all (a vacation, say) gives the next opening after it.
        """
        first = self.week_of(local_date(to_utc(start), self.tz)) + 7 * ONE_DAY
        return self._last_closing(first, first + 6 * ONE_DAY)

    def end_of_month(self, start: datetime) -> datetime:
        """Closing on the last working day of `start`'s month, or of the next month once passed.

        A next month with no working day at all gives the next opening after it.
        """
        start = to_utc(start)
        today = local_date(start, self.tz)
        first = today.replace(day=1)
        span = self.last_working_span(today, first + relativedelta(months=1) - ONE_DAY)
        if span is not None and span.closes > start:
            return span.closes
        first += relativedelta(months=1)
        return self._last_closing(first, first + relativedelta(months=1) - ONE_DAY)

    def _last_closing(self, first: date, last: date) -> datetime:
        span = self.last_working_span(first, last)
        if span is not None:
            return span.closes
        return self.next_valid_due(localize(last, self.hours.end, self.tz))

    def business_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time elapsed from `a` to `b`; zero if `b` is not after `a`."""
        a, b = to_utc(a), to_utc(b)
        total = timedelta(0)
        day, last = local_date(a, self.tz), local_date(b, self.tz)
        while a < b and day <= last:
            span = self.working_span(day)
            if span is not None:
                total += max(timedelta(0), min(b, span.closes) - max(a, span.opens))
            day += ONE_DAY
        return total
