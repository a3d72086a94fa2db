"""The nudge policy (settings, overridden by the workspace, then by the member), looked up once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.ledger import Scope, calendar_for
from bot.models import FollowUp, Member, Workspace
from bot.windows import BusinessCalendar


@dataclass(frozen=True)
class NudgePolicy:
    """At most `max_nudges` per follow-up, `spacing_days` business days apart; then lapse."""

    max_nudges: int
    spacing_days: int


def policy_for(settings: Settings, workspace: Workspace | None, debtor: Member) -> NudgePolicy:
    """The policy that governs what this debtor owes."""
    max_nudges = settings.max_nudges
    spacing = settings.nudge_spacing_days
    if workspace is not None:
        max_nudges = workspace.max_nudges or max_nudges
        spacing = workspace.nudge_spacing_days or spacing
    return NudgePolicy(debtor.max_nudges or max_nudges, spacing)


class PolicyBook:
    """Workspaces, policies and calendars for one sweep step, each read once however often asked."""

    def __init__(self, session: Session, settings: Settings, now: datetime) -> None:
        self.session, self.settings, self.now = session, settings, now
        self._workspaces: dict[str, Workspace | None] = {}
        self._calendars: dict[int, BusinessCalendar] = {}

    def workspace(self, team_id: str) -> Workspace | None:
        """The workspace row (None if never seen)."""
        if team_id not in self._workspaces:
            self._workspaces[team_id] = self.session.get(Workspace, team_id)
        return self._workspaces[team_id]

    def policy(self, follow_up: FollowUp) -> NudgePolicy:
        """The policy for a follow-up's debtor."""
        return policy_for(self.settings, self.workspace(follow_up.team_id), follow_up.debtor)

    def calendar(self, member: Member) -> BusinessCalendar:
        """A member's business calendar."""
        if member.id not in self._calendars:
            scope = Scope(self.session, member.team_id, self.now, self.settings)
            self._calendars[member.id] = calendar_for(scope, member)
        return self._calendars[member.id]

    def scope(self, team_id: str) -> Scope:
        """A ledger scope in this session, for this step's instant."""
        return Scope(self.session, team_id, self.now, self.settings)
