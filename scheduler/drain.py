"""A thread that works until there is nothing left, then waits to be woken (or polls)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from bot.errors import TryLater
from bot.failures import is_outage

log = logging.getLogger(__name__)


class Drainer:
    """Runs `step` while it reports work done; sleeps until woken or `poll` seconds pass."""

    def __init__(self, name: str, step: Callable[[], bool], *, poll: float = 1.0) -> None:
        self.name, self.step, self.poll = name, step, poll
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Drainer:
        """Start working in a daemon thread."""
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()
        return self

    def wake(self) -> None:
        """There may be new work: look now rather than at the next poll."""
        self._idle.clear()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        """True once stop() was called: finish the current item, take no new one."""
        return self._stop.is_set()

    def idle(self) -> bool:
        """True when the last look found nothing to do and nothing woke it since."""
        return self._idle.is_set() and not self._wake.is_set()

    def stop(self, timeout: float) -> bool:
        """Stop after the item in hand; False if that took longer than `timeout`."""
        self._stop.set()
        self._wake.set()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        while not self._stop.is_set():
            # Busy from here until a step finds nothing: idle() must never be true mid-step,
            # or a caller waiting for quiet (settle) would stop waiting while work is in hand.
            self._idle.clear()
            self._wake.clear()
            try:
                worked = self.step()
            except Exception as err:
                if isinstance(err, TryLater) or is_outage(err):
                    reason = str(err).splitlines()[0]
                    log.warning("%s: the database is unreachable (%s); retrying", self.name, reason)
                else:
                    log.exception("%s failed; trying again shortly", self.name)
                worked = False
                self._stop.wait(self.poll)
            if worked:
                continue
            self._idle.set()
            self._wake.wait(self.poll)
