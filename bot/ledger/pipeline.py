"""Open deals by stage, for the Home tab: where each of a member's splits stands."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, or_, select

from bot.ledger.members import get_member
from bot.ledger.scope import Scope
from bot.ledger.terms import has_terms
from bot.models import Interview, Placement, Resolution, Submission

DEALS_SHOWN = 10


class Stage(StrEnum):
    """Where a split stands, in the order it moves."""

    TERMS = "Awaiting terms"
    SUBMITTED = "Submitted"
    INTERESTED = "Interested"
    INTERVIEWING = "Interviewing"
    OFFER = "Offer accepted"
    PLACED = "Placed"
    PAID = "Client paid"


@dataclass(frozen=True)
class Deal:
    """One open split a member is a party to."""

    stage: Stage
    submission: Submission
    placement: Placement | None


def open_deals(scope: Scope, user_id: str, *, limit: int = DEALS_SHOWN) -> tuple[list[Deal], int]:
    """A member's open splits (not passed, withdrawn, fallen off or settled), furthest along
    first, and how many there are in all."""
    member = get_member(scope, user_id)
    interviews = (
        select(func.count(Interview.id))
        .where(Interview.submission_id == Submission.id)
        .correlate(Submission)
        .scalar_subquery()
    )
    rows = scope.session.execute(
        select(Submission, Placement, interviews)
        .outerjoin(Placement, Placement.submission_id == Submission.id)
        .where(Submission.team_id == scope.team_id)
        .where(or_(Submission.exporter_id == member.id, Submission.importer_id == member.id))
        .where(
            or_(
                Submission.outcome.is_(None),
                Submission.outcome.not_in([Resolution.PASSED, Resolution.CANCELLED]),
            )
        )
        .where(Placement.received_at.is_(None), Placement.fell_off_at.is_(None))
        .order_by(Submission.id.desc())
    ).all()
    deals = [Deal(_stage(s, p, interviews), s, p) for s, p, interviews in rows]
    order = list(Stage)
    deals.sort(key=lambda deal: -order.index(deal.stage))
    return deals[:limit], len(deals)


def _stage(submission: Submission, placement: Placement | None, interviews: int) -> Stage:
    if placement is not None:
        return Stage.PAID if placement.paid_at else Stage.PLACED
    if submission.offer_accepted_at is not None:
        return Stage.OFFER
    if interviews:
        return Stage.INTERVIEWING
    if submission.outcome is Resolution.INTERESTED:
        return Stage.INTERESTED
    if has_terms(submission.job_order) and submission.terms is None:
        return Stage.TERMS
    return Stage.SUBMITTED
