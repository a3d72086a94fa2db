"""Claiming due follow-ups with a lease, so several sweeping processes never share one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from bot.models import FollowUp, FollowUpState


def _claimable(now: datetime) -> list[ColumnElement[bool]]:
    return [
        FollowUp.state == FollowUpState.OPEN,
        FollowUp.next_nudge_at <= now,
        or_(FollowUp.lease_until.is_(None), FollowUp.lease_until < now),
    ]


def claim_due(
    session: Session, *, now: datetime, owner: str, batch: int, lease: timedelta
) -> list[int]:
    """Lease every due follow-up of the debtors of the `batch` oldest due ones; returns ids.

    One statement: on PostgreSQL the rows are locked with SKIP LOCKED, so a concurrent sweep
    takes other rows; on SQLite the write lock makes the statement atomic. The due range is
    read through the partial index on next_nudge_at, so the cost follows the due rows only.
    """
    oldest = (
        select(FollowUp.debtor_id)
        .where(*_claimable(now))
        .order_by(FollowUp.next_nudge_at)
        .limit(batch)
    )
    rows = (
        select(FollowUp.id)
        .where(*_claimable(now), FollowUp.debtor_id.in_(oldest.scalar_subquery()))
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(FollowUp)
        .where(FollowUp.id.in_(rows.scalar_subquery()))
        .values(lease_owner=owner, lease_until=now + lease)
        .returning(FollowUp.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(session.scalars(statement))


def keep_claims(session: Session, ids: Sequence[int], *, owner: str, until: datetime) -> set[int]:
    """Renew this sweep's leases before posting; returns the ids it still holds.

    A lease that ran out may have been taken over by another sweep: what that sweep now holds
    is no longer ours to post.
    """
    if not ids:
        return set()
    statement = (
        update(FollowUp)
        .where(FollowUp.id.in_(ids), FollowUp.lease_owner == owner)
        .values(lease_until=until)
        .returning(FollowUp.id)
        .execution_options(synchronize_session=False)
    )
    return set(session.scalars(statement))


def release(session: Session, ids: Sequence[int], *, owner: str, until: datetime | None) -> None:
    """Give claimed follow-ups back; `until` keeps them leased (untouchable) until then."""
    if not ids:
        return
    session.execute(
        update(FollowUp)
        .where(FollowUp.id.in_(ids), FollowUp.lease_owner == owner)
        .values(lease_owner=None if until is None else owner, lease_until=until)
        .execution_options(synchronize_session=False)
    )
