"""The message shortcut "Track follow-through": any message becomes a tracked follow-up."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.outbox import Message, ReplyTo
from bot.services import Origin
from handlers.context import Deps, deps_of
from handlers.grammar import Request, Verb
from handlers.ids import MODAL_PREFIX, SHORTCUT_TRACK
from handlers.intake import team_of
from handlers.render.modals import conversation_fields, modal

log = logging.getLogger(__name__)


def register(app: App) -> None:
    """Open a form pre-filled from the message: its author, its words, a default window."""
    app.shortcut(SHORTCUT_TRACK)(acknowledge_track)


def acknowledge_track(ack: Ack, shortcut: dict[str, Any], context: BoltContext) -> None:
    """Nothing to record yet: open the form right after the ack (the trigger lasts 3 s)."""
    team_id = team_of(shortcut)
    if team_id:
        deps_of(context).quick.submit(_open_track_form, deps_of(context), team_id, dict(shortcut))
    ack()


def _open_track_form(deps: Deps, team_id: str, shortcut: dict[str, Any]) -> None:
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
    try:
        deps.client(team_id).views_open(trigger_id=shortcut["trigger_id"], view=view)
    except Exception:
        log.exception("could not open the track form")
        user_id = str(shortcut["user"]["id"])
        origin = Origin(team_id, user_id, reply=ReplyTo(channel=channel))
        deps.core.answer(origin, Message("I couldn't open the form just now; please try again."))
