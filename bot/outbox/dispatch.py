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

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.ledger.activity import log_activity
from bot.ledger.changes import bookkeep
from bot.ledger.messages import link_message
from bot.ledger.scope import Scope
from bot.models import (
    Delivery,
    FollowUp,
    Member,
    MessageKind,
    MessageState,
    Nudge,
    NudgeKind,
    OutboxMessage,
    Workspace,
)
from bot.nudging.policy import PolicyBook
from bot.outbox.recheck import recheck_card, recheck_reminder
from bot.outbox.wording import Wording

log = logging.getLogger(__name__)

CANDIDATES = 500  # pending messages looked at per claim
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

    def claim(self, limit: int = 50) -> list[Parcel]:
        """Lease up to `limit` due messages, whole channels at a time, oldest first."""
        with self.sessions.begin() as session:
            now = self.clock.now()
            ids = _claimable(session, now, limit)
            if not ids:
                return []
            won = set(
                session.scalars(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_(ids), OutboxMessage.state == MessageState.PENDING)
                    .where(_free(now))
                    .values(lease_owner=self.owner, lease_until=now + self.lease)
                    .returning(OutboxMessage.id)
                    .execution_options(synchronize_session=False)
                )
            )
            kept = _in_order(session, ids, won)
            if kept != won:
                _release(session, won - kept, self.owner)
            rows = session.scalars(
                select(OutboxMessage).where(OutboxMessage.id.in_(kept)).order_by(OutboxMessage.id)
            ).all()
            return [_parcel(session, row) for row in rows]

    def prepare(self, parcel: Parcel) -> Parcel | None:
        """Right before posting: still ours, still worth saying? Counts the attempt.

        A reminder drops what was answered or changed since it was written (and is dropped if
        nothing is left); a card about a follow-up closed meanwhile is posted closed.
        """
        with self.sessions.begin() as session:
            now = self.clock.now()
            row = session.get(OutboxMessage, parcel.id)
            if row is None or row.state is not MessageState.PENDING:
                return None
            if row.lease_owner != self.owner:
                return None
            if not _active(session, row.team_id):
                row.lease_owner, row.lease_until = None, None
                row.not_before = now + INACTIVE_WAIT
                return None
            message = None
            if row.kind is MessageKind.REMINDER:
                message = recheck_reminder(session, self.settings, self.wording, row, now)
                if message is None:
                    row.state, row.error = MessageState.DROPPED, "everything in it was answered"
                    row.lease_owner = row.lease_until = None
                    return None
            elif row.kind is MessageKind.CARD:
                message = recheck_card(session, self.wording, row, now)
            if message is not None:
                row.text, row.blocks = message.text, message.blocks
            row.attempts += 1
            row.lease_until = now + self.lease
            about = list(row.link_follow_ups or [])
            return replace(parcel, text=row.text, blocks=row.blocks, follow_ups=about)

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

    def sent(self, parcel: Parcel, *, channel: str, ts: str) -> None:
        """The message is in Slack: record where, and do what its delivery settles."""
        with self.sessions.begin() as session:
            now = self.clock.now()
            row = session.get(OutboxMessage, parcel.id)
            if row is None or row.state is not MessageState.PENDING:
                return
            row.state, row.sent_at, row.sent_channel, row.sent_ts = (
                MessageState.SENT,
                now,
                channel,
                ts,
            )
            row.lease_owner = row.lease_until = None
            row.error = None
            _remember_dm(session, row, channel)
            _link(session, row, channel, ts, now, self.settings)
            if row.kind is MessageKind.REMINDER:
                _move_on(session, self.settings, row, now)

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
                _release(session, {p.id for p in parcels}, self.owner)

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

    def waiting(self) -> int:
        """How many messages a courier could claim now (due, free, not behind a waiting one)."""
        with self.sessions.begin() as session:
            return len(_claimable(session, self.clock.now(), CANDIDATES))


def _free(now: datetime) -> Any:
    return or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now)


