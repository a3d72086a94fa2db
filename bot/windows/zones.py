"""Cached timezones and DST-safe conversion between local wall-clock times and UTC instants."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.windows.errors import WindowError, echo


@cache
def zone(name: str) -> ZoneInfo:
    """Return the (cached) tzinfo for an IANA timezone name, or raise WindowError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise WindowError(
            f'I don\'t know the timezone "{echo(name)}". '
            "Use an IANA name like America/New_York or Europe/London."
        ) from None


def to_utc(at: datetime) -> datetime:
    """Return an aware datetime as UTC; naive datetimes are refused rather than guessed at."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got {at!r}")
    return at.astimezone(UTC)


def local_date(at: datetime, tz: ZoneInfo) -> date:
    """The calendar date an instant falls on in a timezone."""
    return at.astimezone(tz).date()


def localize(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time: earliest in a fold, first instant after a gap."""
    naive = datetime.combine(day, clock)
    instant = naive.replace(tzinfo=tz).astimezone(UTC)
    if _wall(instant, tz) == naive:
        return instant
    return _end_of_gap(naive, tz)


def wall_time(at: datetime, tz: ZoneInfo) -> time:
    """The local wall time of an instant; the repeat of a DST fold reads as the time it ends."""
    local = at.astimezone(tz)
    if not local.fold:
        return local.time()
    # Reading the second pass of a repeated hour as its own wall time would put it before earlier
    # instants from the first pass; reading it as the end of the repeat keeps the order.
    repeat = at - local.replace(fold=0).astimezone(UTC)
    before, after = 0, int(repeat.total_seconds())
    while after - before > 1:
        middle = (before + after) // 2
        if (at + timedelta(seconds=middle)).astimezone(tz).fold:
            before = middle
        else:
            after = middle
    return (at + timedelta(seconds=after)).astimezone(tz).time()


def _wall(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


def _end_of_gap(naive: datetime, tz: ZoneInfo) -> datetime:
    # Clamping to the end of the gap (rather than shifting by the gap's length) keeps the mapping
    # from wall time to instant monotone. The two folds read the missing time with the offsets on
    # either side of the transition, so the transition lies between them; bisect to the second.
    low, high = sorted(naive.replace(tzinfo=tz, fold=f).astimezone(UTC) for f in (0, 1))
    before, after = 0, int((high - low).total_seconds())
    while after - before > 1:
        middle = (before + after) // 2
        if _wall(low + timedelta(seconds=middle), tz) > naive:
            after = middle
        else:
            before = middle
    return low + timedelta(seconds=after)
