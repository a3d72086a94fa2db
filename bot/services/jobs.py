"""Job orders: posted (and announced in the job channel), closed or filled, the channel chosen."""

from __future__ import annotations

from dataclasses import dataclass

from bot import ledger
from bot.ledger import JobClosed
from bot.ledger.activity import log_activity
from bot.ledger.jobs import ANNOUNCED, announced
from bot.models import JobOrder, JobOrderStatus, Workspace
from bot.services.core import Core, Origin, Unit
from bot.services.deals import Say


@dataclass(frozen=True)
class JobPosted:
    """A new job order, and the channel it is being announced in (None: no job channel)."""

    job: JobOrder
    channel: str | None


def post(
    core: Core,
    origin: Origin,
    *,
    title: str,
    client: str | None,
    location: str | None,
    fee_percent: float | None,
    split_importer: int | None,
    say: Say[JobPosted],
    guarantee_days: int | None = None,
    terms_note: str | None = None,
) -> JobPosted | None:
    """An importer posts an opening; the workspace's job channel hears about it."""

    def work(unit: Unit) -> JobPosted:
        job = ledger.record_job_order(
            unit.scope,
            importer_id=_who(origin),
            title=title,
            client=client,
            location=location,
            fee_percent=fee_percent,
            split_importer=split_importer,
            guarantee_days=guarantee_days,
            terms_note=terms_note,
        )
        posted = JobPosted(job, _announce(unit, job))
        unit.answer(say(posted, job.importer))
        return posted

    return core.run(origin, work)


def close(
    core: Core,
    origin: Origin,
    *,
    ref: str,
    status: JobOrderStatus,
    reason: str | None,
    say: Say[JobClosed],
) -> JobClosed | None:
    """The importer closes or fills a job order (once); its announcement shows it in place."""

    def work(unit: Unit) -> JobClosed:
        scope = unit.scope
        closed = ledger.close_job_order(
            scope, actor_id=_who(origin), ref=ref, status=status, reason=reason
        )
        card = unit.wording.job_card(closed.job, closed_by=closed.by, note=closed.reason)
        for message_id in announced(scope, closed.job):
            unit.post.revise(message_id, card)
        unit.answer(say(closed, closed.by))
        return closed

    return core.run(origin, work)


def choose_channel(
    core: Core, origin: Origin, *, channel: str | None, say: Say[Workspace]
) -> Workspace | None:
    """A workspace admin chooses where new job orders are announced (None: nowhere)."""

    def work(unit: Unit) -> Workspace:
        workspace = ledger.set_job_channel(unit.scope, _who(origin), channel)
        unit.answer(say(workspace, ledger.get_member(unit.scope, _who(origin))))
        return workspace

    return core.run(origin, work)


def pick_problem(core: Core, team_id: str, *, job: str, importer_id: str | None) -> str | None:
    """Why the job order picked in a form can't take the submission (a read, for the ack)."""
    return core.read(team_id, lambda scope: ledger.pick_problem(scope, job, importer_id))


def _announce(unit: Unit, job: JobOrder) -> str | None:
    scope = unit.scope
    workspace = ledger.ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now)
    if not workspace.job_channel:
        return None
    sent = unit.post.announce(workspace.job_channel, unit.wording.job_card(job))
    unit.session.flush()  # its id: closing the job order updates this message in place
    log_activity(scope, ANNOUNCED, actor=job.importer, job_order=job.ref, message=sent.id)
    return workspace.job_channel


def _who(origin: Origin) -> str:
    assert origin.user_id is not None, "a request with a verb always has a user"
    return origin.user_id
