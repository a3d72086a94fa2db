"""Slack-like rate limits: token buckets per workspace and method (and per channel for posts)."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

from sandbox.clock import Clock


@dataclass(frozen=True)
class Limit:
    """A token bucket: `per_minute` sustained rate, `burst` calls allowed back to back."""

    per_minute: float
    burst: int | None = None

    @property
    def capacity(self) -> float:
        """How many calls fit in a full bucket."""
        return float(self.burst if self.burst is not None else max(1, int(self.per_minute)))

    @property
    def per_second(self) -> float:
        """Refill rate in calls per second."""
        return self.per_minute / 60.0


def _method_defaults() -> dict[str, Limit]:
    tier3, tier4 = Limit(50), Limit(100)
    return {
        # Tier 1, with the small burst Slack tolerates (reconnecting clients call it in a row).
        "apps.connections.open": Limit(1, burst=20),
        "oauth.v2.access": tier4,
        "conversations.info": tier3,
        "conversations.members": tier4,
        "chat.postMessage": Limit(300),
        "chat.postEphemeral": tier4,
        "chat.update": tier3,
        "chat.getPermalink": tier4,
        "conversations.open": tier3,
        "conversations.history": tier3,
        "conversations.replies": tier3,
        "users.info": tier4,
        "users.list": Limit(20),
        "reactions.get": tier3,
        "reactions.add": tier3,
        "views.open": tier4,
        "views.push": tier4,
        "views.update": tier4,
        "views.publish": tier4,
    }


@dataclass
class RateLimitConfig:
    """Which limits apply; `per_channel` buckets are keyed by the call's channel argument."""

    methods: dict[str, Limit] = field(default_factory=_method_defaults)
    per_channel: dict[str, Limit] = field(
        default_factory=lambda: {"chat.postMessage": Limit(60, burst=3)}
    )
    default: Limit = field(default_factory=lambda: Limit(1000))
    enabled: bool = True

    @classmethod
    def unlimited(cls) -> RateLimitConfig:
        """A configuration that never answers 429."""
        return cls(enabled=False)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Consumes tokens for calls and says how long to wait when a bucket is empty."""

    def __init__(self, config: RateLimitConfig, clock: Clock) -> None:
        self.config = config
        self._clock = clock
        self._buckets: dict[tuple[str, ...], _Bucket] = {}
        self._lock = threading.Lock()

    def check(self, team_id: str, method: str, channel: str | None) -> int | None:
        """Take a token for this call; return Retry-After seconds if it is rate limited."""
        if not self.config.enabled:
            return None
        limits: list[tuple[tuple[str, ...], Limit]] = [
            ((team_id, method), self.config.methods.get(method, self.config.default))
        ]
        channel_limit = self.config.per_channel.get(method)
        if channel_limit is not None and channel:
            limits.append(((team_id, method, channel), channel_limit))
        with self._lock:
            now = self._clock()
            buckets = [(self._refill(key, limit, now), limit) for key, limit in limits]
            waits = [(1.0 - b.tokens) / limit.per_second for b, limit in buckets if b.tokens < 1]
            if waits:
                return max(1, math.ceil(max(waits)))
            for bucket, _ in buckets:
                bucket.tokens -= 1.0
        return None

    def _refill(self, key: tuple[str, ...], limit: Limit, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(limit.capacity, now)
        elapsed = max(0.0, now - bucket.updated)
        bucket.tokens = min(limit.capacity, bucket.tokens + elapsed * limit.per_second)
        bucket.updated = now
        return bucket

    def reset(self) -> None:
        """Refill every bucket."""
        with self._lock:
            self._buckets.clear()
