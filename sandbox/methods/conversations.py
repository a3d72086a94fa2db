"""conversations.open, conversations.history and conversations.replies."""

from __future__ import annotations

from collections.abc import Callable

from sandbox.args import flag, integer, require, text_arg
from sandbox.errors import SlackError
from sandbox.methods.base import JSON, Call, Handler
from sandbox.methods.cursors import decode_cursor, encode_cursor
from sandbox.model import Message
from sandbox.workspace import ts_key

HISTORY_MAX = 999


def conversations_open(call: Call) -> JSON:
    """Open (or resume) the bot's DM with one member; the D… id is stable per member."""
    ws, args = call.workspace, call.args
    channel = text_arg(args, "channel")
    users = [u.strip() for u in (text_arg(args, "users") or "").split(",") if u.strip()]
    if channel:
        user_id = ws.dm_user(channel)
        if user_id is None:
            raise SlackError("channel_not_found")
        users = [user_id]
    if not users:
        raise SlackError("users_list_not_supplied")
    if len(users) > 1:
        raise SlackError("invalid_arguments", ["[ERROR] group DMs are not modelled"])
    if users[0] == ws.bot_user_id:
        raise SlackError("cannot_dm_bot")
    if ws.outsider(users[0]) is not None:
        # A bot's DMs are with people of its own workspace: someone of another team, seen only
        # through a Slack Connect channel, is not visible for a DM. user_not_visible is among
        # the errors Slack's Web API description (slack-api-specs 1.7.0) lists for this method.
        raise SlackError("user_not_visible")
    member = ws.member(users[0])
    if member.deleted:
        raise SlackError("user_disabled")
    dm = ws.dm_channel(member.id)
    if not flag(args, "return_im"):
        return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": dm}}
    im = {
        "id": dm,
        "created": int(call.now),
        "is_im": True,
        "is_org_shared": False,
        "user": member.id,
        "is_user_deleted": member.deleted,
        "priority": 0,
    }
    return {"ok": True, "no_op": True, "already_open": True, "channel": im}


def _readable_channel(call: Call) -> str:
    ws = call.workspace
    channel = ws.resolve_channel(str(require(call.args, "channel")))
    ws.require_bot_in(channel)
    return channel


def _bound(call: Call, name: str) -> tuple[int, int] | None:
    value = text_arg(call.args, name)
    if not value or value == "0":
        return None
    try:
        return ts_key(value)
    except ValueError as exc:
        raise SlackError(f"invalid_ts_{name}") from exc


def _time_filter(call: Call) -> Callable[[Message], bool]:
    oldest, latest = _bound(call, "oldest"), _bound(call, "latest")
    inclusive = flag(call.args, "inclusive")

    def keep(message: Message) -> bool:
        key = ts_key(message.ts)
        if oldest is not None and (key < oldest or (key == oldest and not inclusive)):
            return False
        return latest is None or key < latest or (key == latest and inclusive)

    return keep


def _render(messages: list[Message], call: Call) -> list[JSON]:
    metadata = flag(call.args, "include_all_metadata")
    return [m.to_json(include_metadata=metadata) for m in messages]


def _page(call: Call, messages: list[Message], default_limit: int) -> tuple[list[Message], str]:
    cursor = text_arg(call.args, "cursor")
    if cursor:
        start_ts = decode_cursor(cursor, "next_ts")
        starts = [i for i, m in enumerate(messages) if m.ts == start_ts]
        if not starts:
            raise SlackError("invalid_cursor")
        messages = messages[starts[0] :]
    limit = integer(call.args, "limit", default_limit)
    limit = default_limit if limit <= 0 else min(limit, HISTORY_MAX)
    page, rest = messages[:limit], messages[limit:]
    return page, encode_cursor("next_ts", rest[0].ts) if rest else ""


def conversations_history(call: Call) -> JSON:
    """Return a conversation's top-level messages, newest first."""
    channel = _readable_channel(call)
    keep = _time_filter(call)
    history = call.workspace.messages.get(channel, [])
    messages = [m for m in reversed(history) if not m.is_reply and keep(m)]
    page, next_cursor = _page(call, messages, 100)
    return {
        "ok": True,
        "messages": _render(page, call),
        "has_more": bool(next_cursor),
        "pin_count": 0,
        "channel_actions_ts": None,
        "channel_actions_count": 0,
        "response_metadata": {"next_cursor": next_cursor},
    }


def conversations_replies(call: Call) -> JSON:
    """Return a thread: its parent first, then the replies oldest first."""
    channel = _readable_channel(call)
    ts = text_arg(call.args, "ts")
    if not ts:
        raise SlackError("thread_not_found")
    parent, *replies = call.workspace.thread(channel, ts)
    keep = _time_filter(call)
    messages = [parent, *[m for m in replies if keep(m)]]
    page, next_cursor = _page(call, messages, 1000)
    return {
        "ok": True,
        "messages": _render(page, call),
        "has_more": bool(next_cursor),
        "response_metadata": {"next_cursor": next_cursor},
    }


HANDLERS: dict[str, Handler] = {
    "conversations.open": conversations_open,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
}
