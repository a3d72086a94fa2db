"""Slack messages linked to follow-ups, workspace installs, and events already handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Insert, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.ledger.scope import Scope
from bot.models import (
    FollowUp,
    FollowUpMessage,
    FollowUpState,
    MessagePurpose,
    ReceivedEvent,
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
        .where(FollowUpMessage.team_id == scope.team_id)
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


def first_sighting(session: Session, *, team_id: str, event_id: str, now: datetime) -> bool:
    """Record an event id; False when it was already handled (a Slack retry)."""
    values = {"team_id": team_id, "event_id": event_id, "received_at": now}
    dialect = session.get_bind().dialect.name
    statement: Insert
    if dialect == "postgresql":
        statement = postgresql.insert(ReceivedEvent).values(values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(ReceivedEvent).values(values).on_conflict_do_nothing()
    else:
        if session.scalar(select(ReceivedEvent.id).filter_by(team_id=team_id, event_id=event_id)):
            return False
        statement = insert(ReceivedEvent).values(values)
    # A conflict inserts nothing and so returns no id.
    return session.scalar(statement.returning(ReceivedEvent.id)) is not None


def workspace_is_active(session: Session, team_id: str) -> bool:
    """False once the app was uninstalled or its tokens revoked in that workspace."""
    workspace = session.get(Workspace, team_id)
    return workspace is None or workspace.active


def deactivate_workspace(session: Session, *, team_id: str) -> None:
    """Stop all delivery to a workspace (app_uninstalled, tokens_revoked)."""
    workspace = session.get(Workspace, team_id)
    if workspace is not None:
        workspace.active = False
