"""Acceptance and placement: an accepted offer makes the importer owe the placement report
(NPAworldwide: within 7 days); the report (start date and fee) makes a placement, `P-3`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.errors import Conflict, InvalidInput, NotAllowed, UnknownRef
from bot.ledger.activity import log_activity
from bot.ledger.followups import close_follow_up, describe, open_follow_up
from bot.ledger.interviews import answer_interested, submission_of
from bot.ledger.members import date_order_of, ensure_workspace, get_member
from bot.ledger.money import Money, read_money
from bot.ledger.scope import Scope
from bot.ledger.terms import has_terms
from bot.ledger.time_off import calendar_for
from bot.models import (
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Member,
    Placement,
    Resolution,
    Submission,
)
from bot.windows import parse_window
from bot.windows.zones import local_date

DEFAULT_PLACEMENT_DAYS = 7
_PLACEMENT_REF = re.compile(r"^\s*(?:P-?|#)?(\d{1,9})\s*$", re.IGNORECASE)
START_FIX = "Say the start date, e.g. `start 2027-01-04` or `start jan 4`."


@dataclass(frozen=True)
class OfferAccepted:
    """The candidate accepted the offer: the placement report the importer now owes."""

    submission: Submission
    report: FollowUp


@dataclass(frozen=True)
class Placed:
    """A reported placement and the report it answered, if one was owed."""

    placement: Placement
    report: FollowUp | None


def accept_offer(scope: Scope, *, actor_id: str, ref: str) -> OfferAccepted:
    """Either party (or an admin) records that the candidate accepted the offer, once; the
    importer owes the placement report within the workspace's business days."""
    actor = get_member(scope, actor_id)
    submission = _deal_submission(scope, ref, actor, parties=True)
    if not _mark_offer_accepted(scope, submission, actor):
        raise Conflict(f"{submission.candidate}'s acceptance of the offer is already recorded.")
    answer_interested(scope, submission, actor, "offer accepted")
    days = placement_days(scope)
    report = open_follow_up(
        scope,
        kind=FollowUpKind.REPORT_PLACEMENT,
        debtor=submission.importer,
        creditor=submission.exporter,
        created_by=actor,
        what=describe(
            FollowUpKind.REPORT_PLACEMENT, submission=submission, job_order=submission.job_order
        ),
        window=parse_window(f"{days}d"),
        submission=submission,
        job_order=submission.job_order,
    )
    log_activity(scope, "offer_accepted", actor=actor, follow_up=report)
    return OfferAccepted(submission, report)


def place(
    scope: Scope, *, actor_id: str, ref: str, start: str, fee: str, salary: str | None = None
) -> Placed:
    """The importer (or an admin) reports the placement: start date and fee; once per candidate.

    An acceptance not yet recorded is recorded with it: the placement says the offer was taken."""
    actor = get_member(scope, actor_id)
    submission = _deal_submission(scope, ref, actor, parties=False)
    starts = start_date(scope, submission.importer, start)
    amount = read_money(fee, salary=salary)
    existing = placement_of(scope, submission)
    if existing is not None:
        raise Conflict(f"{submission.candidate} is already placed: {existing.ref}.")
    if _mark_offer_accepted(scope, submission, actor):
        answer_interested(scope, submission, actor, "placed")
    placement = Placement(
        team_id=scope.team_id,
        submission_id=submission.id,
        submission=submission,
        start_date=starts,
        fee_cents=amount.cents,
        currency=amount.currency,
        currency_first=amount.currency_first,
        reported_by_id=actor.id,
        created_at=scope.now,
        guarantee_until=_guarantee_until(submission, starts),
    )
    try:
        with scope.session.begin_nested():
            scope.session.add(placement)
            scope.session.flush()
    except IntegrityError:
        raise Conflict(f"{submission.candidate} was just placed by someone else.") from None
    report = _owed_report(scope, submission)
    if report is not None:
        close_follow_up(scope, report, actor, Resolution.DONE, placement.ref)
    log_activity(
        scope, "placed", actor=actor, placement=placement.ref, fee=str(amount), start=str(starts)
    )
    return Placed(placement, report)


