"""The `/followthrough` slash command and `@Followthrough …` mentions."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse

from bot import ledger
from bot.errors import InvalidInput, UserError
from bot.models import JobOrder, RequestKind
from bot.outbox import Message, ReplyTo
from bot.services import Origin
from handlers.context import Deps, deps_of
from handlers.grammar import Request, Verb, parse
from handlers.ids import COMMAND
from handlers.intake import (
    NOT_SAVED,
    ORG_WIDE,
    REFUSED,
    UNAVAILABLE,
    Recorded,
    record,
    remembered,
    team_of,
)
from handlers.people import meet
from handlers.render.modals import verb_modal
from handlers.verbs import Invocation, run

log = logging.getLogger(__name__)

_BOT_MENTION = re.compile(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>[\s:,]*")


def register(app: App) -> None:
    """Listen for the slash command and for mentions of the bot in channels."""
    app.command(COMMAND)(acknowledge_command)
    app.event("app_mention")(acknowledge_mention)


def acknowledge_command(
    ack: Ack, command: dict[str, Any], context: BoltContext, request: BoltRequest
) -> BoltResponse | None:
    """Answer typing mistakes at once; record the rest before acknowledging."""
    try:
        asked = parse(command.get("text", ""))
    except UserError as err:
        ack(text=str(err))  # a typing mistake needs no database: answer in the ack itself
        return None
    deps = deps_of(context)
    team_id = team_of(command)
    if team_id is None:
        ack(text=ORG_WIDE)
        return None
    if _wants_form(asked):
        if not remembered(deps, request):
            return REFUSED
        deps.quick.submit(_open_form, deps, team_id, asked, dict(command))
        ack()
        return None
    kind, user_id = RequestKind.COMMAND, command.get("user_id")
    done = record(deps, team_id=team_id, kind=kind, body=command, user_id=user_id, request=request)
    if done is Recorded.REPLAYED:
        return REFUSED
    ack(text=NOT_SAVED) if done is Recorded.FAILED else ack()
    return None


def acknowledge_mention(body: dict[str, Any], context: BoltContext) -> BoltResponse | None:
    """Record an @mention (deduplicated by event id); Slack retries if that failed."""
    event = body.get("event", {})
    recorded = record(
        deps_of(context),
        team_id=team_of(body),
        kind=RequestKind.EVENT,
        body=body,
        user_id=event.get("user"),
        event_id=body.get("event_id"),
    )
    return None if recorded is Recorded.YES else UNAVAILABLE


def run_command(deps: Deps, origin: Origin, command: dict[str, Any]) -> None:
    """Carry out a recorded slash command."""
    run(parse(command.get("text", "")), Invocation(deps, origin))


def command_origin(team_id: str, command: dict[str, Any], request: Any) -> Origin:
    """Who typed the command, and where they see the answer (its response_url)."""
    reply = ReplyTo(
        channel=str(command.get("channel_id") or command["user_id"]),
        response_url=command.get("response_url"),
    )
    return Origin(team_id, str(command["user_id"]), request, reply)


def run_mention(deps: Deps, origin: Origin, event: dict[str, Any]) -> None:
    """Carry out `@Followthrough <verb> …` typed in a channel; the answer goes in the thread,
    seen only by whoever asked (a list or a confirmation concerns them, not the channel)."""
    request = parse(_BOT_MENTION.sub("", event.get("text", ""), count=1))
    if _wants_form(request):
        raise_form_needed(request)
    run(request, Invocation(deps, origin))


def mention_origin(team_id: str, event: dict[str, Any], request: Any) -> Origin:
    """Who mentioned the bot; answers go to the thread, only to them."""
    thread = event.get("thread_ts") or event.get("ts")
    reply = ReplyTo(channel=str(event["channel"]), thread_ts=thread)
    return Origin(team_id, str(event["user"]), request, reply)


def raise_form_needed(request: Request) -> None:
    """A mention can't open a form: say which command would."""
    raise InvalidInput(
        f"That needs more detail here; try `/followthrough {request.verb.value}` for a form."
    )


def _wants_form(request: Request) -> bool:
    return bool(request.missing) or (request.verb is Verb.PROFILE and not request.args)


def _open_form(deps: Deps, team_id: str, request: Request, command: dict[str, Any]) -> None:
    """Open the verb's form (trigger ids last 3 s: this runs right after the ack)."""
    try:
        member = None
        user_id = str(command["user_id"])
        if request.verb is Verb.PROFILE:
            meet(deps, team_id, [user_id])
            member = deps.core.read(team_id, lambda scope: ledger.get_member(scope, user_id))
        job = named_job(deps, team_id, request) if request.verb is Verb.SUBMIT else None
        view = verb_modal(request, channel=command.get("channel_id"), member=member, job=job)
        deps.client(team_id).views_open(trigger_id=command["trigger_id"], view=view)
    except Exception:
        log.exception("could not open the %s form", request.verb.value)
        tell_form_failed(deps, team_id, command, request.verb.value)


def named_job(deps: Deps, team_id: str, request: Request) -> JobOrder | None:
    """The open job order a half-typed submission named (`for JO-3`, `for Java`), to preselect
    in the form; None when it names none, or none that can take it (the menu is left empty)."""
    ref, words, importer_id = request.job, request.job_title, request.partner

    def question(scope: ledger.Scope) -> JobOrder | None:
        if ref:
            problem = ledger.pick_problem(scope, ref, importer_id)
            return None if problem else ledger.get_job_order(scope, ref)
        importer = ledger.find_member(scope, importer_id) if importer_id else None
        try:
            return ledger.job_by_words(scope, importer, words) if importer and words else None
        except UserError:
            return None  # several or none: the person picks in the form

    return deps.core.read(team_id, question) if ref or words else None


def tell_form_failed(deps: Deps, team_id: str, where: dict[str, Any], verb: str) -> None:
    """The form could not open (Slack refused, or the 3 s trigger expired): say so."""
    origin = command_origin(team_id, where, None)
    text = (
        f"I couldn't open the {verb} form just now; try again, or type the details, "
        "e.g. `/followthrough help`."
    )
    try:
        deps.core.answer(origin, Message(text))
    except Exception:
        log.exception("could not tell %s that the form failed", origin.user_id)
