"""Claiming due follow-ups a whole debtor at a time, so one DM batches everything they owe."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from bot.models import FollowUp, FollowUpState, Member, Workspace


def claim_debtors(session: Session, *, now: datetime, batch: int) -> list[int]:
    """Lock the debtors of the `batch` oldest due follow-ups; returns their member ids.

    The lock lasts until the sweep's transaction commits: on PostgreSQL another sweep skips
    these debtors (SKIP LOCKED) and takes others, so no debtor's batch is ever split between
    two sweeps; on SQLite the transaction holds the write lock from its start. Workspaces that
    uninstalled the app are skipped, so their follow-ups stay due until a reinstall.
    """
    oldest = (
        select(FollowUp.debtor_id)
        .join(Workspace, Workspace.team_id == FollowUp.team_id)
        .where(FollowUp.state == FollowUpState.OPEN, FollowUp.next_nudge_at <= now)
        .where(Workspace.active.is_(True))
        .order_by(FollowUp.next_nudge_at)
        .limit(batch)
    )
    debtors = (
        select(Member.id)
        .where(Member.id.in_(oldest.scalar_subquery()))
        .order_by(Member.id)
        # NO KEY UPDATE: rows that merely reference the member (new follow-ups) don't wait.
        .with_for_update(skip_locked=True, key_share=True)
    )
    return list(session.scalars(debtors))


def as_read(rows: Sequence[Any]) -> tuple[Any, ...]:
    """Only these follow-ups (rows with an id and a version), and only at the versions read
    (the ids first, so the primary key finds them; a tuple IN alone would scan the table on
    SQLite)."""
    return (
        FollowUp.id.in_([r.id for r in rows]),
        tuple_(FollowUp.id, FollowUp.version).in_([(r.id, r.version) for r in rows]),
    )
