"""Handing outbox messages to a courier, and recording what became of each, exactly once.

A courier claims the due messages of a few channels (oldest first, never overtaking an older
message in the same channel), checks each again right before posting it (`prepare`), and
reports the outcome: `sent`, `later` (a 429 or an outage), `failed` (Slack refused it for good).
Every step is its own short transaction; a claim is a lease, so a crashed courier's messages
are taken over, and a message that was being posted is first looked for in Slack.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.db import peek
from bot.ledger.activity import log_activity
from bot.ledger.changes import bookkeep
from bot.ledger.scope import Scope
from bot.models import (
    Delivery,
    FollowUp,
    Member,
    MessageKind,
    MessageState,
    Nudge,
    OutboxMessage,
    Workspace,
)
from bot.outbox.claims import CANDIDATES, claimable, free_lease, in_channel_order, release_lease
from bot.outbox.delivered import record_sent
from bot.outbox.recheck import (
    changed_cards,
    changed_reminders,
    recheck_card,
    recheck_reminder,
)
from bot.outbox.wording import Wording

log = logging.getLogger(__name__)

INACTIVE_WAIT = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(days=3)  # a message still undeliverable after this is recorded failed


@dataclass(frozen=True)
class Parcel:
    """A claimed message, with everything the courier needs to post it."""

    id: int
    key: str
    team_id: str
    kind: MessageKind
    delivery: Delivery
    channel: str
    user_id: str | None
    thread_ts: str | None
    target_ts: str | None
    response_url: str | None
    replace_original: bool  # a response_url answer that replaces the message clicked
    text: str
    blocks: list[dict[str, Any]] | None
    attempts: int  # earlier attempts: >0 means it may already be in Slack
    dm_channel: str | None  # the D… id of a DM, when known
    after_ts: str | None  # the bot's last known message in that channel before this one
    follow_ups: list[int]  # the follow-ups it is about (carried in its metadata)

    @property
    def findable(self) -> bool:
        """Posted messages carry their key in metadata, so they can be found after a crash."""
        return self.delivery is Delivery.POST


class Dispatch:
    """The outbox as a courier sees it."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        settings: Settings,
        wording: Wording,
        *,
        owner: str,
    ) -> None:
        self.sessions, self.clock, self.settings, self.wording = sessions, clock, settings, wording
        self.owner = owner
        self.lease = timedelta(seconds=settings.lease_seconds)

    def claim(self, limit: int = 50, *, look_first: bool = True) -> list[Parcel]:
        """Lease up to `limit` due messages, whole channels at a time, oldest first.

        Most looks of an idle courier find nothing, so it looks first with a read (no write
        lock for them); one that has just delivered a batch (`look_first=False`) claims at once.
        """
        if look_first:
            with peek(self.sessions) as looking:
                if not claimable(looking, self.clock.now(), limit):
                    return []
        with self.sessions.begin() as session:
            now = self.clock.now()
            ids = claimable(session, now, limit)
            if not ids:
                return []
            won = set(
                session.scalars(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_(ids), OutboxMessage.state == MessageState.PENDING)
                    .where(free_lease(now))
                    .values(lease_owner=self.owner, lease_until=now + self.lease)
                    .returning(OutboxMessage.id)
                    .execution_options(synchronize_session=False)
                )
            )
            kept = in_channel_order(session, ids, won)
            if kept != won:
                release_lease(session, won - kept, self.owner)
            rows = session.execute(
                select(*PARCEL_COLUMNS).where(OutboxMessage.id.in_(kept)).order_by(OutboxMessage.id)
            ).all()
            return [_parcel(row) for row in rows]

    def with_hints(self, parcel: Parcel) -> Parcel:
        """Where to look for a message that may already be in Slack: the DM's channel id, and
        the bot's last message there before this one (history older than it is not read)."""
        with self.sessions.begin() as session:
            recipient = session.scalar(
                select(OutboxMessage.recipient_id).where(OutboxMessage.id == parcel.id)
            )
            dm_channel = None
            if recipient is not None:
                dm_channel = session.scalar(select(Member.dm_channel).where(Member.id == recipient))
            after = session.scalar(
                select(OutboxMessage.sent_ts)
                .where(OutboxMessage.team_id == parcel.team_id)
                .where(OutboxMessage.channel == parcel.channel)
                .where(OutboxMessage.state == MessageState.SENT, OutboxMessage.id < parcel.id)
                .order_by(OutboxMessage.id.desc())
                .limit(1)
            )
        return replace(parcel, dm_channel=dm_channel, after_ts=after)

    def prepare(self, parcels: list[Parcel]) -> list[Parcel]:
        """Right before posting: still ours, still worth saying? Counts the attempt (one
        transaction for the batch).

        A reminder drops what was answered or changed since it was written (and is dropped if
        nothing is left); a card shows the follow-up as it stands now; a message to a
        workspace that uninstalled the app waits.
        """
        if not parcels:
            return []
        with self.sessions.begin() as session:
            now = self.clock.now()
            ours = set(
                session.scalars(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_([p.id for p in parcels]))
                    .where(OutboxMessage.state == MessageState.PENDING)
                    .where(OutboxMessage.lease_owner == self.owner)
                    .values(attempts=OutboxMessage.attempts + 1, lease_until=now + self.lease)
                    .returning(OutboxMessage.id)
                    .execution_options(synchronize_session=False)
                )
            )
            mine = [p for p in parcels if p.id in ours]
            off = self._uninstalled(session, mine, now)
            reminders = [p.id for p in mine if p.kind is MessageKind.REMINDER]
            cards = [p.id for p in mine if p.kind is MessageKind.CARD]
            changed = changed_reminders(session, reminders) | changed_cards(session, cards)
            ready = []
            for parcel in mine:
                if parcel.team_id in off:
                    continue
                if parcel.id in changed:
                    ready += self._rechecked(session, parcel, now)
                else:
                    ready.append(parcel)
            return ready

    def _uninstalled(self, session: Session, parcels: list[Parcel], now: datetime) -> set[str]:
        """Workspaces that uninstalled the app: their messages wait (a reinstall resumes them)."""
        teams = {p.team_id for p in parcels}
        off = set(
            session.scalars(
                select(Workspace.team_id).where(
                    Workspace.team_id.in_(teams), Workspace.active.is_(False)
                )
            )
        )
        if off:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_([p.id for p in parcels if p.team_id in off]))
                .values(lease_owner=None, lease_until=None, not_before=now + INACTIVE_WAIT)
                .execution_options(synchronize_session=False)
            )
        return off

    def _rechecked(self, session: Session, parcel: Parcel, now: datetime) -> list[Parcel]:
        """The message as the ledger stands now; nothing when nothing is left to say."""
        row = session.get(OutboxMessage, parcel.id)
        assert row is not None
        if row.kind is MessageKind.REMINDER:
            message = recheck_reminder(session, self.settings, self.wording, row, now)
            if message is None:
                row.state, row.error = MessageState.DROPPED, "everything in it was answered"
                row.lease_owner = row.lease_until = None
                return []
        else:
            message = recheck_card(session, self.wording, row, now)
        if message is not None:
            row.text, row.blocks = message.text, message.blocks
        about = list(row.link_follow_ups or [])
        return [replace(parcel, text=row.text, blocks=row.blocks, follow_ups=about)]

    def renew(self, parcels: list[Parcel]) -> set[int]:
        """Extend the lease on messages still to be posted; returns the ids still ours."""
        if not parcels:
            return set()
        with self.sessions.begin() as session:
            now = self.clock.now()
            return set(
                session.scalars(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_([p.id for p in parcels]))
                    .where(OutboxMessage.lease_owner == self.owner)
                    .where(OutboxMessage.state == MessageState.PENDING)
                    .values(lease_until=now + self.lease)
                    .returning(OutboxMessage.id)
                    .execution_options(synchronize_session=False)
                )
            )

    def sent(self, delivered: list[tuple[Parcel, str, str]]) -> None:
        """These messages are in Slack (parcel, channel, ts): record where, and do what their
        delivery settles, in one transaction."""
        if delivered:
            with self.sessions.begin() as session:
                batch = [(parcel.id, channel, ts) for parcel, channel, ts in delivered]
                record_sent(session, self.settings, batch, self.clock.now())

    def later(self, parcel: Parcel, *, until: datetime | None, reason: str) -> datetime:
        """Not delivered now (rate limited or unreachable): keep it, try again at `until`."""
        with self.sessions.begin() as session:
            now = self.clock.now()
            row = session.get(OutboxMessage, parcel.id)
            if row is None or row.state is not MessageState.PENDING:
                return now
            row.lease_owner = row.lease_until = None
            if now - row.created_at > GIVE_UP_AFTER:
                row.state, row.error = MessageState.FAILED, f"gave up after 3 days: {reason}"[:500]
                log.error("gave up on %s message %s: %s", row.kind.value, row.key, reason)
                return now
            pause: timedelta = timedelta(seconds=30) * 2 ** max(row.attempts - 1, 0)
            retry_at = until or now + min(pause, timedelta(minutes=30))
            row.not_before, row.error = retry_at, reason[:500]
            return retry_at

    def failed(self, parcel: Parcel, *, reason: str) -> None:
        """Slack refused the message for good: record why; it is never retried."""
        with self.sessions.begin() as session:
            row = session.get(OutboxMessage, parcel.id)
            if row is None or row.state is not MessageState.PENDING:
                return
            row.state, row.error = MessageState.FAILED, reason[:500]
            row.lease_owner = row.lease_until = None
            log.error("Slack refused %s message %s for good: %s", row.kind.value, row.key, reason)
            if row.kind is MessageKind.REMINDER:
                _unschedule(session, self.settings, row, self.clock.now(), reason)

    def hold_workspace(self, team_id: str, *, until: datetime) -> None:
        """Slack rate-limited the workspace: nothing more goes there before `until`."""
        with self.sessions.begin() as session:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.team_id == team_id)
                .where(OutboxMessage.state == MessageState.PENDING)
                .where(OutboxMessage.not_before < until)
                .values(not_before=until)
                .execution_options(synchronize_session=False)
            )

    def give_back(self, parcels: list[Parcel]) -> None:
        """Messages claimed but not posted in this round: others may take them at once."""
        if parcels:
            with self.sessions.begin() as session:
                release_lease(session, {p.id for p in parcels}, self.owner)

    def release(self) -> int:
        """Hand back every message this courier holds (a graceful stop)."""
        with self.sessions.begin() as session:
            result = session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.lease_owner == self.owner)
                .where(OutboxMessage.state == MessageState.PENDING)
                .values(lease_owner=None, lease_until=None)
                .execution_options(synchronize_session=False)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def due(self) -> int:
        """How many due messages no courier holds, counting those queued behind one a courier
        is delivering, but not those behind an older message of their channel that waits for
        later (a backoff, a Retry-After)."""
        now = self.clock.now()
        earlier = aliased(OutboxMessage)
        held_back = (
            select(earlier.id)
            .where(earlier.team_id == OutboxMessage.team_id)
            .where(earlier.channel == OutboxMessage.channel)
            .where(earlier.state == MessageState.PENDING, earlier.id < OutboxMessage.id)
            .where(earlier.not_before > now)
            .exists()
        )
        with peek(self.sessions) as session:
            return int(
                session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.state == MessageState.PENDING)
                    .where(OutboxMessage.not_before <= now, ~held_back)
                    .where(free_lease(now))
                )
                or 0
            )

    def waiting(self) -> int:
        """How many messages a courier could claim now (due, free, not behind a waiting one)."""
        with self.sessions.begin() as session:
            return len(claimable(session, self.clock.now(), CANDIDATES))


