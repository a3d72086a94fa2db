"""Clocks the stand-in reads time from, so tests can move time without sleeping."""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    """Anything callable that returns the current time in epoch seconds."""

    def __call__(self) -> float: ...


class OffsetClock:
    """Real time plus an offset that tests can push forward with advance()."""

    def __init__(self, offset: float = 0.0) -> None:
        self._offset = offset
        self._lock = threading.Lock()

    def __call__(self) -> float:
        """Return real time shifted by the accumulated offset."""
        with self._lock:
            return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move this clock forward by `seconds`."""
        with self._lock:
            self._offset += seconds


class ManualClock:
    """A frozen clock that only moves when advance() or set() is called."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        """Return the clock's current reading."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        """Move this clock forward by `seconds`."""
        with self._lock:
            self._now += seconds

    def set(self, now: float) -> None:
        """Set the clock to an absolute epoch time."""
        with self._lock:
            self._now = now
