"""State shared across workspaces: tokens, trigger ids, response URLs and the call log."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sandbox.clock import Clock
from sandbox.connect import link_shared_channels
from sandbox.errors import SlackError
from sandbox.ids import IdFactory
from sandbox.installs import Installs
from sandbox.model import CallRecord, ViewRecord
from sandbox.seed import Seed
from sandbox.workspace import Workspace

TRIGGER_TTL = 3.0
RESPONSE_URL_TTL = 30 * 60.0
RESPONSE_URL_USES = 5


@dataclass
class Trigger:
    """A trigger_id handed to the app with an interaction."""

    id: str
    team_id: str
    user_id: str
    issued_at: float
    used: bool = False


@dataclass
class ResponseUrl:
    """A response_url handed to the app; `origin` is the (channel, ts, ephemeral) it came from."""

    id: str
    team_id: str
    user_id: str
    channel: str
    issued_at: float
    origin: tuple[str, str, bool] | None = None
    uses: int = 0


class SandboxState:
    """Everything the stand-in knows; hold `lock` while reading or changing it."""

    def __init__(self, seed: Seed, clock: Clock) -> None:
        self.seed = seed
        self.clock = clock
        self.ids = IdFactory(clock)
        self.lock = threading.RLock()
        self.workspaces = {team.id: Workspace(team, seed) for team in seed.teams}
        link_shared_channels(self.workspaces)
        self.tokens = {team.bot_token: team.id for team in seed.teams}
        self.tokens.update(seed.extra_tokens)
        self.revoked: set[str] = set()
        self.installs = Installs({team.id: team.bot_token for team in seed.teams})
        self.triggers: dict[str, Trigger] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.calls: list[CallRecord] = []
        self.response_posts: list[tuple[str, dict[str, Any], int]] = []
        self.base_url = ""

    def workspace(self, team_id: str) -> Workspace:
        """Return a workspace by team id."""
        return self.workspaces[team_id]

    def authenticate(self, token: str | None) -> Workspace:
        """Return the workspace a bot token belongs to, or raise Slack's auth error."""
        if not token:
            raise SlackError("not_authed")
        if token in self.revoked:
            raise SlackError("token_revoked")
        if token == self.seed.app_token:
            raise SlackError("not_allowed_token_type")
        team_id = self.tokens.get(token)
        if team_id is None:
            raise SlackError("invalid_auth")
        if self.installs.expired(token, self.clock()):
            raise SlackError("token_expired")
        return self.workspaces[team_id]

    def revoke_team_tokens(self, team_id: str) -> list[str]:
        """Revoke every token of a team and return them."""
        tokens = [t for t, team in self.tokens.items() if team == team_id]
        self.revoked.update(tokens)
        return tokens

    def issue_trigger(self, team_id: str, user_id: str) -> str:
        """Create a single-use trigger_id valid for three seconds."""
        trigger = Trigger(self.ids.trigger_id(), team_id, user_id, self.clock())
        self.triggers[trigger.id] = trigger
        return trigger.id

    def use_trigger(self, trigger_id: str, team_id: str) -> Trigger:
        """Consume a trigger_id or raise invalid_trigger_id / expired_trigger_id."""
        trigger = self.triggers.get(trigger_id)
        if trigger is None or trigger.team_id != team_id or trigger.used:
            raise SlackError("invalid_trigger_id")
        if self.clock() - trigger.issued_at > TRIGGER_TTL:
            raise SlackError("expired_trigger_id")
        trigger.used = True
        return trigger

    def create_view(
        self, ws: Workspace, user_id: str, definition: dict[str, Any], root: str | None = None
    ) -> ViewRecord:
        """Store a new modal or Home tab view for a member."""
        view_id = self.ids.view_id()
        record = ViewRecord(
            id=view_id,
            team_id=ws.id,
            user_id=user_id,
            definition=definition,
            hash=self.ids.view_hash(),
            app_id=ws.api_app_id,
            bot_id=ws.team.bot_id,
            root_view_id=root or view_id,
        )
        ws.views[view_id] = record
        return record

    def issue_response_url(
        self,
        team_id: str,
        user_id: str,
        channel: str,
        origin: tuple[str, str, bool] | None = None,
    ) -> str:
        """Create a response_url usable five times within thirty minutes."""
        url = ResponseUrl(self.ids.response_url_id(), team_id, user_id, channel, self.clock())
        url.origin = origin
        self.response_urls[url.id] = url
        return f"{self.base_url}/response/{url.id}"
