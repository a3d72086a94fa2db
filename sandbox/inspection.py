"""Read-only views of what the stand-in received and holds, for assertions."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from sandbox.access import StateAccess
from sandbox.errors import DriverError
from sandbox.model import CallRecord, Ephemeral, Message, ViewRecord
from sandbox.workspace import ts_key

JSON = dict[str, Any]


@dataclass(frozen=True)
class ResponsePost:
    """One POST to a response_url and the HTTP status it got."""

    url_id: str
    body: JSON
    status: int


class InspectionMixin(StateAccess):
    """Queries over recorded calls and stored messages; results are snapshots."""

    def calls(self, method: str | None = None, *, team_id: str | None = None) -> list[CallRecord]:
        """Return recorded Web API calls, optionally only one method's or one team's."""
        with self._state.lock:
            return [
                c
                for c in self._state.calls
                if (method is None or c.method == method)
                and (team_id is None or c.team_id == team_id)
            ]

    def dm_channel(self, user_id: str) -> str:
        """Return the D… id of a member's DM with the bot."""
        with self._state.lock:
            return self.workspace_of_user(user_id).dm_channel(user_id)

    def messages_in(self, channel: str) -> list[Message]:
        """Return every message in a conversation (thread replies included), oldest first."""
        with self._state.lock:
            ws = self.workspace_of_channel(channel)
            return copy.deepcopy(ws.messages.get(channel, []))

    def dms_to(self, user_id: str, *, include_user_messages: bool = False) -> list[Message]:
        """Return the bot's messages in a member's DM (edits applied), oldest first."""
        messages = self.messages_in(self.dm_channel(user_id))
        if include_user_messages:
            return messages
        return [m for m in messages if m.user != user_id]

    def message(self, channel: str, ts: str) -> Message:
        """Return one stored message."""
        with self._state.lock:
            ws = self.workspace_of_channel(channel)
            return copy.deepcopy(ws.find_message(channel, ts))

    def thread(self, channel: str, ts: str) -> list[Message]:
        """Return a thread's parent and replies, oldest first."""
        with self._state.lock:
            ws = self.workspace_of_channel(channel)
            return copy.deepcopy(ws.thread(channel, ts))

    def ephemerals_to(self, user_id: str, *, include_deleted: bool = False) -> list[Ephemeral]:
        """Return messages only this member saw: chat.postEphemeral, response_url and acks.

        Ephemerals from other teams' bots (in a Slack Connect channel) are included.
        """
        with self._state.lock:
            self.workspace_of_user(user_id)
            seen = [
                e
                for ws in self._state.workspaces.values()
                for e in ws.ephemerals
                if e.user == user_id and (include_deleted or not e.deleted)
            ]
            return copy.deepcopy(sorted(seen, key=lambda e: ts_key(e.ts)))

    def home_of(self, user_id: str) -> ViewRecord | None:
        """Return the Home tab published for a member, or None."""
        with self._state.lock:
            ws = self.workspace_of_user(user_id)
            view = ws.views.get(ws.homes.get(user_id, ""))
            return copy.deepcopy(view)

    def views_open_for(self, user_id: str) -> list[ViewRecord]:
        """Return a member's open modal stack, bottom first (any team's app may have opened it)."""
        with self._state.lock:
            self.workspace_of_user(user_id)
            return copy.deepcopy(
                [v for ws in self._state.workspaces.values() for v in ws.open_modals(user_id)]
            )

    def view(self, view_id: str) -> ViewRecord:
        """Return any view (modal or Home tab) by id."""
        with self._state.lock:
            for ws in self._state.workspaces.values():
                if view_id in ws.views:
                    return copy.deepcopy(ws.views[view_id])
        raise DriverError(f"no view {view_id}")

    def response_posts(self) -> list[ResponsePost]:
        """Return every POST made to a response_url, in order."""
        with self._state.lock:
            return [ResponsePost(u, copy.deepcopy(b), s) for u, b, s in self._state.response_posts]

    def user(self, user_id: str) -> JSON:
        """Return a member as users.info would describe them now."""
        with self._state.lock:
            ws = self.workspace_of_user(user_id)
            return ws.user_json(user_id, self._state.clock())
