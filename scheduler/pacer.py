"""Pacing Web API calls per workspace and method under Slack's limits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# Calls per second we allow ourselves, a little under Slack's published limits.
DEFAULT_RATES = {
    "chat.postMessage": 4.8,  # Slack: about 1/s per channel, several hundred/min per workspace
    "conversations.open": 0.8,  # Tier 3: 50+/min
    "conversations.history": 0.8,  # Tier 3
}


@dataclass
class _Bucket:
    rate: float
    burst: float
    tokens: float
    stamp: float


@dataclass
class Pacer:
    """Token buckets per (workspace, method), refilled in real time."""

    rates: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_RATES))
    burst: float = 3.0
    monotonic: Callable[[], float] = time.monotonic
    _buckets: dict[tuple[str, str], _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def reserve(self, team_id: str, method: str) -> float:
        """Take the next slot for a call; returns how many seconds to wait before making it."""
        rate = self.rates.get(method, 10.0)
        with self._lock:
            now = self.monotonic()
            bucket = self._buckets.setdefault(
                (team_id, method), _Bucket(rate, self.burst, self.burst, now)
            )
            bucket.tokens = min(bucket.burst, bucket.tokens + (now - bucket.stamp) * bucket.rate)
            bucket.stamp = now
            bucket.tokens -= 1
            return 0.0 if bucket.tokens >= 0 else -bucket.tokens / bucket.rate
