"""Refusing replayed requests: a signed body is accepted once while its timestamp is fresh."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

FRESH_SECONDS = 5 * 60  # Slack's own limit on a request timestamp's age


class SeenSignatures:
    """Signatures of requests already accepted, forgotten once they could no longer verify."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()
        self._monotonic = monotonic

    def first_time(self, signature: str) -> bool:
        """True the first time a signature is seen; False for a replay."""
        now = self._monotonic()
        with self._lock:
            while self._seen and next(iter(self._seen.values())) < now:
                self._seen.popitem(last=False)
            if signature in self._seen:
                return False
            self._seen[signature] = now + FRESH_SECONDS
            return True
