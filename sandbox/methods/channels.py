"""conversations.info and conversations.members, Slack Connect channels included."""

from __future__ import annotations

from sandbox.args import flag, integer, require, text_arg
from sandbox.connect import conversation_json
from sandbox.errors import SlackError
from sandbox.methods.base import JSON, Call, Handler
from sandbox.methods.cursors import decode_cursor, encode_cursor

MEMBERS_DEFAULT_LIMIT = 100


def _visible(call: Call) -> str:
    """A conversation the bot may read about: any public channel, or one it belongs to."""
    ws = call.workspace
    channel = ws.resolve_channel(str(require(call.args, "channel")))
    private = channel in ws.channels and ws.channels[channel].is_private
    if private and ws.bot_user_id not in ws.channel_members(channel):
        raise SlackError("channel_not_found")
    return channel


def conversations_info(call: Call) -> JSON:
    """Describe a conversation; Slack Connect channels show is_ext_shared and their teams."""
    channel = _visible(call)
    counted = flag(call.args, "include_num_members")
    return {
        "ok": True,
        "channel": conversation_json(call.workspace, channel, num_members=counted),
    }


def conversations_members(call: Call) -> JSON:
    """List a conversation's members (people of other teams too), paginated by cursor."""
    channel = _visible(call)
    ids = sorted(call.workspace.channel_members(channel))
    limit = integer(call.args, "limit", MEMBERS_DEFAULT_LIMIT)
    if limit < 0 or limit > 1000:
        raise SlackError("invalid_limit")
    limit = limit or MEMBERS_DEFAULT_LIMIT
    start = 0
    cursor = text_arg(call.args, "cursor")
    if cursor:
        after = decode_cursor(cursor, "user")
        if after not in ids:
            raise SlackError("invalid_cursor")
        start = ids.index(after)
    end = min(len(ids), start + limit)
    next_cursor = encode_cursor("user", ids[end]) if end < len(ids) else ""
    return {
        "ok": True,
        "members": ids[start:end],
        "response_metadata": {"next_cursor": next_cursor},
    }


HANDLERS: dict[str, Handler] = {
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
}
