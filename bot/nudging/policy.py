"""The nudge policy: the settings' defaults, overridden by the workspace, then by the member."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.models import Member, Workspace


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
