"""Acknowledging a request only once it is recorded: the ack side of every listener."""

from __future__ import annotations

import enum
import logging
from typing import Any

from slack_bolt import BoltRequest, BoltResponse

from bot.errors import Replayed, TryLater
from bot.models import RequestKind
from bot.services.intake import first_use, receive
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


class Recorded(enum.Enum):
    """Whether a request is safely recorded before its acknowledgement."""

    YES = "yes"
    FAILED = "failed"  # nothing recorded: the database did not answer
    REPLAYED = "replayed"  # a signed body already accepted once


REFUSED = BoltResponse(status=401, body="")


def record(
    deps: Deps,
    *,
    team_id: str | None,
    kind: RequestKind,
    body: dict[str, Any],
    user_id: str | None,
    event_id: str | None = None,
    resume: bool = True,
    request: BoltRequest | None = None,
) -> Recorded:
    """Record the request for a worker, with its signature (one transaction for both)."""
    if not team_id:
        return Recorded.FAILED
    try:
        receive(
            deps.core,
            team_id=team_id,
            kind=kind,
            body=body,
            user_id=user_id,
            event_id=event_id,
            resume=resume,
            signature=signature_of(request) if event_id is None else None,
        )
    except Replayed:
        log.warning("refused a replayed %s from %s", kind.value, team_id)
        return Recorded.REPLAYED
    except TryLater as err:
        log.warning("could not record a %s from %s: %s", kind.value, team_id, err)
        return Recorded.FAILED
    deps.wake()
    return Recorded.YES


def remembered(deps: Deps, request: BoltRequest | None) -> bool:
    """For a request nothing is recorded for (a form opened): False if it is a replay."""
    signature = signature_of(request)
    if not signature:
        return True
    try:
        return first_use(deps.core, signature)
    except TryLater:
        return True  # cannot remember it now; opening a form twice writes nothing


def signature_of(request: BoltRequest | None) -> str | None:
    """Slack's signature of an HTTP request (Socket Mode requests carry none)."""
    if request is None:
        return None
    values = request.headers.get("x-slack-signature") or []
    return values[0] if values else None


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
