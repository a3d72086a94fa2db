"""The append-only activity log."""

from __future__ import annotations

from typing import Any

from bot.ledger.scope import Scope
from bot.models import Activity, FollowUp, Member


def log_activity(
    scope: Scope,
    action: str,
    *,
    actor: Member | None,
    follow_up: FollowUp | None = None,
    **detail: Any,
) -> None:
    """Append one entry describing a change to the ledger."""
    scope.session.add(
        Activity(
            team_id=scope.team_id,
            at=scope.now,
            actor_id=actor.id if actor else None,
            action=action,
            follow_up_id=follow_up.id if follow_up else None,
            detail=detail,
        )
    )
