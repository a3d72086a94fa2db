"""Events API bodies shaped like Slack's: the event_callback envelope and the events inside."""

from __future__ import annotations

import base64
import json
from typing import Any

from sandbox.model import Message
from sandbox.seed import Seed
from sandbox.workspace import Workspace

JSON = dict[str, Any]


def _event_context(ws: Workspace, seed: Seed, event: JSON) -> str:
    context = {"et": event.get("type"), "tid": ws.id, "aid": seed.api_app_id}
    if "channel" in event:
        context["cid"] = event["channel"]
    encoded = base64.urlsafe_b64encode(json.dumps(context).encode()).decode().rstrip("=")
    return f"4-{encoded}"


def _shared(ws: Workspace, event: JSON) -> bool:
    item = event.get("item")
    channel = event.get("channel") or (item.get("channel") if isinstance(item, dict) else None)
    return isinstance(channel, str) and ws.is_shared(channel)


def envelope(ws: Workspace, seed: Seed, event: JSON, event_id: str, event_time: int) -> JSON:
    """Wrap an event in Slack's event_callback envelope, addressed to the receiving team.

    team_id and authorizations name the installation receiving the event, also when someone of
    another team acted in a Slack Connect channel (their team is in event.user_team).
    """
    return {
        "token": seed.verification_token,
        "team_id": ws.id,
        "context_team_id": ws.id,
        "context_enterprise_id": None,
        "api_app_id": seed.api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": ws.id,
                "user_id": ws.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": _shared(ws, event),
        "event_context": _event_context(ws, seed, event),
    }


def url_verification(seed: Seed, challenge: str) -> JSON:
    """The body Slack sends when a Request URL is saved."""
    return {"token": seed.verification_token, "challenge": challenge, "type": "url_verification"}


def channel_type(ws: Workspace, channel: str) -> str:
    """Return "im", "channel" or "group" for a conversation."""
    if ws.dm_user(channel) is not None:
        return "im"
    return "group" if ws.channels[channel].is_private else "channel"


def message_event(ws: Workspace, message: Message, kind: str = "message") -> JSON:
    """A `message` (or `app_mention`) event for a message a member typed.

    In a Slack Connect channel the author's own team is in `team`, `user_team` and `source_team`.
    """
    event: JSON = {
        "type": kind,
        "client_msg_id": message.client_msg_id,
        "text": message.text,
        "user": message.user,
        "ts": message.ts,
        "blocks": message.blocks or [],
        "team": message.team,
        "channel": message.channel,
        "event_ts": message.ts,
    }
    if ws.is_shared(message.channel):
        event.update(user_team=message.team, source_team=message.team)
    if kind == "message":
        event["channel_type"] = channel_type(ws, message.channel)
    if message.is_reply:
        event.update(thread_ts=message.thread_ts, parent_user_id=message.parent_user_id)
    return event


def reaction_event(
    message: Message, user_id: str, reaction: str, event_ts: str, *, added: bool = True
) -> JSON:
    """A `reaction_added` / `reaction_removed` event."""
    return {
        "type": "reaction_added" if added else "reaction_removed",
        "user": user_id,
        "item": {"type": "message", "channel": message.channel, "ts": message.ts},
        "reaction": reaction,
        "item_user": message.user,
        "event_ts": event_ts,
    }


def app_home_opened(
    ws: Workspace, user_id: str, event_ts: str, view: JSON | None, tab: str = "home"
) -> JSON:
    """An `app_home_opened` event; `view` is the published Home tab, if any."""
    event: JSON = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": ws.dm_channel(user_id),
        "tab": tab,
        "event_ts": event_ts,
    }
    if view is not None and tab == "home":
        event["view"] = view
    return event


def user_change(user: JSON, cache_ts: int) -> JSON:
    """A `user_change` event carrying the member's new user object."""
    return {"type": "user_change", "user": user, "cache_ts": cache_ts}


def app_uninstalled() -> JSON:
    """An `app_uninstalled` event."""
    return {"type": "app_uninstalled"}


def tokens_revoked(ws: Workspace) -> JSON:
    """A `tokens_revoked` event for the team's bot token."""
    return {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [ws.bot_user_id]}}
