"""What a member owes and is owed."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from bot.ledger.members import get_member
from bot.ledger.scope import Scope
from bot.models import FollowUp, FollowUpState

LIST_LIMIT = 50


def owed_by(scope: Scope, user_id: str, *, limit: int = LIST_LIMIT) -> list[FollowUp]:
    """Open follow-ups the member owes, soonest due first."""
    member = get_member(scope, user_id)
    return _open_where(scope, FollowUp.debtor_id == member.id, limit)


def owed_to(scope: Scope, user_id: str, *, limit: int = LIST_LIMIT) -> list[FollowUp]:
    """Open follow-ups owed to the member, soonest due first."""
    member = get_member(scope, user_id)
    return _open_where(scope, FollowUp.creditor_id == member.id, limit)


def _open_where(scope: Scope, party: ColumnElement[bool], limit: int) -> list[FollowUp]:
    query = (
        select(FollowUp)
        .where(FollowUp.team_id == scope.team_id, FollowUp.state == FollowUpState.OPEN, party)
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(limit)
    )
    return list(scope.session.scalars(query))
