"""reactions.get and reactions.add."""

from __future__ import annotations

import re

from sandbox.args import require, text_arg
from sandbox.errors import SlackError
from sandbox.methods.base import JSON, Call, Handler
from sandbox.model import Message

_NAME = re.compile(r"^[a-z0-9_+'-]+(::skin-tone-[2-6])?$")


def _message(call: Call) -> tuple[str, Message]:
    ws = call.workspace
    if text_arg(call.args, "file") or text_arg(call.args, "file_comment"):
        raise SlackError("file_not_found")
    channel = ws.resolve_channel(str(require(call.args, "channel")))
    ws.require_bot_in(channel)
    return channel, ws.find_message(channel, str(require(call.args, "timestamp")))


def reactions_get(call: Call) -> JSON:
    """Return a message with its reactions."""
    channel, message = _message(call)
    body = message.to_json()
    ws = call.workspace
    body["permalink"] = (
        f"https://{ws.team.domain}.slack.com/archives/{channel}/p{message.ts.replace('.', '')}"
    )
    return {"ok": True, "type": "message", "channel": channel, "message": body}


def reactions_add(call: Call) -> JSON:
    """Add the bot's reaction to a message."""
    name = str(require(call.args, "name")).strip(":")
    if not _NAME.match(name):
        raise SlackError("invalid_name")
    _, message = _message(call)
    users = message.reactions.setdefault(name, [])
    if call.workspace.bot_user_id in users:
        raise SlackError("already_reacted")
    users.append(call.workspace.bot_user_id)
    return {"ok": True}


HANDLERS: dict[str, Handler] = {
    "reactions.get": reactions_get,
    "reactions.add": reactions_add,
}
