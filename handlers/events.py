"""Events: replies and ✅ on tracked messages, App Home, profile changes and uninstalls."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.models import RequestKind
from bot.services import Origin, answers, members
from handlers.commands import mention_origin, run_mention
from handlers.context import Deps, deps_of
from handlers.home import publish_home
from handlers.intake import UNAVAILABLE, Recorded, record, team_of
from handlers.people import profile_of

log = logging.getLogger(__name__)

DONE_REACTIONS = frozenset({"white_check_mark", "heavy_check_mark", "ballot_box_with_check"})
# A reply with a file (a CV) or also sent to the channel is still a reply; edits and deletions
# ("message_changed", "message_deleted") and bot messages are not.
REPLY_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})
GOODBYES = frozenset({"app_uninstalled", "tokens_revoked"})


def register(app: App) -> None:
    """Listen for the events in the manifest."""
    for event_type in (
        "message",
        "reaction_added",
        "app_home_opened",
        "user_change",
        *sorted(GOODBYES),
    ):
        app.event(event_type)(acknowledge_event)


def acknowledge_event(body: dict[str, Any], context: BoltContext) -> BoltResponse | None:
    """Record the events that can change something (once per event id); ignore the rest."""
    event = body.get("event") or {}
    if not worth_recording(event):
        return None
    recorded = record(
        deps_of(context),
        team_id=team_of(body),
        kind=RequestKind.EVENT,
        body=body,
        user_id=_actor(event),
        event_id=body.get("event_id"),
        resume=event.get("type") not in GOODBYES,
    )
    # No 200: Slack delivers the event again.
    return None if recorded is Recorded.YES else UNAVAILABLE


def worth_recording(event: dict[str, Any]) -> bool:
    """A thread reply by a person, a ✅ on a message, or any of the other subscribed events."""
    kind = event.get("type")
    if kind == "message":
        return bool(
            event.get("thread_ts")
            and event.get("user")
            and not event.get("bot_id")
            and event.get("subtype") in REPLY_SUBTYPES
        )
    if kind == "reaction_added":
        item = event.get("item") or {}
        return bool(event.get("reaction") in DONE_REACTIONS and item.get("type") == "message")
    if kind == "app_home_opened":
        return bool(event.get("tab", "home") == "home")
    return True


def event_origin(team_id: str, body: dict[str, Any], request: Any) -> Origin:
    """Who caused the event (no one is answered, except for @mentions)."""
    event = body.get("event") or {}
    if event.get("type") == "app_mention":
        return mention_origin(team_id, event, request)
    return Origin(team_id, _actor(event), request)


def run_event(deps: Deps, origin: Origin, body: dict[str, Any]) -> None:
    """Carry out a recorded event."""
    event = body.get("event") or {}
    kind = event.get("type")
    if kind == "app_mention":
        run_mention(deps, origin, event)
    elif kind == "message":
        channel, thread = str(event["channel"]), str(event["thread_ts"])
        how = "replied in the thread"
        answers.answered_on_message(deps.core, origin, channel=channel, ts=thread, how=how)
    elif kind == "reaction_added":
        item = event["item"]
        channel, ts = str(item["channel"]), str(item["ts"])
        answers.answered_on_message(deps.core, origin, channel=channel, ts=ts, how="reacted ✅")
    elif kind == "app_home_opened":
        publish_home(deps, origin)
    elif kind == "user_change":
        members.refresh(deps.core, origin, profile_of(event["user"]))
    elif kind in GOODBYES:
        members.uninstalled(deps.core, origin)
        log.info("stopped delivery to workspace %s (%s)", origin.team_id, kind)


def _actor(event: dict[str, Any]) -> str | None:
    user = event.get("user")
    if isinstance(user, dict):
        return str(user.get("id")) if user.get("id") else None
    return str(user) if user else None
