"""The message shortcut "Track follow-through": any message becomes a tracked follow-up."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from handlers.grammar import Request, Verb
from handlers.ids import MODAL_PREFIX, SHORTCUT_TRACK
from handlers.render.modals import conversation_fields, modal
from handlers.replies import answer, just_ack
from handlers.services import Services
from handlers.verbs import Reply


def register(app: App, services: Services) -> None:
    """Open a form pre-filled from the message: its author, its words, a default window."""

    def track(shortcut: dict[str, Any], client: WebClient) -> None:
        message, channel = shortcut["message"], shortcut["channel"]["id"]
        author = message.get("user")
        partner = author if author and author != shortcut["user"]["id"] else None
        request = Request(Verb.TALK, partner=partner, note=(message.get("text") or "")[:2900])
        view = modal(
            f"{MODAL_PREFIX}{SHORTCUT_TRACK}",
            "Track follow-through",
            conversation_fields(request, owed="partner"),
            channel,
            metadata={"track_channel": channel, "track_ts": message["ts"]},
        )

        def open_form() -> Reply:
            client.views_open(trigger_id=shortcut["trigger_id"], view=view)
            return Reply("")

        reply = answer(open_form, what="the track shortcut")
        if reply.text:
            client.chat_postEphemeral(channel=channel, user=shortcut["user"]["id"], text=reply.text)

    app.shortcut(SHORTCUT_TRACK)(ack=just_ack, lazy=[track])
