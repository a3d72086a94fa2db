"""Acknowledging a request only once it is recorded: the ack side of every listener."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltResponse

from bot.errors import TryLater
from bot.models import RequestKind
from bot.services.intake import receive
from handlers.context import Deps

log = logging.getLogger(__name__)

NOT_SAVED = (
    "Followthrough couldn't save that just now (its database didn't answer), so nothing "
    "changed. Please try again in a minute."
)
ORG_WIDE = (
    "Followthrough works per workspace: ask your admin to install it in this workspace "
    "rather than across the whole organization."
)
# Slack retries an event it got no 200 for; a click or command it shows as failed.
UNAVAILABLE = BoltResponse(status=503, body="")


def record(
    deps: Deps,
    *,
    team_id: str | None,
    kind: RequestKind,
    body: dict[str, Any],
    user_id: str | None,
    event_id: str | None = None,
    resume: bool = True,
) -> bool:
    """Record the request for a worker; False when that failed (nothing was recorded)."""
    if not team_id:
        return False
    try:
        receive(
            deps.core,
            team_id=team_id,
            kind=kind,
            body=body,
            user_id=user_id,
            event_id=event_id,
            resume=resume,
        )
    except TryLater as err:
        log.warning("could not record a %s from %s: %s", kind.value, team_id, err)
        return False
    deps.wake()
    return True


def team_of(body: dict[str, Any]) -> str | None:
    """The workspace a request comes from; None for organization-wide installs."""
    team = body.get("team")
    if isinstance(team, dict) and team.get("id"):
        return str(team["id"])
    if body.get("team_id"):
        return str(body["team_id"])
    user = body.get("user")
    if isinstance(user, dict) and user.get("team_id"):
        return str(user["team_id"])
    return None
