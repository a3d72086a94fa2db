"""After posting: mark a batch sent (and move its follow-ups on), or schedule another try."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.ledger import lapse
from bot.models import FollowUp, Member, Nudge, NudgeKind
from bot.nudging.plan import Batch
from bot.nudging.policy import PolicyBook

BACKOFF_START = timedelta(seconds=30)
BACKOFF_CAP = timedelta(minutes=30)


def mark_sent(
    session: Session, settings: Settings, sent: list[tuple[Batch, str, str]], now: datetime
) -> None:
    """These DMs are in Slack (batch, channel, ts): audit them, move their follow-ups on."""
    if not sent:
        return
    session.execute(
        update(cast(Table, Nudge.__table__))
        .where(Nudge.batch_key == bindparam("key"), Nudge.sent_at.is_(None))
        .values(sent_at=now, channel=bindparam("channel"), message_ts=bindparam("ts")),
        [{"key": batch.key, "channel": channel, "ts": ts} for batch, channel, ts in sent],
    )
    book = PolicyBook(session, settings, now)
    ids = [follow_up.id for batch, _channel, _ts in sent for follow_up in batch.follow_ups]
    current = {f.id: f for f in session.scalars(select(FollowUp).where(FollowUp.id.in_(ids)))}
    for batch, channel, _ts in sent:
        if batch.recipient.dm_channel is None and channel.startswith("D"):
            recipient = session.get(Member, batch.recipient.id)
            if recipient is not None:
                recipient.dm_channel = channel
        for follow_up in batch.follow_ups:
            _move_on(book, current[follow_up.id], batch.kind)


def mark_failed(
    session: Session, batch: Batch, *, retry_at: datetime | None, now: datetime
) -> datetime:
    """Not delivered: keep the nudges pending and the follow-ups leased until the next try."""
    attempts = max(
        session.scalars(select(Nudge.attempts).where(Nudge.batch_key == batch.key)), default=1
    )
    retry_at = retry_at or now + min(BACKOFF_START * 2 ** (max(attempts, 1) - 1), BACKOFF_CAP)
    for follow_up in _current(session, batch):
        follow_up.lease_until = retry_at
    return retry_at


def mark_attempted(session: Session, batches: list[Batch]) -> None:
    """About to post these: after a crash, only attempted batches need a look in Slack."""
    keys = [batch.key for batch in batches]
    if keys:
        session.execute(
            update(Nudge)
            .where(Nudge.batch_key.in_(keys), Nudge.sent_at.is_(None))
            .values(attempts=Nudge.attempts + 1)
            .execution_options(synchronize_session=False)
        )


def forget(session: Session, batch: Batch) -> None:
    """Never posted, and no longer needed (the follow-up was answered meanwhile)."""
    for nudge in session.scalars(
        select(Nudge).where(Nudge.batch_key == batch.key, Nudge.sent_at.is_(None))
    ):
        follow_up = session.get(FollowUp, nudge.follow_up_id)
        if follow_up is not None and nudge.kind is NudgeKind.NUDGE:
            follow_up.nudge_count = max(0, follow_up.nudge_count - 1)
        session.delete(nudge)
    for follow_up in _current(session, batch):
        follow_up.lease_owner = follow_up.lease_until = None


def still_owed(session: Session, batch: Batch) -> bool:
    """True while at least one follow-up of the batch is open (else there is nothing to say)."""
    return any(follow_up.is_open for follow_up in _current(session, batch))


def _current(session: Session, batch: Batch) -> list[FollowUp]:
    ids = [follow_up.id for follow_up in batch.follow_ups]
    return list(session.scalars(select(FollowUp).where(FollowUp.id.in_(ids))))


def _move_on(book: PolicyBook, follow_up: FollowUp, kind: NudgeKind) -> None:
    follow_up.lease_owner = follow_up.lease_until = None
    if not follow_up.is_open:
        return
    if kind is NudgeKind.LAPSE:
        lapse(book.scope(follow_up.team_id), follow_up)
        return
    spacing = book.policy(follow_up).spacing_days
    follow_up.next_nudge_at = book.calendar(follow_up.debtor).add_business_days(book.now, spacing)
