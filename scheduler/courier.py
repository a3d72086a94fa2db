"""The one paced, retried path to Slack: the courier delivers what the outbox holds.

Each claimed message is checked again, posted, and its outcome recorded: in Slack; later (a
429 waits for Retry-After, an outage backs off); or refused for good (malformed, gone), which
is logged and never retried. A message that may have been posted before a crash is looked
for in Slack by the key in its metadata before it is posted again.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from slack_sdk import WebClient

from bot.models import Delivery
from bot.outbox.dispatch import Dispatch, Parcel
from scheduler.pacer import Pacer
from scheduler.slack_calls import Later, Posted, Refused, Slack

log = logging.getLogger(__name__)

BATCH = 100
SENT_BATCH = BATCH  # posted messages recorded together (a crash between is found again in Slack)


class _Next(enum.Enum):
    """After one message: anything may go next, or its channel or workspace must wait."""

    ANY = "any"
    CHANNEL_WAITS = "channel"
    WORKSPACE_WAITS = "workspace"


@dataclass
class _Round:
    """A claimed batch: its messages per channel in order, and those posted but not recorded."""

    queues: dict[tuple[str, str], deque[Parcel]]
    renewed_at: float
    sent: list[tuple[Parcel, str, str]]
    flushed_at: float


class Courier:
    """Delivers the outbox through the Web API, paced per workspace and per channel."""

    def __init__(
        self,
        dispatch: Dispatch,
        clients: Callable[[str], WebClient | None],
        pacer: Pacer,
        *,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.dispatch, self.clients, self.pacer = dispatch, clients, pacer
        self.sleep, self.monotonic = sleep, monotonic
        self.stopping = threading.Event()
        self.lines: deque[str] = deque(maxlen=1000)  # what was delivered, for the CLI and tests
        self.busy = False  # the last step had a batch: the next claims without looking first

    def step(self) -> bool:
        """Claim and deliver one batch; False when nothing was due."""
        parcels = self.dispatch.claim(BATCH, look_first=not self.busy)
        self.busy = bool(parcels)
        if not parcels:
            return False
        batch = _Round({}, self.monotonic(), [], self.monotonic())
        try:
            for parcel in self.dispatch.prepare(self._recovered(parcels, batch)):
                batch.queues.setdefault((parcel.team_id, parcel.channel), deque()).append(parcel)
            self._deliver_all(batch)
        finally:
            self._record_sent(batch)
            for queue in batch.queues.values():
                self._give_back(queue)
        return True

    def _deliver_all(self, batch: _Round) -> None:
        while batch.queues and not self.stopping.is_set():
            self._renew_if_due(batch)
            where = next((w for w in batch.queues if not self._ready_in(batch.queues[w][0])), None)
            if where is None:  # every channel must wait: sleep until the first may go
                self.sleep(min(min(self._ready_in(q[0]) for q in batch.queues.values()), 1.0))
                continue
            parcel = batch.queues[where].popleft()
            outcome = self._deliver(parcel, batch)
            if outcome is _Next.WORKSPACE_WAITS:  # a 429: the whole workspace waits
                for other in [w for w in batch.queues if w[0] == parcel.team_id]:
                    self._give_back(batch.queues.pop(other))
            elif outcome is _Next.CHANNEL_WAITS:
                self._give_back(batch.queues.pop(where))  # keep the channel's order
            elif not batch.queues[where]:
                del batch.queues[where]
            if len(batch.sent) >= SENT_BATCH or self.monotonic() - batch.flushed_at > 1.0:
                self._record_sent(batch)

    def _recovered(self, parcels: list[Parcel], batch: _Round) -> list[Parcel]:
        """Messages a crashed courier may have posted are looked for in Slack first."""
        fresh: list[Parcel] = []
        waiting: set[tuple[str, str]] = set()
        for parcel in parcels:
            where = (parcel.team_id, parcel.channel)
            if where in waiting:
                self._give_back(deque([parcel]))
                continue
            client = self.clients(parcel.team_id)
            if not parcel.attempts or not parcel.findable or client is None:
                fresh.append(parcel)
                continue
            found = Slack(client, self.pacer, sleep=self.sleep).find(
                self.dispatch.with_hints(parcel)
            )
            if isinstance(found, Posted):
                batch.sent.append((parcel, found.channel, found.ts))
                self._said(parcel, "found already in Slack")
            elif isinstance(found, Later | Refused):
                self._later(parcel, found if isinstance(found, Later) else Later(found.reason))
                waiting.add(where)
            else:
                fresh.append(parcel)
        return fresh

    def _record_sent(self, batch: _Round) -> None:
        if batch.sent:
            self.dispatch.sent(batch.sent)
            batch.sent = []
        batch.flushed_at = self.monotonic()

    def _ready_in(self, parcel: Parcel) -> float:
        return self.pacer.ready_in(parcel.team_id, _method(parcel), parcel.channel)

    def _renew_if_due(self, batch: _Round) -> None:
        if self.monotonic() - batch.renewed_at < self.dispatch.lease.total_seconds() / 2:
            return
        waiting = [p for queue in batch.queues.values() for p in queue]
        ours = self.dispatch.renew(waiting)
        for where in list(batch.queues):
            kept = deque(p for p in batch.queues[where] if p.id in ours)
            if len(kept) != len(batch.queues[where]):
                del batch.queues[where]  # taken over: leave the whole channel to its new owner
            else:
                batch.queues[where] = kept
        batch.renewed_at = self.monotonic()

    def _deliver(self, parcel: Parcel, batch: _Round) -> _Next:
        """Post one message and note the outcome; says what may go next."""
        client = self.clients(parcel.team_id)
        if client is None:
            self.dispatch.later(parcel, until=None, reason="no Slack token for this workspace")
            return _Next.CHANNEL_WAITS
        outcome = Slack(client, self.pacer, sleep=self.sleep).deliver(parcel)
        if isinstance(outcome, Posted):
            batch.sent.append((parcel, outcome.channel, outcome.ts))
            self._said(parcel, "sent")
            return _Next.ANY
        if isinstance(outcome, Refused):
            self.dispatch.failed(parcel, reason=outcome.reason)
            self._said(parcel, f"refused by Slack: {outcome.reason}")
            return _Next.ANY
        return self._later(parcel, outcome)

    def _later(self, parcel: Parcel, later: Later) -> _Next:
        until = None
        if later.retry_after is not None:
            until = self.dispatch.clock.now() + timedelta(seconds=later.retry_after)
        retry_at = self.dispatch.later(parcel, until=until, reason=later.reason)
        self._said(parcel, f"will retry at {retry_at:%H:%M:%S} UTC: {later.reason}")
        if until is None:
            return _Next.CHANNEL_WAITS
        self.dispatch.hold_workspace(parcel.team_id, until=until)
        return _Next.WORKSPACE_WAITS

    def _give_back(self, queue: deque[Parcel]) -> None:
        if queue:
            self.dispatch.give_back(list(queue))

    def _said(self, parcel: Parcel, what: str) -> None:
        line = f"{parcel.kind.value} to {parcel.channel}: {what}"
        self.lines.append(line)
        log.info(line)


def _method(parcel: Parcel) -> str:
    return {
        Delivery.POST: "chat.postMessage",
        Delivery.EPHEMERAL: "chat.postEphemeral",
        Delivery.UPDATE: "chat.update",
        Delivery.RESPOND: "response_url",
    }[parcel.delivery]
