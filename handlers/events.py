"""Events: replies and ✅ on tracked messages, App Home, profile changes and uninstalls."""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot import ledger
from bot.errors import UserError
from bot.models import RequestKind
from bot.outbox import ReplyTo
from bot.services import Origin, answers, members
from handlers.commands import mention_origin, raise_form_needed, run_mention
from handlers.context import Deps, deps_of
from handlers.grammar import Verb, parse, plain_words
from handlers.home import publish_home
from handlers.intake import UNAVAILABLE, Recorded, record, team_of
from handlers.people import meet, profile_of
from handlers.render.cards import pick_an_answer
from handlers.verbs import Invocation, run

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
    """A thread reply by a person, a message to the bot in its DM, a ✅ on a message, or any
    of the other subscribed events."""
    kind = event.get("type")
    if kind == "message":
        by_a_person = bool(
            event.get("user") and not event.get("bot_id") and event.get("subtype") in REPLY_SUBTYPES
        )
        return by_a_person and bool(event.get("thread_ts") or _to_the_bot(event))
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
    if event.get("type") == "message" and _to_the_bot(event):
        user_id = str(event["user"])
        return Origin(team_id, user_id, request, ReplyTo(channel=user_id))  # answered in the DM
    return Origin(team_id, _actor(event), request)


def run_event(deps: Deps, origin: Origin, body: dict[str, Any]) -> None:
    """Carry out a recorded event."""
    event = body.get("event") or {}
    kind = event.get("type")
    if kind == "app_mention":
        run_mention(deps, origin, event)
    elif kind == "message" and _to_the_bot(event):
        run_direct_message(deps, origin, event)
    elif kind == "message":
        channel, thread = str(event["channel"]), str(event["thread_ts"])
        answers.replied_on_message(
            deps.core,
            origin,
            channel=channel,
            ts=thread,
            words=reply_words(deps, origin.team_id, event),
            how="replied in the thread",
            pick=pick_an_answer,
        )
    elif kind == "reaction_added":
        item = event["item"]
        channel, ts = str(item["channel"]), str(item["ts"])
        answers.replied_on_message(
            deps.core,
            origin,
            channel=channel,
            ts=ts,
            words=None,
            how="reacted ✅",
            pick=pick_an_answer,
        )
    elif kind == "app_home_opened":
        publish_home(deps, origin)
    elif kind == "user_change":
        members.refresh(deps.core, origin, profile_of(event["user"]))
    elif kind in GOODBYES:
        forget = deps.forget_installation  # installed through OAuth: a reinstall resumes
        if forget is not None and not forget(origin.team_id, _number(body.get("event_time"))):
            return  # a late retry from before the workspace installed the app again
        members.uninstalled(deps.core, origin)
        log.info("stopped delivery to workspace %s (%s)", origin.team_id, kind)


def reply_words(deps: Deps, team_id: str, event: dict[str, Any]) -> str | None:
    """What the reply says, as plain words: mentions as @names, links as their URLs, files by
    name. Nothing in it can ping anyone when it is relayed."""
    text = str(event.get("text") or "")
    ids = sorted(set(re.findall(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>", text)))
    if ids:
        with contextlib.suppress(UserError):  # someone Slack won't name stays "@someone"
            meet(deps, team_id, ids[:10])  # first sight of someone mentioned: name from Slack
    names = deps.core.read(team_id, lambda scope: _names(scope, ids)) if ids else {}
    words = plain_words(text, names)
    files = [str(f.get("name") or f.get("title") or "a file") for f in event.get("files") or []]
    if files:
        attached = "📎 " + ", ".join(files)
        words = f"{words} ({attached})" if words else attached
    return words or None


def _names(scope: ledger.Scope, ids: list[str]) -> dict[str, str]:
    found = (ledger.find_member(scope, user_id) for user_id in ids)
    return {member.slack_user_id: member.name for member in found if member is not None}


def run_direct_message(deps: Deps, origin: Origin, event: dict[str, Any]) -> None:
    """A message to the bot in its DM: the same verbs as the slash command, answered there."""
    request = parse(str(event.get("text") or ""))
    if request.missing or (request.verb is Verb.PROFILE and not request.args):
        raise_form_needed(request)
    run(request, Invocation(deps, origin))


def _to_the_bot(event: dict[str, Any]) -> bool:
    """A top-level message in the bot's DM (not a reply in a thread there)."""
    return event.get("channel_type") == "im" and not event.get("thread_ts")


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _actor(event: dict[str, Any]) -> str | None:
    user = event.get("user")
    if isinstance(user, dict):
        return str(user.get("id")) if user.get("id") else None
    return str(user) if user else None
