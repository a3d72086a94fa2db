"""What every listener needs from the core: ledger scopes, the clock and members on first sight."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.errors import UnknownMember
from bot.ledger import Scope, SlackProfile, find_member, upsert_member
from bot.ledger.messages import first_sighting, workspace_is_active

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    """The core as listeners see it: one transaction per step, time from the clock."""

    sessions: sessionmaker[Session]
    clock: Clock
    settings: Settings

    @contextmanager
    def scope(self, team_id: str) -> Iterator[Scope]:
        """A ledger scope in its own transaction, committed when the block succeeds."""
        with self.sessions.begin() as session:
            yield Scope(session, team_id, self.clock.now(), self.settings)

    def know(self, client: WebClient, team_id: str, *user_ids: str) -> None:
        """Make sure each user is a member, asking Slack (users.info) only on first sight."""
        with self.scope(team_id) as scope:
            unknown = [uid for uid in dict.fromkeys(user_ids) if find_member(scope, uid) is None]
        for user_id in unknown:
            profile = fetch_profile(client, user_id)
            with self.scope(team_id) as scope:
                upsert_member(scope, profile)

    def refresh(self, team_id: str, profile: SlackProfile) -> None:
        """Update a known member from a user_change event (unknown users wait for first sight)."""
        with self.scope(team_id) as scope:
            if find_member(scope, profile.user_id) is not None:
                upsert_member(scope, profile)

    def first_sighting(self, team_id: str, event_id: str) -> bool:
        """True the first time an event id is seen; Slack's retries return False."""
        with self.sessions.begin() as session:
            return first_sighting(session, team_id=team_id, event_id=event_id, now=self.clock.now())

    def is_active(self, team_id: str) -> bool:
        """False once the workspace uninstalled the app or revoked its tokens."""
        with self.sessions() as session:
            return workspace_is_active(session, team_id)


def fetch_profile(client: WebClient, user_id: str) -> SlackProfile:
    """Ask Slack who a user is; an unknown or deleted user is an UnknownMember error."""
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as err:
        if err.response.get("error") in {"user_not_found", "user_not_visible"}:
            raise UnknownMember(
                "I can't find that person in this workspace; mention them with @name."
            ) from None
        raise
    return profile_of(user)


def profile_of(user: dict[str, object]) -> SlackProfile:
    """A Slack user object (users.info, user_change) as the core's profile."""
    if user.get("deleted") or user.get("is_bot"):
        raise UnknownMember("That is a bot or a deactivated account; mention a recruiter instead.")
    profile = user.get("profile")
    real_name = profile.get("real_name") if isinstance(profile, dict) else None
    name = str(real_name or user.get("real_name") or user.get("name") or user.get("id"))
    timezone = user.get("tz")
    return SlackProfile(
        user_id=str(user["id"]),
        name=name,
        timezone=timezone if isinstance(timezone, str) else None,
        is_admin=bool(user.get("is_admin") or user.get("is_owner")),
    )
