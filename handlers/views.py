"""Modal submissions: verb forms, the profile form, the pass reason and tracked messages."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse

from bot.errors import TryLater
from bot.models import FollowUp, Member, RequestKind, Resolution
from bot.outbox import Message, ReplyTo
from bot.services import Origin, answers, jobs, members
from handlers.context import Deps, deps_of
from handlers.forms import read_state, request_from_form
from handlers.grammar import Request, Verb
from handlers.ids import (
    FEEDBACK_WORDS,
    MODAL_PREFIX,
    NEED_INFO_QUESTION,
    PASS_REASON,
    SHORTCUT_TRACK,
)
from handlers.intake import REFUSED, Recorded, record, team_of
from handlers.people import meet
from handlers.profile import describe_profile
from handlers.render.modals import PICKED
from handlers.render.words import zoned
from handlers.verbs import Invocation, run

NOT_SAVED = "Couldn't save just now (the database didn't answer); please press Save again."


def register(app: App) -> None:
    """Listen for every modal Followthrough opens."""
    app.view(re.compile(f"^{MODAL_PREFIX}"))(acknowledge_form)
    app.view(PASS_REASON)(acknowledge_pass)
    app.view(NEED_INFO_QUESTION)(acknowledge_question)
    app.view(FEEDBACK_WORDS)(acknowledge_feedback)


def acknowledge_form(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext, request: BoltRequest
) -> BoltResponse | None:
    """Show field errors in the form at once; otherwise record it, then let the form close."""
    deps = deps_of(context)
    _name, asked, errors = read_form(view, now=deps.core.clock.now())
    if not errors and asked.verb is Verb.SUBMIT and asked.job:
        errors = _job_errors(deps, team_of(body), asked)
    if not errors and asked.verb is Verb.SNOOZE and read_state(view).get(PICKED):
        errors = _snooze_errors(deps, body, asked)
    if errors:
        ack(response_action="errors", errors=errors)  # shown beside the fields
        return None
    return _record(ack, body, view, context, request)


def acknowledge_pass(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext, request: BoltRequest
) -> BoltResponse | None:
    """A pass needs a reason the exporter can act on."""
    if not read_state(view).get("reason"):
        ack(response_action="errors", errors={"reason": "Say why, so the exporter can adjust."})
        return None
    return _record(ack, body, view, context, request)


def acknowledge_question(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext, request: BoltRequest
) -> BoltResponse | None:
    """Need more info needs the question the exporter will answer."""
    if not read_state(view).get("question"):
        ack(response_action="errors", errors={"question": "Say what you need to know."})
        return None
    return _record(ack, body, view, context, request)


def acknowledge_feedback(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext, request: BoltRequest
) -> BoltResponse | None:
    """Feedback is the importer's words about the interview."""
    if not read_state(view).get("feedback"):
        ack(response_action="errors", errors={"feedback": "Say how the interview went."})
        return None
    return _record(ack, body, view, context, request)


def _record(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    context: BoltContext,
    request: BoltRequest,
) -> BoltResponse | None:
    user_id, team_id = (body.get("user") or {}).get("id"), team_of(body)
    deps, kind = deps_of(context), RequestKind.VIEW
    done = record(deps, team_id=team_id, kind=kind, body=body, user_id=user_id, request=request)
    if done is Recorded.REPLAYED:
        return REFUSED
    if done is Recorded.YES:
        ack()
        return None
    first = next(
        (b.get("block_id") for b in view.get("blocks", []) if b.get("type") == "input"), None
    )
    if first:
        ack(response_action="errors", errors={first: NOT_SAVED})
    else:
        ack()
    return None


def _job_errors(deps: Deps, team_id: str | None, asked: Request) -> dict[str, str]:
    """A job order picked for another importer, or closed meanwhile: said beside the menu."""
    if team_id is None or asked.job is None:
        return {}
    try:
        problem = jobs.pick_problem(deps.core, team_id, job=asked.job, importer_id=asked.partner)
    except TryLater:
        return {}  # checked again when the submission is carried out
    return {"job": problem} if problem else {}