def _claimable(session: Session, now: datetime, limit: int) -> list[int]:
    """Ids to claim: per channel, the due prefix of its pending messages in id order."""
    pending = session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.team_id,
            OutboxMessage.channel,
            OutboxMessage.not_before,
            OutboxMessage.lease_until,
        )
        .where(OutboxMessage.state == MessageState.PENDING)
        .order_by(OutboxMessage.id)
        .limit(CANDIDATES)
    ).all()
    blocked: set[tuple[str, str]] = set()
    chosen: list[int] = []
    for row in pending:
        where = (row.team_id, row.channel)
        if where in blocked:
            continue
        leased = row.lease_until is not None and row.lease_until >= now
        if leased or row.not_before > now or len(chosen) >= limit:
            blocked.add(where)  # nothing later in this channel may overtake it
            continue
        chosen.append(row.id)
    return chosen


def _in_order(session: Session, ids: list[int], won: set[int]) -> set[int]:
    """Keep only messages with no older pending message of their channel left unclaimed."""
    rows = session.execute(
        select(OutboxMessage.id, OutboxMessage.team_id, OutboxMessage.channel).where(
            OutboxMessage.id.in_(ids)
        )
    ).all()
    lost_channels = {(r.team_id, r.channel) for r in rows if r.id not in won}
    return {r.id for r in rows if r.id in won and (r.team_id, r.channel) not in lost_channels}


def _release(session: Session, ids: set[int], owner: str) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )


def _parcel(session: Session, row: OutboxMessage) -> Parcel:
    dm_channel = None
    if row.recipient_id is not None:
        dm_channel = session.scalar(select(Member.dm_channel).where(Member.id == row.recipient_id))
    after = session.scalar(
        select(OutboxMessage.sent_ts)
        .where(OutboxMessage.team_id == row.team_id, OutboxMessage.channel == row.channel)
        .where(OutboxMessage.state == MessageState.SENT, OutboxMessage.id < row.id)
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
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
        text=row.text,
        blocks=row.blocks,
        attempts=row.attempts,
        dm_channel=dm_channel,
        after_ts=after,
        follow_ups=list(row.link_follow_ups or []),
    )


def _active(session: Session, team_id: str) -> bool:
    active = session.scalar(select(Workspace.active).where(Workspace.team_id == team_id))
    return active is None or bool(active)


def _remember_dm(session: Session, row: OutboxMessage, channel: str) -> None:
    if row.recipient_id is None or row.delivery is not Delivery.POST:
        return
    if not channel.startswith("D") or row.channel.startswith(("C", "G", "D")):
        return
    session.execute(
        update(Member)
        .where(Member.id == row.recipient_id, Member.dm_channel.is_(None))
        .values(dm_channel=channel)
        .execution_options(synchronize_session=False)
    )


def _link(
    session: Session,
    row: OutboxMessage,
    channel: str,
    ts: str,
    now: datetime,
    settings: Settings,
) -> None:
    """Replies and ✅ on the posted message resolve the follow-ups it is about."""
    if row.link_purpose is None or not row.link_follow_ups:
        return
    scope = Scope(session, row.team_id, now, settings)
    for follow_up in session.scalars(select(FollowUp).where(FollowUp.id.in_(row.link_follow_ups))):
        link_message(scope, follow_up, purpose=row.link_purpose, channel=channel, ts=ts)


def _move_on(session: Session, settings: Settings, row: OutboxMessage, now: datetime) -> None:
    """A delivered reminder: each follow-up it named, unchanged since, waits for the next one.

    A follow-up changed meanwhile (snoozed, answered) keeps what that change decided.
    """
    book = PolicyBook(session, settings, now)
    for nudge, follow_up in session.execute(
        select(Nudge, FollowUp)
        .join(FollowUp, FollowUp.id == Nudge.follow_up_id)
        .where(Nudge.message_id == row.id, Nudge.kind == NudgeKind.NUDGE)
    ).all():
        if follow_up.version != nudge.follow_up_version or not follow_up.is_open:
            continue
        spacing = book.policy(follow_up).spacing_days
        following = book.calendar(follow_up.debtor).add_business_days(now, spacing)
        bookkeep(session, follow_up, next_nudge_at=following)


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
