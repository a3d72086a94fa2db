"""chat.postMessage, chat.postEphemeral, chat.update and chat.getPermalink."""

from __future__ import annotations

from sandbox.args import require, text_arg
from sandbox.content import message_content, message_metadata
from sandbox.errors import SlackError
from sandbox.methods.base import JSON, Call, Handler
from sandbox.model import Ephemeral, Message


def _thread_ts(call: Call, channel: str) -> str | None:
    thread_ts = text_arg(call.args, "thread_ts")
    if not thread_ts:
        return None
    return call.workspace.thread_parent(channel, thread_ts).ts


def post_message(call: Call) -> JSON:
    """Post as the bot into a channel, a D… conversation, or a member's DM (by user id)."""
    ws = call.workspace
    # A user id names that member's DM with the bot. People of other teams met in a Slack Connect
    # channel have no DM with this workspace's bot, so their ids resolve to nothing:
    # channel_not_found, the error Slack's Web API description lists for an unknown channel.
    channel = ws.resolve_channel(str(require(call.args, "channel")), user_ids=True)
    ws.require_bot_in(channel)
    content = message_content(call.args)
    metadata = message_metadata(call.args)
    thread_ts = _thread_ts(call, channel)
    message = Message(
        channel=channel,
        ts=call.state.ids.ts(),
        user=ws.bot_user_id,
        text=content.text or "",
        team=ws.id,
        blocks=content.blocks,
        attachments=content.attachments,
        metadata=metadata,
        thread_ts=thread_ts,
        bot_id=ws.team.bot_id,
        app_id=ws.api_app_id,
    )
    ws.add_message(message)
    return {"ok": True, "channel": channel, "ts": message.ts, "message": message.to_json()}


def post_ephemeral(call: Call) -> JSON:
    """Show a message to one member of a conversation."""
    ws = call.workspace
    channel = ws.resolve_channel(str(require(call.args, "channel")))
    user_id = str(require(call.args, "user"))
    if user_id not in ws.members and ws.outsider(user_id) is None:
        raise SlackError("user_not_found")  # neither a member nor a peer in a shared channel
    members = ws.channel_members(channel)
    if ws.bot_user_id not in members:
        raise SlackError("channel_not_found")
    if user_id not in members:
        raise SlackError("user_not_in_channel")
    content = message_content(call.args)
    ephemeral = Ephemeral(
        user=user_id,
        channel=channel,
        ts=call.state.ids.ts(),
        text=content.text or "",
        source="chat.postEphemeral",
        blocks=content.blocks,
        thread_ts=_thread_ts(call, channel),
    )
    ws.ephemerals.append(ephemeral)
    return {"ok": True, "message_ts": ephemeral.ts}


def update(call: Call) -> JSON:
    """Edit one of the bot's messages; the channel must be a conversation id."""
    ws = call.workspace
    channel = ws.resolve_channel(str(require(call.args, "channel")))
    message = ws.find_message(channel, str(require(call.args, "ts")))
    if message.user != ws.bot_user_id:
        raise SlackError("cant_update_message")
    content = message_content(call.args)
    metadata = message_metadata(call.args)
    if content.text is not None:
        message.text = content.text
    if content.blocks is not None:
        message.blocks = content.blocks or None
    if content.attachments is not None:
        message.attachments = content.attachments or None
    if metadata is not None:
        message.metadata = metadata
    message.edited = {"user": ws.bot_user_id, "ts": call.state.ids.ts()}
    return {
        "ok": True,
        "channel": channel,
        "ts": message.ts,
        "text": message.text,
        "message": message.to_json(),
    }


def get_permalink(call: Call) -> JSON:
    """Return a message's permalink."""
    ws = call.workspace
    channel = ws.resolve_channel(str(require(call.args, "channel")))
    message = ws.find_message(channel, str(require(call.args, "message_ts")))
    link = f"https://{ws.team.domain}.slack.com/archives/{channel}/p{message.ts.replace('.', '')}"
    if message.is_reply:
        link += f"?thread_ts={message.thread_ts}&cid={channel}"
    return {"ok": True, "channel": channel, "permalink": link}


HANDLERS: dict[str, Handler] = {
    "chat.postMessage": post_message,
    "chat.postEphemeral": post_ephemeral,
    "chat.update": update,
    "chat.getPermalink": get_permalink,
}
