"""auth.test, users.info and users.list."""

from __future__ import annotations

from sandbox.args import flag, integer, require, text_arg
from sandbox.errors import SlackError
from sandbox.methods.base import JSON, Call, Handler
from sandbox.methods.cursors import decode_cursor, encode_cursor


def auth_test(call: Call) -> JSON:
    """Describe the bot token's workspace and bot user."""
    team = call.workspace.team
    return {
        "ok": True,
        "url": f"https://{team.domain}.slack.com/",
        "team": team.name,
        "user": team.bot_name,
        "team_id": team.id,
        "user_id": team.bot_user_id,
        "bot_id": team.bot_id,
        "is_enterprise_install": False,
    }


def users_info(call: Call) -> JSON:
    """Return one member of the token's workspace."""
    user_id = str(require(call.args, "user"))
    locale = flag(call.args, "include_locale")
    return {"ok": True, "user": call.workspace.user_json(user_id, call.now, include_locale=locale)}


def users_list(call: Call) -> JSON:
    """Return the workspace's members, paginated by cursor."""
    ws = call.workspace
    ids = sorted([*ws.members, ws.bot_user_id])
    cursor = text_arg(call.args, "cursor")
    start = 0
    if cursor:
        after = decode_cursor(cursor, "user")
        if after not in ids:
            raise SlackError("invalid_cursor")
        start = ids.index(after)
    limit = integer(call.args, "limit", 0)
    end = len(ids) if limit <= 0 else min(len(ids), start + limit)
    locale = flag(call.args, "include_locale")
    members = [ws.user_json(uid, call.now, include_locale=locale) for uid in ids[start:end]]
    next_cursor = encode_cursor("user", ids[end]) if end < len(ids) else ""
    return {
        "ok": True,
        "members": members,
        "cache_ts": int(call.now),
        "response_metadata": {"next_cursor": next_cursor},
    }


HANDLERS: dict[str, Handler] = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.list": users_list,
}
