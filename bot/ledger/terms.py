"""Split terms: what a job order's split, fee and guarantee are, and their acceptance in writing
by each exporter before their first submittal (NPAworldwide: terms vary only before it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from bot.errors import InvalidInput, NotAllowed
from bot.ledger.activity import log_activity
from bot.ledger.members import ensure_workspace, get_member
from bot.ledger.scope import Scope
from bot.models import (
    FollowUp,
    FollowUpKind,
    FollowUpState,
    JobOrder,
    Member,
    Resolution,
    Submission,
    TermsAcceptance,
    Workspace,
)

MAX_GUARANTEE_DAYS = 730
SPLIT_FIX = (
    "Write the split as whole percentages that add up to 100, the importer's first, "
    "e.g. `split 50/50`."
)
FEE_FIX = "Write the fee as a percentage up to 100, e.g. `fee 25%`."
GUARANTEE_FIX = f"Write the guarantee in days, up to {MAX_GUARANTEE_DAYS}, e.g. `guarantee 90d`."


@dataclass(frozen=True)
class DealDefaults:
    """The terms a workspace's new job orders take when they name none."""

    split_importer: int | None
    fee_percent: float | None
    guarantee_days: int | None


def check_terms(
    split_importer: int | None, fee_percent: float | None, guarantee_days: int | None
) -> None:
    """InvalidInput with the fix for a split, fee or guarantee that can't be a term."""
    if split_importer is not None and not 0 < split_importer < 100:
        raise InvalidInput(SPLIT_FIX)
    if fee_percent is not None and not 0 < fee_percent <= 100:
        raise InvalidInput(FEE_FIX)
    if guarantee_days is not None and not 0 < guarantee_days <= MAX_GUARANTEE_DAYS:
        raise InvalidInput(GUARANTEE_FIX)


def deal_defaults(scope: Scope) -> DealDefaults:
    """The workspace's default terms (each None when an admin set none)."""
    workspace = scope.session.get(Workspace, scope.team_id)
    if workspace is None:
        return DealDefaults(None, None, None)
    return DealDefaults(
        workspace.default_split_importer,
        workspace.default_fee_percent,
        workspace.default_guarantee_days,
    )


def set_deal_defaults(
    scope: Scope,
    actor_id: str,
    *,
    split_importer: int | None = None,
    fee_percent: float | None = None,
    guarantee_days: int | None = None,
) -> Workspace:
    """A workspace admin sets the terms new job orders take when they name none."""
    actor = get_member(scope, actor_id)
    if not actor.is_admin:
        raise NotAllowed("Only a workspace admin can change the workspace settings.")
    check_terms(split_importer, fee_percent, guarantee_days)
    workspace = ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now)
    if split_importer is not None:
        workspace.default_split_importer = split_importer
    if fee_percent is not None:
        workspace.default_fee_percent = fee_percent
    if guarantee_days is not None:
        workspace.default_guarantee_days = guarantee_days
    log_activity(
        scope,
        "deal_defaults_set",
        actor=actor,
        split_importer=split_importer,
        fee_percent=fee_percent,
        guarantee_days=guarantee_days,
    )
    return workspace


CLOCKS = {
    "feedback_days": "Feedback",
    "placement_days": "The placement report",
    "payout_days": "The partner's share",
    "ownership_days": "Ownership",
}
MAX_CLOCK_DAYS = 30


def set_deal_clock(scope: Scope, actor_id: str, clock: str, days: int) -> Workspace:
    """A workspace admin sets how many business days a deal's step may take: feedback after an
    interview, the placement report after an offer, the partner's share after the payment."""
    actor = get_member(scope, actor_id)
    if not actor.is_admin:
        raise NotAllowed("Only a workspace admin can change the workspace settings.")
    if clock not in CLOCKS:
        raise InvalidInput("Try `settings feedback 1d`, `settings placement 7d` or `payout 1d`.")
    if clock == "ownership_days" and not 1 <= days <= MAX_GUARANTEE_DAYS:
        raise InvalidInput(f"Ownership lasts 1 to {MAX_GUARANTEE_DAYS} days, e.g. `180d`.")
    if clock != "ownership_days" and not 1 <= days <= MAX_CLOCK_DAYS:
        raise InvalidInput(f"{CLOCKS[clock]} is due 1 to {MAX_CLOCK_DAYS} business days after.")
    workspace = ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now)
    setattr(workspace, clock, days)
    log_activity(scope, "deal_clock_set", actor=actor, clock=clock, days=days)
    return workspace


