"""Identifiers in Slack's formats: message ts, trigger ids, view ids, event ids, hashes."""

from __future__ import annotations

import itertools
import secrets
import string
import threading

from sandbox.clock import Clock

_ALNUM = string.ascii_uppercase + string.digits
_BLOCK_ID_CHARS = string.ascii_letters + string.digits


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


class IdFactory:
    """Issues unique ids; message timestamps strictly increase and follow the clock."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._last_us = 0
        self._counter = itertools.count(1)

    def ts(self) -> str:
        """Return a new message timestamp such as "1763758000.000100"."""
        with self._lock:
            micros = max(self._last_us + 1, int(self._clock() * 1_000_000))
            self._last_us = micros
        seconds, fraction = divmod(micros, 1_000_000)
        return f"{seconds}.{fraction:06d}"

    def serial(self) -> int:
        """Return the next number of a process-wide counter."""
        return next(self._counter)

    def trigger_id(self) -> str:
        """Return a trigger id shaped like Slack's ("1234567890.1234.abcdef...")."""
        return f"{int(self._clock())}.{self.serial()}.{secrets.token_hex(16)}"

    def view_id(self) -> str:
        """Return a view id ("V" + 10 characters)."""
        return "V" + _random(_ALNUM, 10)

    def event_id(self) -> str:
        """Return an Events API event id ("Ev" + 10 characters)."""
        return "Ev" + _random(_ALNUM, 10)

    def view_hash(self) -> str:
        """Return a view hash shaped like Slack's ("1569362015.55b5e41b")."""
        return f"{int(self._clock())}.{secrets.token_hex(4)}"

    def response_url_id(self) -> str:
        """Return the opaque part of a response_url."""
        return f"{self.serial()}-{secrets.token_urlsafe(12)}"


def block_id() -> str:
    """Return a generated block_id like the ones Slack assigns to blocks without one."""
    return _random(_BLOCK_ID_CHARS, 5)


def action_id() -> str:
    """Return a generated action_id like the ones Slack assigns to elements without one."""
    return _random(_BLOCK_ID_CHARS, 4)
