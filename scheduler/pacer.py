"""Pacing Web API calls under Slack's limits: per workspace and method, and per channel."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# Calls per second we allow ourselves, a little under Slack's published limits.
DEFAULT_RATES = {
    "chat.postMessage": 4.8,  # Slack: several hundred a minute per workspace
    "chat.postEphemeral": 1.6,  # Tier 4: 100+ a minute
    "chat.update": 0.8,  # Tier 3: 50+ a minute
    "conversations.open": 0.8,  # Tier 3
    "conversations.history": 0.8,  # Tier 3
    "conversations.replies": 0.8,  # Tier 3
}
# chat.postMessage: about one message per second per channel, with short bursts; we keep a
# little under it, since our clock and Slack's never tick exactly together.
CHANNEL_RATE = 0.9
CHANNEL_BURST = 2.0
PER_CHANNEL = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update"})


@dataclass
class _Bucket:
    rate: float
    burst: float
    tokens: float
    stamp: float

    def refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait(self) -> float:
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


@dataclass
class Pacer:
    """Token buckets per (workspace, method) and per (workspace, channel), in real time."""

    rates: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_RATES))
    default_rate: float = 10.0
    burst: float = 3.0
    channel_rate: float = CHANNEL_RATE
    channel_burst: float = CHANNEL_BURST
    monotonic: Callable[[], float] = time.monotonic
    _buckets: dict[tuple[str, ...], _Bucket] = field(default_factory=dict)
    # A post to a user id lands in the DM with them: Slack counts both names as one channel.
    _conversations: dict[tuple[str, str], str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def unlimited(cls) -> Pacer:
        """No pacing at all (for a stand-in that enforces no limits)."""
        fast = 1_000_000.0
        return cls(rates={}, default_rate=fast, burst=fast, channel_rate=fast, channel_burst=fast)

    def ready_in(self, team_id: str, method: str, channel: str | None = None) -> float:
        """Seconds until a call could go out without waiting (0 when it can go now)."""
        with self._lock:
            now = self.monotonic()
            waits = []
            for bucket in self._for(team_id, method, channel, now):
                bucket.refill(now)
                waits.append(bucket.wait())
            return max(waits)

    def take(self, team_id: str, method: str, channel: str | None = None) -> None:
        """Spend a slot for a call that is going out now."""
        with self._lock:
            now = self.monotonic()
            for bucket in self._for(team_id, method, channel, now):
                bucket.refill(now)
                bucket.tokens -= 1

    def same_channel(self, team_id: str, user_id: str, dm_channel: str) -> None:
        """A message addressed to `user_id` was posted in `dm_channel`: from now on both names
        spend from one channel bucket, as Slack's per-channel limit does."""
        if user_id == dm_channel:
            return
        with self._lock:
            before = self._buckets.pop((team_id, "channel", user_id), None)
            self._conversations[(team_id, user_id)] = dm_channel
            key = (team_id, "channel", dm_channel)
            if before is not None:  # what the user id's bucket spent stays spent
                kept = self._buckets.get(key)
                self._buckets[key] = before if kept is None or before.tokens < kept.tokens else kept

    def reserve(self, team_id: str, method: str, channel: str | None = None) -> float:
        """Take the next slot; returns how many seconds to wait before making the call."""
        wait = self.ready_in(team_id, method, channel)
        self.take(team_id, method, channel)
        return wait

    def _for(self, team_id: str, method: str, channel: str | None, now: float) -> list[_Bucket]:
        rate = self.rates.get(method, self.default_rate)
        keys: list[tuple[tuple[str, ...], float, float]] = [((team_id, method), rate, self.burst)]
        if channel and method in PER_CHANNEL:
            channel = self._conversations.get((team_id, channel), channel)
            keys.append(((team_id, "channel", channel), self.channel_rate, self.channel_burst))
        buckets = []
        for key, bucket_rate, burst in keys:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(bucket_rate, burst, burst, now)
            buckets.append(bucket)
        return buckets
