"""Time is injected: the core asks a clock, never the wall."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current instant as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real wall clock, used only at the composition root."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that moves only when told to; for tests, the demo and `sweep --at`."""

    def __init__(self, at: datetime) -> None:
        self._at = as_utc(at)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        """Jump to an instant."""
        self._at = as_utc(at)

    def advance(self, delta: timedelta) -> datetime:
        """Move forward and return the new instant."""
        self._at += delta
        return self._at


def as_utc(at: datetime) -> datetime:
    """Return `at` as an aware UTC datetime; naive values are taken to be UTC already."""
    if at.tzinfo is None:
        return at.replace(tzinfo=UTC)
    return at.astimezone(UTC)
