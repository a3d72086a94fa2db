"""The weekly digest: due Monday morning in each member's own time, claimed once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.ledger import Scope, calendar_for
from bot.ledger.members import next_digest_time
from bot.models import Member, Workspace


def claim_digests(session: Session, settings: Settings, now: datetime, limit: int) -> list[Member]:
    """Members whose digest is due, each claimed by moving their next digest a week on."""
    due = session.scalars(
        select(Member)
        .join(Workspace, Workspace.team_id == Member.team_id)
        .where(Member.next_digest_at <= now, Workspace.active.is_(True))
        .order_by(Member.next_digest_at)
        .limit(limit)
    ).all()
    claimed = []
    for member in due:
        scope = Scope(session, member.team_id, now, settings)
        following = next_digest_time(calendar_for(scope, member), now)
        won = session.execute(
            update(Member)
            .where(Member.id == member.id, Member.next_digest_at == member.next_digest_at)
            .values(next_digest_at=following)
            .execution_options(synchronize_session=False)
            .returning(Member.id)
        ).scalar()
        if won is not None:
            claimed.append(member)
    return claimed