def _snooze_errors(deps: Deps, body: dict[str, Any], asked: Request) -> dict[str, str]:
    """A picked time no later than the follow-up's due time: said beside the picker."""
    team_id, user_id = team_of(body), (body.get("user") or {}).get("id")
    if team_id is None or user_id is None or asked.ref is None or asked.window is None:
        return {}

    def say(follow_up: FollowUp, reader: Member) -> str:
        due = zoned(follow_up.due_at, reader)
        return f"{follow_up.ref} is already due {due}; pick a later time."

    try:
        problem = answers.snooze_problem(
            deps.core, team_id, ref=asked.ref, user_id=str(user_id), window=asked.window, say=say
        )
    except TryLater:
        return {}  # checked again when the snooze is carried out
    return {PICKED: problem} if problem else {}


def read_form(
    view: dict[str, Any], *, now: datetime | None = None
) -> tuple[str, Request, dict[str, str]]:
    """The form's name, the request it describes and any errors to show beside its fields.

    `now` is the request's clock, for refusing a picked time that has passed while the form is
    open; a recorded form is read without it (the ledger refuses then, with a reply)."""
    name = view["callback_id"].removeprefix(MODAL_PREFIX)
    verb = Verb.TALK if name == SHORTCUT_TRACK else Verb(name)
    request, errors = request_from_form(verb, read_state(view), now=now)
    return name, request, errors


def form_origin(team_id: str, body: dict[str, Any], request: Any) -> Origin:
    """Who submitted the form; answers go ephemerally where it was opened, else by DM."""
    user_id = str(body["user"]["id"])
    metadata = _metadata(body.get("view") or {})
    channel = metadata.get("channel") or user_id
    return Origin(team_id, user_id, request, ReplyTo(channel=str(channel)))


def run_form(deps: Deps, origin: Origin, body: dict[str, Any]) -> None:
    """Carry out a recorded form submission."""
    view = body["view"]
    if view.get("callback_id") == PASS_REASON:
        _answer_with(deps, origin, view, Resolution.PASSED, "reason")
        return
    if view.get("callback_id") == NEED_INFO_QUESTION:
        _answer_with(deps, origin, view, Resolution.NEED_MORE_INFO, "question")
        return
    if view.get("callback_id") == FEEDBACK_WORDS:
        _answer_with(deps, origin, view, Resolution.DONE, "feedback")
        return
    name, request, errors = read_form(view)
    if errors:
        return  # refused in the ack already
    if request.verb is Verb.PROFILE:
        _save_profile(deps, origin, read_state(view))
        return
    metadata = _metadata(view)
    track = (
        (str(metadata["track_channel"]), str(metadata["track_ts"]))
        if name == SHORTCUT_TRACK
        else None
    )
    run(request, Invocation(deps, origin, track=track))


def _save_profile(deps: Deps, origin: Origin, fields: dict[str, str | None]) -> None:
    meet(deps, origin.team_id, [origin.user_id or ""])
    vacation, away_from = fields.get("vacation_until"), fields.get("vacation_from")
    settings = deps.core.settings

    def say(member: Member, _reader: Member) -> Message:
        return Message("Saved. " + describe_profile(member, settings))

    members.save_profile_form(
        deps.core,
        origin,
        specializations=fields.get("specializations") or "",
        working_hours=fields.get("working_hours"),
        holiday_country=fields.get("holiday_country"),
        vacation_from=date.fromisoformat(away_from) if away_from else None,
        vacation_until=date.fromisoformat(vacation) if vacation else None,
        say=say,
    )


def _answer_with(
    deps: Deps, origin: Origin, view: dict[str, Any], resolution: Resolution, field: str
) -> None:
    """The importer passes (with the reason) or needs more info (with the question); the
    exporter reads their words."""
    meet(deps, origin.team_id, [origin.user_id or ""])
    metadata = _metadata(view)
    seen = metadata.get("seen")
    answers.answer(
        deps.core,
        origin,
        ref=int(metadata["follow_up"]),
        resolution=resolution,
        note=read_state(view).get(field),
        seen=seen if isinstance(seen, int) else None,
    )


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
