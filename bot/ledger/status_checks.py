"""Whose Slack status to ask for before a sweep: debtors about to be reminded, not asked lately.

Statuses normally arrive by `user_change` events; one missed (the app was down, Slack dropped
it) would let a reminder reach someone on vacation. So before each sweep the debtors with
something due by the next one, whose status was last asked for more than the allowed age ago,
are asked about again (users.info), and what Slack says is applied as an event's would be.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.models import FollowUp, FollowUpState, Member, Workspace


def stale_statuses(
    session: Session, *, now: datetime, horizon: datetime, max_age: timedelta, limit: int
) -> dict[str, list[str]]:
    """Slack user ids per workspace: debtors due by `horizon` whose status is older than
    `max_age` (or never asked for), most overdue first, at most `limit` in all."""
    due = (
        select(FollowUp.debtor_id)
        .where(FollowUp.state == FollowUpState.OPEN, FollowUp.next_nudge_at <= horizon)
        .distinct()
    )
    query = (
        select(Member.team_id, Member.slack_user_id)
        .join(Workspace, Workspace.team_id == Member.team_id)
        .where(Workspace.active.is_(True), Member.id.in_(due))
        .where(or_(Member.status_checked_at.is_(None), Member.status_checked_at < now - max_age))
        .order_by(Member.status_checked_at.is_not(None), Member.status_checked_at, Member.id)
        .limit(limit)
    )
    found: dict[str, list[str]] = defaultdict(list)
    for team_id, user_id in session.execute(query):
        found[team_id].append(user_id)
    return dict(found)
