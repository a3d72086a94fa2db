"""A parsed follow-up window and how it turns into a due instant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import Enum

from dateutil.relativedelta import relativedelta

from bot.windows.calendar import ONE_DAY, BusinessCalendar
from bot.windows.deadline import Deadline
from bot.windows.errors import WindowError, too_far
from bot.windows.zones import local_date, localize, to_utc

_ONE_YEAR = relativedelta(years=1)


class WindowKind(Enum):
    """What a window counts: working or elapsed time, working days or weeks, an end, a deadline."""

    DURATION = "duration"  # amount is minutes of working time ("4h", "3 business hours")
    CALENDAR = "calendar"  # amount is minutes of elapsed time ("48 hours", "90 minutes")
    DAYS = "days"  # amount is working days
    WEEKS = "weeks"  # amount is weeks of the calendar's working days
    TOMORROW = "tomorrow"  # the next working day, at `clock`, its opening or its closing
    TODAY = "today"
    NEXT_WEEK = "next week"  # closing on the last working day of next week
    END_OF_WEEK = "end of week"  # closing on the last working day of this week, if still ahead
    END_OF_MONTH = "end of month"  # closing on the last working day of this month (or next's)
    DEADLINE = "deadline"


@dataclass(frozen=True)
class Window:
    """A follow-up window, e.g. "4h", "48 hours", "2d", "1w", "tomorrow", "eod" or "by fri 5pm".

    `due` never lands inside non-working time: a deadline on a weekend, holiday or vacation day,
    or outside working hours, moves to the next opening, and so does elapsed ("calendar") time
    that ends outside working time. A due exactly at a working day's closing instant is kept,
    since closing is the end of that day's working time.
    """

    text: str
    kind: WindowKind
    amount: int = 0
    deadline: Deadline | None = None
    clock: time | None = None
    opening: bool = False  # "first thing tomorrow": the next working day's opening

    def __post_init__(self) -> None:
        if (self.kind is WindowKind.DEADLINE) != (self.deadline is not None):
            raise ValueError("a deadline is required exactly for DEADLINE windows")
        if self.clock is not None and self.kind is not WindowKind.TOMORROW:
            raise ValueError("only a TOMORROW window has a clock time")
        if self.opening and (self.kind is not WindowKind.TOMORROW or self.clock is not None):
            raise ValueError("only a TOMORROW window without a clock time can be at opening")

    @property
    def is_relative(self) -> bool:
        """True for an amount of time ("2d", "4h"), False for a point in time ("by fri")."""
        return self.kind in {
            WindowKind.DURATION,
            WindowKind.CALENDAR,
            WindowKind.DAYS,
            WindowKind.WEEKS,
        }

    def due(self, start: datetime, calendar: BusinessCalendar) -> datetime:
        """The aware UTC instant this window falls due when it starts at `start`."""
        start = to_utc(start)
        if self.deadline is not None:
            requested = self.deadline.requested(start, calendar)
            self._within_a_year(requested, start)
            return calendar.next_valid_due(requested)
        due = self._relative_due(start, calendar)
        # Measured from the first working instant so a long vacation doesn't make a window invalid.
        if due > calendar.next_working_instant(start) + _ONE_YEAR:
            raise self._too_far()
        return due

    def _relative_due(self, start: datetime, calendar: BusinessCalendar) -> datetime:
        if self.kind is WindowKind.DURATION:
            return calendar.add_business_time(start, timedelta(minutes=self.amount))
        if self.kind is WindowKind.CALENDAR:
            return calendar.next_valid_due(start + timedelta(minutes=self.amount))
        if self.kind is WindowKind.DAYS:
            return calendar.add_business_days(start, self.amount)
        if self.kind is WindowKind.WEEKS:
            return calendar.add_business_days(start, self.amount * len(calendar.hours.days))
        if self.kind is WindowKind.TOMORROW:
            if self.opening:
                return calendar.next_working_span(local_date(start, calendar.tz) + ONE_DAY).opens
            if self.clock is None:
                return calendar.end_of_next_working_day(start)
            day = calendar.next_working_span(local_date(start, calendar.tz) + ONE_DAY).day
            return calendar.next_valid_due(localize(day, self.clock, calendar.tz))
        if self.kind is WindowKind.TODAY:
            return calendar.end_of_day(start)
        if self.kind is WindowKind.NEXT_WEEK:
            return calendar.end_of_next_week(start)
        if self.kind is WindowKind.END_OF_WEEK:
            due = calendar.end_of_week(start)
            if due is None:
                raise WindowError(
                    f'There\'s no working time left this week for "{self.text}". '
                    "Try next week, by mon 5pm or 2d."
                )
            return due
        if self.kind is WindowKind.END_OF_MONTH:
            return calendar.end_of_month(start)
        raise ValueError(f"{self.kind} has no relative due")

    def _within_a_year(self, requested: datetime, start: datetime) -> None:
        if requested > start + _ONE_YEAR:
            raise self._too_far()

    def _too_far(self) -> WindowError:
        if self.deadline is not None:
            return too_far(self.text)
        return WindowError(
            f'"{self.text}" lands more than a year out. Pick a shorter window, e.g. 4w or by dec 1.'
        )


def until(at: datetime, *, now: datetime | None = None) -> Window:
    """The deadline at an exact instant, e.g. a time picked in a form: "by 2026-12-01 17:00 UTC".

    Like any deadline it moves to the debtor's next opening if it falls outside working time.
    With `now`, one that has passed or is more than a year away is refused at once, as `due`
    would refuse it.
    """
    deadline = Deadline(at=to_utc(at))
    window = Window(f"by {deadline.describe()}", WindowKind.DEADLINE, deadline=deadline)
    if now is not None:
        window._within_a_year(deadline.instant(now), to_utc(now))
    return window
