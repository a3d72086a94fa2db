"""Which outbox messages a courier may claim: per channel, the due prefix of its pending
messages in id order, so nothing overtakes an older message of its channel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.models import MessageState, OutboxMessage

CANDIDATES = 500  # pending messages looked at per claim


def free_lease(now: datetime) -> Any:
    return or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < now)


def claimable(session: Session, now: datetime, limit: int) -> list[int]:
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


def in_channel_order(session: Session, ids: list[int], won: set[int]) -> set[int]:
    """Keep only messages with no older pending message of their channel left unclaimed."""
    rows = session.execute(
        select(OutboxMessage.id, OutboxMessage.team_id, OutboxMessage.channel).where(
            OutboxMessage.id.in_(ids)
        )
    ).all()
    lost_channels = {(r.team_id, r.channel) for r in rows if r.id not in won}
    return {r.id for r in rows if r.id in won and (r.team_id, r.channel) not in lost_channels}


def release_lease(session: Session, ids: set[int], owner: str) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
