"""Test and driver hooks: what people and admins do on Slack's side."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from typing import Any

from sandbox.access import StateAccess
from sandbox.errors import DriverError, SlackError
from sandbox.installs import DEFAULT_SCOPES
from sandbox.model import Message
from sandbox.oauth import issue_code
from sandbox.ratelimit import RateLimiter
from sandbox.workspace import Workspace

JSON = dict[str, Any]


def rich_text_blocks(text: str) -> list[JSON]:
    """Return the rich_text block Slack clients attach to a typed message."""
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return [{"type": "rich_text", "block_id": uuid.uuid4().hex[:5], "elements": [section]}]


class HooksMixin(StateAccess):
    """State changes made by simulated people, admins and tests."""

    limiter: RateLimiter

    def issue_trigger(self, user_id: str) -> str:
        """Create a fresh trigger_id for an interaction by this member."""
        with self._state.lock:
            return self._state.issue_trigger(self.workspace_of_user(user_id).id, user_id)

    def issue_response_url(
        self, user_id: str, channel: str, origin: tuple[str, str, bool] | None = None
    ) -> str:
        """Create a response_url for an interaction by this member in `channel`."""
        with self._state.lock:
            ws = self.workspace_of_user(user_id)
            return self._state.issue_response_url(ws.id, user_id, channel, origin)

    def add_user_message(
        self, user_id: str, channel: str, text: str, *, thread_ts: str | None = None
    ) -> Message:
        """Store a message a member typed (in a channel, their bot DM, or a thread)."""
        with self._state.lock:
            ws = self.workspace_of_user(user_id)
            channel = self._visible_channel(ws, user_id, channel)
            parent_ts = ws.thread_parent(channel, thread_ts).ts if thread_ts else None
            message = Message(
                channel=channel,
                ts=self._state.ids.ts(),
                user=user_id,
                text=text,
                team=ws.id,
                blocks=rich_text_blocks(text),
                thread_ts=parent_ts,
                client_msg_id=str(uuid.uuid4()),
            )
            return copy.deepcopy(ws.add_message(message))

    def add_reaction(self, user_id: str, channel: str, ts: str, name: str) -> Message:
        """Record a member's emoji reaction on a message (name without colons)."""
        with self._state.lock:
            ws = self.workspace_of_user(user_id)
            message = ws.find_message(self._visible_channel(ws, user_id, channel), ts)
            users = message.reactions.setdefault(name.strip(":"), [])
            if user_id not in users:
                users.append(user_id)
            return copy.deepcopy(message)

    def remove_reaction(self, user_id: str, channel: str, ts: str, name: str) -> Message:
        """Remove a member's emoji reaction from a message."""
        with self._state.lock:
            ws = self.workspace_of_user(user_id)
            message = ws.find_message(self._visible_channel(ws, user_id, channel), ts)
            users = message.reactions.get(name.strip(":"), [])
            if user_id in users:
                users.remove(user_id)
            if not users:
                message.reactions.pop(name.strip(":"), None)
            return copy.deepcopy(message)

    def update_user(self, user_id: str, **changes: Any) -> JSON:
        """Change a member (tz, real_name, is_admin, deleted...) and return the new user object."""
        with self._state.lock:
            ws = self.workspace_of_user(user_id)
            ws.update_member(user_id, **changes)
            return ws.user_json(user_id, self._state.clock())

    def revoke_token(self, token: str) -> None:
        """Make a token answer token_revoked from now on."""
        with self._state.lock:
            self._state.revoked.add(token)

    def uninstall(self, team_id: str) -> list[str]:
        """Uninstall the app from a team: its tokens are revoked; returns them."""
        with self._state.lock:
            self._state.workspace(team_id).installed = False
            return self._state.revoke_team_tokens(team_id)

    def authorize(
        self,
        team_id: str,
        user_id: str,
        scopes: Iterable[str] = DEFAULT_SCOPES,
        *,
        redirect_uri: str | None = None,
    ) -> str:
        """A member approves installing the app in their team; return the code for oauth.v2.access.

        The code works once, for ten minutes of stand-in time; exchanging it (re)installs the
        app there with a new bot token, and the team's earlier tokens stop working.
        """
        with self._state.lock:
            return issue_code(self._state, team_id, user_id, scopes, redirect_uri)

    def reset_rate_limits(self) -> None:
        """Refill every rate-limit bucket."""
        self.limiter.reset()

    @staticmethod
    def _visible_channel(ws: Workspace, user_id: str, channel: str) -> str:
        try:
            resolved = ws.resolve_channel(channel, user_ids=True)
        except SlackError as exc:
            raise DriverError(f"{channel} is not a conversation in {ws.id}") from exc
        if user_id not in ws.channel_members(resolved):
            raise DriverError(f"{user_id} is not a member of {resolved}")
        return resolved
