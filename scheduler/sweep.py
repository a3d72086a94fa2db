"""One sweep: claim due follow-ups, decide, record, deliver, and say what happened."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot import ledger
from bot.clock import Clock
from bot.config import Settings
from bot.ledger import Scope, Scorecard
from bot.models import FollowUp, Member, NudgeKind
from bot.nudging.claims import claim_due, keep_claims
from bot.nudging.digests import claim_digests
from bot.nudging.outbox import forget, mark_attempted, mark_failed, mark_sent, still_owed
from bot.nudging.plan import Batch, plan_sweep
from bot.nudging.policy import PolicyBook
from scheduler.delivery import Delivery, Later, Posted

log = logging.getLogger(__name__)

Message = tuple[str, list[dict[str, Any]]]
ATTEMPT_GROUP = 10  # DMs marked "being posted" together: after a crash, at most these are looked up


@dataclass(frozen=True)
class Renderers:
    """The words of each DM, supplied by the Slack layer (the scheduler writes none)."""

    reminder: Callable[[Member, list[FollowUp], list[int], int, datetime], Message]
    lapse_notice: Callable[[Member, list[FollowUp], int], Message]
    digest: Callable[[Member, list[FollowUp], list[FollowUp], Scorecard, datetime], Message]


class Sweep:
    """Finds what is due and delivers it once, whatever other processes sweep alongside."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        clock: Clock,
        delivery: Callable[[str], Delivery | None],
        renderers: Renderers,
        *,
        batch: int = 100,
        digests: int = 200,
    ) -> None:
        self.sessions, self.settings, self.clock = sessions, settings, clock
        self.delivery, self.renderers = delivery, renderers
        self.batch, self.digest_limit = batch, digests
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def run(self, at: datetime | None = None) -> list[str]:
        """Sweep as of `at` (default: the clock's now); one line per thing done."""
        done: list[str] = []
        self._paused: dict[str, datetime] = {}  # workspaces that answered 429 during this run
        while True:
            now = at or self.clock.now()
            with self.sessions.begin() as session:
                lease = timedelta(seconds=self.settings.lease_seconds)
                ids = claim_due(session, now=now, owner=self.owner, batch=self.batch, lease=lease)
            if not ids:
                break
            with self.sessions.begin() as session:
                plan = plan_sweep(session, self.settings, ids, now)
                book = PolicyBook(session, self.settings, now)
                messages = [(batch, self._render(book, batch)) for batch in plan.batches]
                done += [
                    f"held {h.follow_up.ref} until {h.until:%Y-%m-%d %H:%M} UTC: {h.why}"
                    for h in plan.holds
                ]
            done += self._deliver_all(messages, now)
        return done + self._digests(at or self.clock.now())

    def _deliver_all(self, messages: list[tuple[Batch, Message]], now: datetime) -> list[str]:
        """Post each DM; record the delivered ones together (a crash between is recovered)."""
        done: list[str] = []
        sent: list[tuple[Batch, str, str]] = []
        try:
            for start in range(0, len(messages), ATTEMPT_GROUP):
                group, lost = self._still_ours(messages[start : start + ATTEMPT_GROUP], now)
                done += [f"left the {self._about(batch)} to another sweep" for batch in lost]
                for batch, message in group:
                    line, posted = self._deliver(batch, message, now)
                    done.append(line)
                    if posted is not None:
                        sent.append((batch, posted.channel, posted.ts))
        finally:
            with self.sessions.begin() as session:
                mark_sent(session, self.settings, sent, now)
        return done

    def _still_ours(
        self, group: list[tuple[Batch, Message]], now: datetime
    ) -> tuple[list[tuple[Batch, Message]], list[Batch]]:
        """Renew our leases on a group about to be posted and mark it attempted.

        A batch whose lease another sweep took over (ours ran out) is left to that sweep.
        """
        ids = [f.id for batch, _message in group for f in batch.follow_ups]
        until = max(now, self.clock.now()) + timedelta(seconds=self.settings.lease_seconds)
        with self.sessions.begin() as session:
            held = keep_claims(session, ids, owner=self.owner, until=until)
            ours = [(b, m) for b, m in group if all(f.id in held for f in b.follow_ups)]
            mark_attempted(session, [batch for batch, _message in ours])
        kept = {batch.key for batch, _message in ours}
        return ours, [batch for batch, _message in group if batch.key not in kept]

    @staticmethod
    def _about(batch: Batch) -> str:
        who = f"{batch.recipient.name} ({batch.recipient.slack_user_id})"
        return f"{batch.kind.value} to {who} ({', '.join(f.ref for f in batch.follow_ups)})"

    def _render(self, book: PolicyBook, batch: Batch) -> Message:
        reminders = book.policy(batch.follow_ups[0]).max_nudges
        if batch.kind is NudgeKind.LAPSE:
            return self.renderers.lapse_notice(batch.recipient, batch.follow_ups, reminders)
        return self.renderers.reminder(
            batch.recipient, batch.follow_ups, batch.numbers, reminders, book.now
        )

    def _deliver(self, batch: Batch, message: Message, now: datetime) -> tuple[str, Posted | None]:
        about = self._about(batch)
        delivery = self.delivery(batch.team_id)
        if delivery is None:
            return self._later(batch, Later("no Slack token for this workspace"), now, about), None
        paused = self._paused.get(batch.team_id)
        if paused is not None:
            wait = Later("rate limited", retry_after=(paused - now).total_seconds())
            return self._later(batch, wait, now, about), None
        if batch.attempted:
            # An earlier sweep began posting it: it may be in Slack already (a crash after posting).
            found = delivery.find(
                batch.team_id, batch.recipient.slack_user_id, batch.recipient.dm_channel, batch.key
            )
            if isinstance(found, Posted):
                return f"found the {about} already in Slack", found
            if isinstance(found, Later):
                return self._later(batch, found, now, about), None
        if batch.retry:
            with self.sessions.begin() as session:
                if not still_owed(session, batch):
                    forget(session, batch)
                    return f"dropped an unsent {about}: answered meanwhile", None
        text, blocks = message
        metadata = {
            "batch": batch.key,
            "kind": batch.kind.value,
            "follow_ups": [f.id for f in batch.follow_ups],
            "numbers": batch.numbers,
        }
        outcome = delivery.post(
            batch.team_id, batch.recipient.slack_user_id, text, blocks, metadata
        )
        if isinstance(outcome, Posted):
            return self._describe(batch, about), outcome
        return self._later(batch, outcome, now, about), None

    def _later(self, batch: Batch, later: Later, now: datetime, about: str) -> str:
        wait = None if later.retry_after is None else now + timedelta(seconds=later.retry_after)
        if wait is not None:
            self._paused.setdefault(batch.team_id, wait)
        with self.sessions.begin() as session:
            retry_at = mark_failed(session, batch, retry_at=wait, now=now)
        return f"will retry the {about} at {retry_at:%H:%M:%S} UTC: {later.reason}"

    @staticmethod
    def _describe(batch: Batch, about: str) -> str:
        if batch.kind is NudgeKind.LAPSE:
            return f"lapsed: sent the {about}"
        numbers = ", ".join(str(n) for n in batch.numbers)
        return f"nudged: sent the {about}, reminder {numbers}"

    def _digests(self, now: datetime) -> list[str]:
        with self.sessions.begin() as session:
            members = claim_digests(session, self.settings, now, self.digest_limit)
            messages = []
            for member in members:
                scope = Scope(session, member.team_id, now, self.settings)
                owed = ledger.owed_by(scope, member.slack_user_id)
                owed_to_me = ledger.owed_to(scope, member.slack_user_id)
                if owed or owed_to_me:
                    card = ledger.scorecard(scope, member.slack_user_id)
                    messages.append(
                        (member, self.renderers.digest(member, owed, owed_to_me, card, now))
                    )
        done = []
        for member, (text, blocks) in messages:
            delivery = self.delivery(member.team_id)
            outcome = (
                delivery.post(
                    member.team_id,
                    member.slack_user_id,
                    text,
                    blocks,
                    {"digest": now.date().isoformat()},
                )
                if delivery
                else Later("no token")
            )
            state = "sent" if isinstance(outcome, Posted) else f"not sent ({outcome.reason})"
            done.append(f"weekly digest to {member.name} ({member.slack_user_id}): {state}")
        return done
