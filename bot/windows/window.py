"""A parsed follow-up window and how it turns into a due instant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from dateutil.relativedelta import relativedelta

from bot.windows.calendar import BusinessCalendar
from bot.windows.deadline import Deadline
from bot.windows.errors import WindowError, too_far
from bot.windows.zones import to_utc

_ONE_YEAR = relativedelta(years=1)


class WindowKind(Enum):
    """What a window counts: working time, working days or weeks, a day's end, or a deadline."""

    DURATION = "duration"  # amount is minutes of working time
    DAYS = "days"  # amount is working days
    WEEKS = "weeks"  # amount is weeks of the calendar's working days
    TOMORROW = "tomorrow"
    TODAY = "today"
    DEADLINE = "deadline"


@dataclass(frozen=True)
class Window:
    """A follow-up window, e.g. "4h", "2d", "1w", "tomorrow", "eod" or "by fri 5pm".

    `due` never lands inside non-working time: a deadline on a weekend, holiday or vacation day,
    or outside working hours, moves to the next opening. A due exactly at a working day's closing
    instant is kept, since closing is the end of that day's working time.
    """

    text: str
    kind: WindowKind
    amount: int = 0
    deadline: Deadline | None = None

    def __post_init__(self) -> None:
        if (self.kind is WindowKind.DEADLINE) != (self.deadline is not None):
            raise ValueError("a deadline is required exactly for DEADLINE windows")

    @property
    def is_relative(self) -> bool:
        """True for an amount of time ("2d", "4h"), False for a point in time ("by fri")."""
        return self.kind in {WindowKind.DURATION, WindowKind.DAYS, WindowKind.WEEKS}

    def due(self, start: datetime, calendar: BusinessCalendar) -> datetime:
        """The aware UTC instant this window falls due when it starts at `start`."""
        start = to_utc(start)
        if self.deadline is not None:
            requested = self.deadline.requested(start, calendar)
            if requested > start + _ONE_YEAR:
                raise self._too_far()
            return calendar.next_valid_due(requested)
        due = self._relative_due(start, calendar)
        # Measured from the first working instant so a long vacation doesn't make a window invalid.
        if due > calendar.next_working_instant(start) + _ONE_YEAR:
            raise self._too_far()
        return due

    def _relative_due(self, start: datetime, calendar: BusinessCalendar) -> datetime:
        if self.kind is WindowKind.DURATION:
            return calendar.add_business_time(start, timedelta(minutes=self.amount))
        if self.kind is WindowKind.DAYS:
            return calendar.add_business_days(start, self.amount)
        if self.kind is WindowKind.WEEKS:
            return calendar.add_business_days(start, self.amount * len(calendar.hours.days))
        if self.kind is WindowKind.TOMORROW:
            return calendar.end_of_next_working_day(start)
        if self.kind is WindowKind.TODAY:
            return calendar.end_of_day(start)
        raise ValueError(f"{self.kind} has no relative due")

    def _too_far(self) -> WindowError:
        if self.deadline is not None:
            return too_far(self.text)
        return WindowError(
            f'"{self.text}" lands more than a year out. Pick a shorter window, e.g. 4w or by dec 1.'
        )
