"""The job board's interactions: the submit form's job menu, and a job order's Submit button."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse

from bot import ledger
from bot.errors import TryLater, UserError
from bot.models import JobOrder
from bot.outbox import Message
from bot.services import Origin
from handlers.actions import click_origin
from handlers.context import Deps, deps_of
from handlers.grammar import Request, Verb
from handlers.ids import JOB_PICK, JOB_SUBMIT
from handlers.intake import REFUSED, remembered, team_of
from handlers.render.jobs import job_option
from handlers.render.modals import verb_modal

log = logging.getLogger(__name__)


def register(app: App) -> None:
    """Answer the job menu's options requests; open the submit form from a Submit button."""
    app.options(JOB_PICK)(suggest_jobs)
    app.action(JOB_SUBMIT)(acknowledge_submit)


def suggest_jobs(ack: Ack, payload: dict[str, Any], context: BoltContext) -> None:
    """Open job orders matching what is typed (the chosen importer's only): a read, answered
    within Slack's 3 seconds, nothing recorded."""
    team_id = team_of(payload)
    importer = chosen_importer(payload.get("view") or {})
    typed = str(payload.get("value") or "")[:200]
    try:
        found = (
            deps_of(context).core.read(
                team_id, lambda scope: ledger.pick_jobs(scope, typed, importer_id=importer)
            )
            if team_id
            else []
        )
    except TryLater:
        log.warning("no job orders to offer in %s: the database did not answer", team_id)
        found = []
    ack(options=[job_option(job) for job in found])


def chosen_importer(view: dict[str, Any]) -> str | None:
    """The importer chosen so far in the submit form, if any."""
    picked = ((view.get("state") or {}).get("values") or {}).get("partner") or {}
    for element in picked.values():
        if isinstance(element, dict) and element.get("selected_user"):
            return str(element["selected_user"])
    return None


def acknowledge_submit(
    ack: Ack, body: dict[str, Any], context: BoltContext, request: BoltRequest
) -> BoltResponse | None:
    """Nothing to record yet: open the submit form right after the ack (triggers last 3 s)."""
    deps, team_id = deps_of(context), team_of(body)
    if team_id:
        if not remembered(deps, request):
            return REFUSED
        deps.quick.submit(_open_submit_form, deps, team_id, dict(body))
    ack()
    return None


def _open_submit_form(deps: Deps, team_id: str, body: dict[str, Any]) -> None:
    """The submit form with the job order and its importer chosen; a closed one is refused."""
    origin = click_origin(team_id, body, None)
    ref = str(((body.get("actions") or [{}])[0]).get("value") or "")
    try:
        job = deps.core.read(team_id, lambda scope: _open_job(scope, ref))
        request = Request(Verb.SUBMIT, partner=job.importer.slack_user_id, job=job.ref)
        channel = (body.get("container") or {}).get("channel_id")
        view = verb_modal(request, channel=channel, job=job)
        deps.client(team_id).views_open(trigger_id=body["trigger_id"], view=view)
    except UserError as err:
        _tell(deps, origin, str(err))
    except Exception:
        log.exception("could not open the submit form for %s", ref)
        _tell(deps, origin, "I couldn't open the submit form just now; please click again.")


def _open_job(scope: ledger.Scope, ref: str) -> JobOrder:
    job = ledger.get_job_order(scope, ref)
    ledger.require_open_job(scope, job, "`/followthrough jobs` shows the open ones.")
    return job


def _tell(deps: Deps, origin: Origin, text: str) -> None:
    try:
        deps.core.answer(origin, Message(text))
    except Exception:
        log.exception("could not answer %s", origin.user_id)
