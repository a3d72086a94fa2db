"""Interaction payloads shaped like Slack's: slash commands, block actions, views, shortcuts."""

from __future__ import annotations

import html
import re
from typing import Any

from sandbox.seed import Seed
from sandbox.workspace import Workspace

JSON = dict[str, Any]

_MENTION = re.compile(r"(?<![\w<@])([@#])([a-z0-9][a-z0-9._-]*)", re.IGNORECASE)


def escape_command_text(ws: Workspace, text: str) -> str:
    """Escape &, <, > and turn @name / #channel into <@U…|name> / <#C…|name>, as Slack does
    (people of other teams met in a Slack Connect channel too)."""
    escaped = html.escape(text, quote=False)
    users = _peers(ws)
    users.update({m.name: m.id for m in ws.members.values()})
    channels = {c.name: c.id for c in ws.channels.values()}

    def replace(match: re.Match[str]) -> str:
        sigil, name = match.group(1), match.group(2)
        table = users if sigil == "@" else channels
        key = name.lower()
        if key not in table:
            return match.group(0)
        return f"<{sigil}{table[key]}|{key}>"

    return _MENTION.sub(replace, escaped)


def mention_markup(ws: Workspace, text: str) -> str:
    """Turn @name into <@U…> as a Slack client does when a member types a message.

    People of other teams met in a Slack Connect channel are mentioned the same way: <@U…>.
    """
    users = _peers(ws)
    users.update({m.name: m.id for m in ws.members.values()})
    users[ws.team.bot_name] = ws.bot_user_id

    def replace(match: re.Match[str]) -> str:
        user_id = users.get(match.group(2).lower())
        if match.group(1) != "@" or user_id is None:
            return match.group(0)
        return f"<@{user_id}>"

    return _MENTION.sub(replace, text)


def _peers(ws: Workspace) -> dict[str, str]:
    """Handles of the people of other teams this team shares a channel with."""
    users: dict[str, str] = {}
    for channel in ws.channels.values():
        for user_id in channel.members if ws.is_shared(channel.id) else ():
            found = ws.outsider(user_id)
            if found is not None and found.member is not None:
                users[found.name] = user_id
    return users


def user_ref(ws: Workspace, user_id: str) -> JSON:
    """The `user` object of an interaction payload; team_id is the person's own team."""
    name = ws.handle(user_id)
    return {"id": user_id, "username": name, "name": name, "team_id": ws.home_team(user_id)}


def team_ref(ws: Workspace) -> JSON:
    """The `team` object of an interaction payload."""
    return {"id": ws.id, "domain": ws.team.domain}


def slash_command(
    ws: Workspace, seed: Seed, user_id: str, command: str, text: str, channel: str, **urls: str
) -> dict[str, str]:
    """The form fields of a slash command request (urls: response_url, trigger_id)."""
    return {
        "token": seed.verification_token,
        "team_id": ws.id,
        "team_domain": ws.team.domain,
        "channel_id": channel,
        "channel_name": ws.channel_name(channel),
        "user_id": user_id,
        "user_name": ws.member(user_id).name,
        "command": command,
        "text": escape_command_text(ws, text),
        "api_app_id": seed.api_app_id,
        "is_enterprise_install": "false",
        "response_url": urls["response_url"],
        "trigger_id": urls["trigger_id"],
    }


def _interaction(kind: str, ws: Workspace, seed: Seed, user_id: str) -> JSON:
    return {
        "type": kind,
        "user": user_ref(ws, user_id),
        "api_app_id": seed.api_app_id,
        "token": seed.verification_token,
        "team": team_ref(ws),
        "enterprise": None,
        "is_enterprise_install": False,
    }


def block_actions(
    ws: Workspace,
    seed: Seed,
    user_id: str,
    *,
    container: JSON,
    actions: list[JSON],
    trigger_id: str,
    extra: JSON,
) -> JSON:
    """A block_actions payload; `extra` carries channel/message/response_url or view/state."""
    payload = _interaction("block_actions", ws, seed, user_id)
    payload.update(container=container, trigger_id=trigger_id, actions=actions)
    payload.update(extra)
    return payload


def view_submission(ws: Workspace, seed: Seed, user_id: str, view: JSON, trigger_id: str) -> JSON:
    """A view_submission payload for a modal with its state filled in."""
    payload = _interaction("view_submission", ws, seed, user_id)
    payload.update(trigger_id=trigger_id, view=view)
    return payload


def block_suggestion(
    ws: Workspace,
    seed: Seed,
    user_id: str,
    *,
    view: JSON,
    block_id: str,
    action_id: str,
    value: str,
) -> JSON:
    """A block_suggestion payload: someone typed into an external select of a modal."""
    payload = _interaction("block_suggestion", ws, seed, user_id)
    payload.update(
        container={"type": "view", "view_id": view["id"]},
        block_id=block_id,
        action_id=action_id,
        value=value,
        view=view,
    )
    return payload


def view_closed(ws: Workspace, seed: Seed, user_id: str, view: JSON, is_cleared: bool) -> JSON:
    """A view_closed payload (sent only for modals with notify_on_close)."""
    payload = _interaction("view_closed", ws, seed, user_id)
    payload.update(view=view, is_cleared=is_cleared)
    return payload


def message_action(
    ws: Workspace,
    seed: Seed,
    user_id: str,
    *,
    callback_id: str,
    channel: str,
    message: JSON,
    urls: dict[str, str],
    action_ts: str,
) -> JSON:
    """A message shortcut payload (urls: trigger_id, response_url)."""
    payload = _interaction("message_action", ws, seed, user_id)
    payload.update(
        callback_id=callback_id,
        trigger_id=urls["trigger_id"],
        response_url=urls["response_url"],
        message_ts=message["ts"],
        message=message,
        channel={"id": channel, "name": ws.channel_name(channel)},
        action_ts=action_ts,
    )
    payload["user"] = {k: v for k, v in payload["user"].items() if k != "username"}
    del payload["api_app_id"]
    return payload
