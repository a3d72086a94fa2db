"""Button clicks on cards, reminders and the Home tab."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse

from bot.errors import InvalidInput, UserError
from bot.models import FollowUp, Member, RequestKind, Resolution
from bot.outbox import Message, ReplyTo
from bot.services import Origin, answers, calls
from handlers.asked import run_answer
from handlers.context import Deps, deps_of
from handlers.home import publish_home
from handlers.ids import (
    ANSWER_ACTIONS,
    ANSWER_PREFIX,
    GIVE_FEEDBACK,
    QUESTION_PREFIX,
    REOPEN_CALL,
    SNOOZE_ONE_DAY,
)
from handlers.intake import REFUSED, UNAVAILABLE, Recorded, record, remembered, team_of
from handlers.people import meet
from handlers.render.escape import shown
from handlers.render.modals import feedback_modal, need_info_modal, pass_modal
from handlers.render.words import for_both

log = logging.getLogger(__name__)

PASS = f"{ANSWER_PREFIX}{Resolution.PASSED.value}"
NEED_INFO = f"{ANSWER_PREFIX}{Resolution.NEED_MORE_INFO.value}"
ASKED_IN_A_FORM = {
    PASS: ("Pass", pass_modal),
    NEED_INFO: ("Need more info", need_info_modal),
    GIVE_FEEDBACK: ("Give feedback", feedback_modal),
}
STALE = "That button is out of date; `/followthrough list` shows what's open."


def register(app: App) -> None:
    """Listen for the answer and snooze buttons."""
    app.action(re.compile(f"^{ANSWER_PREFIX}"))(acknowledge_click)
    app.action(SNOOZE_ONE_DAY)(acknowledge_click)
    app.action(REOPEN_CALL)(acknowledge_click)
    app.action(re.compile(f"^{QUESTION_PREFIX}"))(acknowledge_click)


def acknowledge_click(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    context: BoltContext,
    request: BoltRequest,
) -> BoltResponse | None:
    """Record the click before acknowledging it; Pass first asks why, and Need more info what,
    in a form."""
    deps, team_id = deps_of(context), team_of(body)
    if action.get("action_id") in ASKED_IN_A_FORM and team_id:
        if not remembered(deps, request):
            return REFUSED
        deps.quick.submit(_open_answer_form, deps, team_id, dict(body), dict(action))
        ack()
        return None
    user_id = (body.get("user") or {}).get("id")
    kind = RequestKind.ACTION
    done = record(deps, team_id=team_id, kind=kind, body=body, user_id=user_id, request=request)
    if done is Recorded.REPLAYED:
        return REFUSED
    if done is Recorded.FAILED:
        return UNAVAILABLE  # Slack shows the click as failed, so the person can click again
    ack()
    return None


def click_origin(team_id: str, body: dict[str, Any], request: Any) -> Origin:
    """Who clicked, and where they see an answer (the message's response_url, or a DM)."""
    user_id = str(body["user"]["id"])
    container = body.get("container") or {}
    channel = str(container.get("channel_id") or user_id)
    reply = ReplyTo(channel=channel, response_url=body.get("response_url"))
    return Origin(team_id, user_id, request, reply)


def run_click(deps: Deps, origin: Origin, body: dict[str, Any]) -> None:
    """Carry out a recorded click, then refresh the Home tab if it came from there."""
    action = (body.get("actions") or [{}])[0]
    meet(deps, origin.team_id, [origin.user_id or ""])
    if str(action.get("action_id", "")).startswith(QUESTION_PREFIX):
        run_answer(deps, origin, action)
        return
    ref, seen = shown_version(action)
    if action.get("action_id") == REOPEN_CALL:

        def reopened(follow_up: FollowUp, _actor: Member) -> Message:
            return Message(f"{follow_up.ref} is open again: {shown(follow_up.what)}.")

        calls.reopen_follow_up(deps.core, origin, ref=str(ref), say=reopened)
    elif action.get("action_id") == SNOOZE_ONE_DAY:

        def snoozed(follow_up: FollowUp, actor: Member) -> Message:
            other = follow_up.creditor if actor.id == follow_up.debtor_id else follow_up.debtor
            due = for_both(follow_up.due_at, actor, other)
            return Message(f"Snoozed {follow_up.ref}: now due {due}.")

        answers.snooze(deps.core, origin, ref=ref, window="1d", say=snoozed, seen=seen)
    else:
        resolution = ANSWER_ACTIONS.get(str(action.get("action_id")))
        if resolution is None:
            raise InvalidInput(STALE)
        answers.answer(deps.core, origin, ref=ref, resolution=resolution, seen=seen)
    if (body.get("container") or {}).get("type") == "view":
        publish_home(deps, Origin(origin.team_id, origin.user_id))


def shown_version(action: dict[str, Any]) -> tuple[int, int | None]:
    """The follow-up a button is about and the version it was shown at (`7:3`, or `7`).

    A mangled value is a stale-button message.
    """
    ref, _, version = str(action.get("value", "")).partition(":")
    if not ref.isdigit() or len(ref) > 9 or (version and not version.isdigit()):
        raise InvalidInput(STALE)
    if len(version) > 9:
        raise InvalidInput(STALE)
    return int(ref), int(version) if version else None


def _open_answer_form(
    deps: Deps, team_id: str, body: dict[str, Any], action: dict[str, Any]
) -> None:
    """Open the Pass or Need more info form right after the ack (only the debtor answers)."""
    origin = click_origin(team_id, body, None)
    label, form = ASKED_IN_A_FORM[str(action.get("action_id"))]
    try:
        meet(deps, team_id, [origin.user_id or ""])
        ref, seen = shown_version(action)
        follow_up = answers.check_debtor(deps.core, team_id, ref=ref, user_id=origin.user_id or "")
        candidate = follow_up.submission.candidate if follow_up.submission else follow_up.what
        container = body.get("container") or {}
        view = form(
            follow_up.id,
            candidate,
            channel=container.get("channel_id", ""),
            ts=container.get("message_ts", ""),
            seen=seen,
        )
        deps.client(team_id).views_open(trigger_id=body["trigger_id"], view=view)
    except UserError as err:
        _tell(deps, origin, str(err))
    except Exception:
        log.exception("could not open the %s form", label)
        _tell(deps, origin, f"I couldn't open the {label} form just now; please click again.")


def _tell(deps: Deps, origin: Origin, text: str) -> None:
    try:
        deps.core.answer(origin, Message(text))
    except Exception:
        log.exception("could not answer %s", origin.user_id)
