"""Fault injection: server errors, 429 storms, slow responses and a fixed latency."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from sandbox.clock import Clock


@dataclass
class _Rule:
    kind: str
    method: str | None
    remaining: int | None = None
    until: float | None = None
    status: int = 500
    seconds: float = 0.0
    retry_after: int = 1

    def matches(self, method: str, now: float) -> bool:
        """True if this rule applies to a call of `method` at `now`."""
        if self.method is not None and self.method != method:
            return False
        if self.until is not None:
            return now < self.until
        return self.remaining is not None and self.remaining > 0


@dataclass(frozen=True)
class Outcome:
    """What the injected faults do to one call."""

    delay: float = 0.0
    status: int | None = None
    retry_after: int | None = None


class Faults:
    """Rules that disturb Web API and response_url calls (method "response_url")."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self.latency = 0.0

    def _add(self, rule: _Rule) -> None:
        with self._lock:
            self._rules.append(rule)

    def fail_next(self, n: int = 1, *, status: int = 500, method: str | None = None) -> None:
        """Answer the next `n` matching calls with HTTP `status`."""
        self._add(_Rule("error", method, remaining=n, status=status))

    def fail_for(self, seconds: float, *, status: int = 503, method: str | None = None) -> None:
        """Answer matching calls with HTTP `status` for `seconds` of stand-in clock time."""
        self._add(_Rule("error", method, until=self._clock() + seconds, status=status))

    def ratelimit_next(
        self, n: int = 1, *, retry_after: int = 1, method: str | None = None
    ) -> None:
        """Answer the next `n` matching calls with 429 and Retry-After."""
        self._add(_Rule("ratelimit", method, remaining=n, retry_after=retry_after))

    def ratelimit_for(
        self, seconds: float, *, retry_after: int = 1, method: str | None = None
    ) -> None:
        """Answer matching calls with 429 for `seconds` of stand-in clock time."""
        until = self._clock() + seconds
        self._add(_Rule("ratelimit", method, until=until, retry_after=retry_after))

    def delay_next(self, seconds: float, n: int = 1, *, method: str | None = None) -> None:
        """Hold the response to the next `n` matching calls for `seconds` of real time."""
        self._add(_Rule("delay", method, remaining=n, seconds=seconds))

    def delay_for(self, duration: float, seconds: float, *, method: str | None = None) -> None:
        """Hold responses by `seconds` for calls made within `duration` of stand-in time."""
        self._add(_Rule("delay", method, until=self._clock() + duration, seconds=seconds))

    def clear(self) -> None:
        """Remove every rule and the fixed latency."""
        with self._lock:
            self._rules.clear()
            self.latency = 0.0

    def take(self, method: str) -> Outcome:
        """Apply the rules to one call, consuming counted rules that match."""
        delay, status, retry_after = self.latency, None, None
        with self._lock:
            now = self._clock()
            for rule in self._rules:
                if not rule.matches(method, now):
                    continue
                if rule.kind == "delay":
                    delay += rule.seconds
                elif status is None:
                    status = 429 if rule.kind == "ratelimit" else rule.status
                    retry_after = rule.retry_after if rule.kind == "ratelimit" else None
                else:
                    continue
                if rule.remaining is not None:
                    rule.remaining -= 1
            self._rules = [
                r for r in self._rules if r.remaining != 0 and (r.until is None or r.until > now)
            ]
        return Outcome(delay=delay, status=status, retry_after=retry_after)