def has_terms(job: JobOrder | None) -> bool:
    """Whether submittals to the job order go under split terms to be accepted first."""
    return job is not None and job.split_importer is not None


def accepted_terms(scope: Scope, job: JobOrder, exporter: Member) -> TermsAcceptance | None:
    """The job order's terms as this exporter accepted them, if they did."""
    return scope.session.scalar(
        select(TermsAcceptance).where(
            TermsAcceptance.job_order_id == job.id, TermsAcceptance.exporter_id == exporter.id
        )
    )


def awaiting_acceptance(scope: Scope, job: JobOrder, exporter: Member) -> FollowUp | None:
    """The exporter's open follow-up to accept the job order's terms, if one is open."""
    return scope.session.scalar(
        select(FollowUp)
        .where(FollowUp.team_id == scope.team_id, FollowUp.job_order_id == job.id)
        .where(FollowUp.debtor_id == exporter.id, FollowUp.kind == FollowUpKind.ACCEPT_TERMS)
        .where(FollowUp.state == FollowUpState.OPEN)
        .limit(1)
    )


def check_acceptor(follow_up: FollowUp, actor: Member) -> None:
    """Only the exporter (or a workspace admin) accepts terms: they submit under them."""
    if actor.id != follow_up.debtor_id and not actor.is_admin:
        job = follow_up.job_order.ref if follow_up.job_order else "the job order"
        raise NotAllowed(
            f"Only {follow_up.debtor.name} can accept the terms of {job}: they submit under them."
        )


def accept(scope: Scope, follow_up: FollowUp, actor: Member) -> list[Submission]:
    """Record the terms as they read now, accepted by `actor`; the exporter's submittals that
    waited on them go under them. Returns those submittals, oldest first."""
    job, exporter = follow_up.job_order, follow_up.debtor
    assert job is not None, "terms belong to a job order"
    assert job.split_importer is not None, "a job order with terms has a split"
    accepted = TermsAcceptance(
        team_id=scope.team_id,
        job_order_id=job.id,
        exporter_id=exporter.id,
        split_importer=job.split_importer,
        fee_percent=job.fee_percent,
        guarantee_days=job.guarantee_days,
        note=job.terms_note,
        accepted_by=actor,
        accepted_at=scope.now,
    )
    scope.session.add(accepted)
    scope.session.flush()
    log_activity(scope, "terms_accepted", actor=actor, follow_up=follow_up, job_order=job.ref)
    waiting = _waiting(scope, job, exporter)
    for submission in waiting:
        submission.terms = accepted
    return waiting


def withdraw_waiting(scope: Scope, follow_up: FollowUp) -> None:
    """The terms were never accepted (cancelled, or lapsed): the submittals waiting on them
    were never made, so they can't go out later under someone else's acceptance."""
    if follow_up.job_order is None:
        return
    ids = [s.id for s in _waiting(scope, follow_up.job_order, follow_up.debtor)]
    if ids:
        scope.session.execute(
            update(Submission)
            .where(Submission.id.in_(ids))
            .values(outcome=Resolution.CANCELLED, outcome_at=scope.now)
            .execution_options(synchronize_session="fetch")
        )


def _waiting(scope: Scope, job: JobOrder, exporter: Member) -> list[Submission]:
    return list(
        scope.session.scalars(
            select(Submission)
            .where(Submission.team_id == scope.team_id, Submission.job_order_id == job.id)
            .where(Submission.exporter_id == exporter.id, Submission.terms_id.is_(None))
            .where(Submission.outcome.is_(None))
            .order_by(Submission.id)
        )
    )
