"""Lookups shared by the stand-in's mixins: which workspace a member or conversation is in."""

from __future__ import annotations

from sandbox.errors import DriverError
from sandbox.state import SandboxState
from sandbox.workspace import Workspace


class StateAccess:
    """Base for classes that hold the stand-in's SandboxState."""

    _state: SandboxState

    def workspace_of_user(self, user_id: str) -> Workspace:
        """Return the workspace a member (or bot user) belongs to."""
        for ws in self._state.workspaces.values():
            if user_id in ws.members or user_id == ws.bot_user_id:
                return ws
        raise DriverError(f"no workspace has a member {user_id}")

    def workspace_of_channel(self, channel: str) -> Workspace:
        """Return the workspace a conversation (C… or D…) belongs to."""
        for ws in self._state.workspaces.values():
            if channel in ws.channels or ws.dm_user(channel) is not None:
                return ws
        raise DriverError(f"no workspace has a conversation {channel}")
