"""Slack messages linked to follow-ups, and whether a workspace still has the app installed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.ledger.scope import Scope
from bot.models import (
    FollowUp,
    FollowUpMessage,
    FollowUpState,
    MessagePurpose,
    MessageState,
    OutboxMessage,
    Workspace,
)


def link_message(
    scope: Scope, follow_up: FollowUp, *, purpose: MessagePurpose, channel: str, ts: str
) -> None:
    """Remember a message about a follow-up, so replies and reactions on it can resolve it."""
    scope.session.add(
        FollowUpMessage(
            team_id=scope.team_id,
            follow_up_id=follow_up.id,
            purpose=purpose,
            channel=channel,
            ts=ts,
            created_at=scope.now,
        )
    )


def follow_ups_about(scope: Scope, *, channel: str, ts: str) -> list[FollowUp]:
    """Open follow-ups linked to the message at (channel, ts), oldest first."""
    query = (
        select(FollowUp)
        .join(FollowUpMessage, FollowUpMessage.follow_up_id == FollowUp.id)
        # Channel ids are unique across Slack: a shared channel's reply may reach us through
        # the other firm's install, and still means the message it answers.
        .where(FollowUpMessage.channel == channel, FollowUpMessage.ts == ts)
        .where(FollowUp.state == FollowUpState.OPEN)
        .order_by(FollowUp.id)
        .distinct()
    )
    return list(scope.session.scalars(query))


def messages_about(
    scope: Scope, follow_up: FollowUp, purpose: MessagePurpose
) -> list[tuple[str, str]]:
    """(channel, ts) of the messages of one purpose about a follow-up, oldest first."""
    query = (
        select(FollowUpMessage.channel, FollowUpMessage.ts)
        .where(FollowUpMessage.follow_up_id == follow_up.id, FollowUpMessage.purpose == purpose)
        .order_by(FollowUpMessage.id)
    )
    return [(channel, ts) for channel, ts in scope.session.execute(query)]


def placed_messages(
    scope: Scope, follow_up: FollowUp, purpose: MessagePurpose
) -> list[tuple[str, str, str]]:
    """(workspace, channel, ts) of the messages of one purpose about a follow-up: the install
    that posted each one is the one that may update it."""
    query = (
        select(FollowUpMessage.team_id, FollowUpMessage.channel, FollowUpMessage.ts)
        .where(FollowUpMessage.follow_up_id == follow_up.id, FollowUpMessage.purpose == purpose)
        .order_by(FollowUpMessage.id)
    )
    return [(team, channel, ts) for team, channel, ts in scope.session.execute(query)]


def workspace_is_active(session: Session, team_id: str) -> bool:
    """False once the app was uninstalled or its tokens revoked in that workspace."""
    workspace = session.get(Workspace, team_id)
    return workspace is None or workspace.active


def deactivate_workspace(session: Session, *, team_id: str) -> None:
    """Stop all delivery to a workspace (app_uninstalled, tokens_revoked)."""
    workspace = session.get(Workspace, team_id)
    if workspace is not None:
        workspace.active = False


def reactivate_workspace(session: Session, *, team_id: str, now: datetime) -> bool:
    """A valid token or a verified request after a reinstall: resume delivery; True if it was off.

    Messages held while it was off become due now (the sweep skips follow-ups of a workspace
    that is off, so they are due again as they were).
    """
    resumed = session.execute(
        update(Workspace)
        .where(Workspace.team_id == team_id, Workspace.active.is_(False))
        .values(active=True)
        .returning(Workspace.team_id)
        .execution_options(synchronize_session=False)
    ).first()
    if resumed is None:
        return False
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.team_id == team_id, OutboxMessage.state == MessageState.PENDING)
        .values(not_before=now)
        .execution_options(synchronize_session=False)
    )
    return True