PARCEL_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.key,
    OutboxMessage.team_id,
    OutboxMessage.kind,
    OutboxMessage.delivery,
    OutboxMessage.channel,
    OutboxMessage.user_id,
    OutboxMessage.thread_ts,
    OutboxMessage.target_ts,
    OutboxMessage.response_url,
    OutboxMessage.replace_original,
    OutboxMessage.text,
    OutboxMessage.blocks,
    OutboxMessage.attempts,
    OutboxMessage.link_follow_ups,
)  # what a courier needs of a message (its columns only: no ORM objects for a batch)


def _parcel(row: Row[Any]) -> Parcel:
    return Parcel(
        id=row.id,
        key=row.key,
        team_id=row.team_id,
        kind=row.kind,
        delivery=row.delivery,
        channel=row.channel,
        user_id=row.user_id,
        thread_ts=row.thread_ts,
        target_ts=row.target_ts,
        response_url=row.response_url,
        replace_original=row.replace_original,
        text=row.text,
        blocks=row.blocks,
        attempts=row.attempts,
        dm_channel=None,
        after_ts=None,
        follow_ups=list(row.link_follow_ups or []),
    )


def _unschedule(
    session: Session, settings: Settings, row: OutboxMessage, now: datetime, reason: str
) -> None:
    """A reminder Slack refused: its follow-ups stay open, unnudged, and never lapse from it."""
    for nudge, follow_up in session.execute(
        select(Nudge, FollowUp)
        .join(FollowUp, FollowUp.id == Nudge.follow_up_id)
        .where(Nudge.message_id == row.id)
    ).all():
        if follow_up.version != nudge.follow_up_version or not follow_up.is_open:
            continue
        bookkeep(session, follow_up, nudge_count=max(0, follow_up.nudge_count - 1))
        scope = Scope(session, follow_up.team_id, now, settings)
        log_activity(scope, "reminder_failed", actor=None, follow_up=follow_up, reason=reason)