def fee_of(placement: Placement) -> Money:
    """The placement's fee with its currency as typed."""
    return Money(placement.fee_cents, placement.currency, placement.currency_first)


def get_placement(scope: Scope, ref: str) -> Placement:
    """The placement with this ref (`P-3`) in this workspace, or UnknownRef."""
    match = _PLACEMENT_REF.match(ref)
    if not match:
        raise InvalidInput(f"“{ref[:20]}” is not a placement ref; they look like P-3.")
    placement = scope.session.get(Placement, int(match.group(1)))
    if placement is None or placement.team_id != scope.team_id:
        raise UnknownRef(f"There is no P-{match.group(1)} in this workspace.")
    return placement


def placement_of(scope: Scope, submission: Submission) -> Placement | None:
    """The submission's placement, once it is reported."""
    return scope.session.scalar(select(Placement).filter_by(submission_id=submission.id))


def start_date(scope: Scope, importer: Member, text: str) -> date:
    """A start date as typed ("2027-01-04", "jan 4", "mon"), read in the importer's calendar."""
    if not text.strip():
        raise InvalidInput(START_FIX)
    window = parse_window(text, date_order=date_order_of(scope))
    if window.deadline is None:
        raise InvalidInput(START_FIX)
    calendar = calendar_for(scope, importer)
    return local_date(window.deadline.requested(scope.now, calendar), calendar.tz)


def placement_days(scope: Scope) -> int:
    """Business days the importer has to report a placement after the offer is accepted."""
    workspace = ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now)
    return workspace.placement_days or DEFAULT_PLACEMENT_DAYS


def _deal_submission(scope: Scope, ref: str, actor: Member, *, parties: bool) -> Submission:
    submission = submission_of(scope, ref)
    allowed = (
        {submission.importer_id, submission.exporter_id} if parties else {submission.importer_id}
    )
    if actor.id not in allowed and not actor.is_admin:
        who = (
            f"{submission.importer.name} or {submission.exporter.name}"
            if parties
            else f"{submission.importer.name} (the importer)"
        )
        raise NotAllowed(
            f"Only {who} can record that for {submission.candidate}; a workspace admin can too."
        )
    if has_terms(submission.job_order) and submission.terms is None:
        raise InvalidInput(
            f"{submission.candidate} waits on the job order's terms: "
            f"{submission.exporter.name} accepts them first."
        )
    return submission


def _mark_offer_accepted(scope: Scope, submission: Submission, actor: Member) -> bool:
    """Compare-and-set: True if this call recorded the acceptance, False if it was already."""
    won = scope.session.execute(
        update(Submission)
        .where(Submission.id == submission.id, Submission.offer_accepted_at.is_(None))
        .values(offer_accepted_at=scope.now, offer_accepted_by_id=actor.id)
        .returning(Submission.id)
        .execution_options(synchronize_session=False)
    ).first()
    scope.session.refresh(submission)
    return won is not None


def guarantee_days_of(submission: Submission) -> int | None:
    """The guarantee the terms give: as accepted, else as the job order posted it."""
    if submission.terms is not None:
        return submission.terms.guarantee_days
    job = submission.job_order
    return job.guarantee_days if job is not None else None


def _guarantee_until(submission: Submission, starts: date) -> date | None:
    days = guarantee_days_of(submission)
    return starts + timedelta(days=days) if days else None


def _owed_report(scope: Scope, submission: Submission) -> FollowUp | None:
    return scope.session.scalar(
        select(FollowUp)
        .where(FollowUp.submission_id == submission.id)
        .where(FollowUp.kind == FollowUpKind.REPORT_PLACEMENT)
        .where(FollowUp.state == FollowUpState.OPEN)
        .limit(1)
    )
