"""The "by …" part of a window: a weekday, month and day, or full date, with an optional time;
or an exact instant (a time picked on a clock, "2026-12-01 17:00 UTC")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from bot.windows.calendar import ONE_DAY, BusinessCalendar
from bot.windows.errors import WindowError, too_far
from bot.windows.lexicon import MONTH_ABBR, WEEKDAY_ABBR, format_clock
from bot.windows.zones import local_date, localize, to_utc


@dataclass(frozen=True)
class Deadline:
    """A local deadline; at most one of weekday, month_day, day_of_month, on and at is set
    (none: today's, or tomorrow's once passed).

    Without a clock time the deadline is the calendar's closing time on that day, or its opening
    time with `opening` ("first thing"). A weekday is the next such day whose deadline is still
    ahead (today's if it hasn't passed); with `following` ("next mon") it is the next such day
    after today, so on a Monday it is the Monday after, and on a Sunday tomorrow. A day of the
    month ("the 4th") is the next one whose deadline is still ahead. `at` is an exact UTC
    instant, the same wherever the debtor is (a time picked in a form).
    """

    weekday: int | None = None
    month_day: tuple[int, int] | None = None
    on: date | None = None
    clock: time | None = None
    following: bool = False
    at: datetime | None = None
    day_of_month: int | None = None
    opening: bool = False

    def __post_init__(self) -> None:
        days = (self.weekday, self.month_day, self.day_of_month, self.on, self.at)
        if sum(part is not None for part in days) > 1:
            raise ValueError("a deadline names at most one of weekday, month_day, on and at")
        if self.following and self.weekday is None:
            raise ValueError("only a weekday deadline can be the following one")
        if self.at is not None and (self.clock is not None or self.at.tzinfo is not UTC):
            raise ValueError("an exact instant is a UTC datetime, without a clock time")
        if self.opening and self.clock is not None:
            raise ValueError("an opening-time deadline has no clock time")
        if self.day_of_month is not None and not 1 <= self.day_of_month <= 31:
            raise ValueError("a day of the month is 1 to 31")

    def describe(self) -> str:
        """The normalised text after "by", e.g. "fri 5pm", "next mon", "dec 3", "the 4th",
        "first thing mon" or "2026-12-01"."""
        if self.at is not None:
            seconds = ":%S" if self.at.second else ""
            return self.at.strftime(f"%Y-%m-%d %H:%M{seconds} UTC")
        parts: list[str] = ["first thing"] if self.opening else []
        if self.weekday is not None:
            parts.append(("next " if self.following else "") + WEEKDAY_ABBR[self.weekday])
        elif self.month_day is not None:
            parts.append(f"{MONTH_ABBR[self.month_day[0] - 1]} {self.month_day[1]}")
        elif self.day_of_month is not None:
            parts.append(f"the {ordinal(self.day_of_month)}")
        elif self.on is not None:
            parts.append(self.on.isoformat())
        if self.clock is not None:
            parts.append(format_clock(self.clock))
        return " ".join(parts)

    def requested(self, start: datetime, calendar: BusinessCalendar) -> datetime:
        """The instant asked for (before moving it into working time), as UTC."""
        start = to_utc(start)
        if self.at is not None:
            return self.instant(start)
        today = local_date(start, calendar.tz)
        clock = self._clock(calendar)
        if self.on is not None:
            return self._on_date(self.on, start, calendar)
        if self.month_day is not None:
            return self._next_month_day(self.month_day, start, calendar)
        if self.day_of_month is not None:
            return self._next_day_of_month(self.day_of_month, start, calendar)
        day = today
        if self.following and self.weekday is not None:
            # At least a day ahead, so always after `start`.
            day += ((self.weekday - today.weekday() - 1) % 7 + 1) * ONE_DAY
            return localize(day, clock, calendar.tz)
        if self.weekday is not None:
            day += (self.weekday - today.weekday()) % 7 * ONE_DAY
        instant = localize(day, clock, calendar.tz)
        if instant > start:
            return instant
        # Already passed: a weekday means next week's, a bare time means tomorrow's.
        step = 7 if self.weekday is not None else 1
        return localize(day + step * ONE_DAY, clock, calendar.tz)

    def instant(self, start: datetime) -> datetime:
        """The exact instant asked for, refused once it is no longer after `start`."""
        if self.at is None:
            raise ValueError("only an exact deadline is an instant by itself")
        if self.at <= to_utc(start):
            raise WindowError("That time has passed — pick one still to come.")
        return self.at

    def _clock(self, calendar: BusinessCalendar) -> time:
        if self.clock is not None:
            return self.clock
        return calendar.hours.start if self.opening else calendar.hours.end

    def _next_day_of_month(
        self, day_of_month: int, start: datetime, calendar: BusinessCalendar
    ) -> datetime:
        today = local_date(start, calendar.tz)
        # Every day of the month comes round within a few months.
        months = (divmod(today.month - 1 + ahead, 12) for ahead in range(13))
        days = ((today.year + year, month + 1, day_of_month) for year, month in months)
        return self._first_ahead(days, start, calendar, "Pick another date.")

    def _on_date(self, on: date, start: datetime, calendar: BusinessCalendar) -> datetime:
        # Refuse far-off years before converting, which could leave datetime's range.
        if on.year > local_date(start, calendar.tz).year + 1:
            raise too_far(f"by {self.describe()}")
        instant = localize(on, self._clock(calendar), calendar.tz)
        if instant <= start:
            raise WindowError(
                f"{self.describe()} is in the past. Pick a later date or time, e.g. 2d or by fri."
            )
        return instant

    def _next_month_day(
        self, month_day: tuple[int, int], start: datetime, calendar: BusinessCalendar
    ) -> datetime:
        year = local_date(start, calendar.tz).year
        days = ((candidate, *month_day) for candidate in (year, year + 1))
        return self._first_ahead(days, start, calendar, "Pick another date, e.g. by dec 1.")

    def _first_ahead(
        self,
        days: Iterable[tuple[int, int, int]],
        start: datetime,
        calendar: BusinessCalendar,
        fix: str,
    ) -> datetime:
        """The deadline on the first of these (year, month, day) that exists and is ahead."""
        for year, month, day in days:
            try:
                on = date(year, month, day)
            except ValueError:
                continue
            instant = localize(on, self._clock(calendar), calendar.tz)
            if instant > start:
                return instant
        raise WindowError(f'"by {self.describe()}" doesn\'t come round within a year. {fix}')


def ordinal(day: int) -> str:
    """The ordinal of a day of the month: "1st", "2nd", "3rd", "4th", "11th", "22nd"."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"
