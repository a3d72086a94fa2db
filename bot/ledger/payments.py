"""Payment: the client's payment makes the importer owe the exporter their share within a
business day (Top Echelon Policy #11: 24 hours), until the exporter says it was received."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from bot.errors import Conflict, InvalidInput, NotAllowed
from bot.ledger.activity import log_activity
from bot.ledger.followups import describe, open_follow_up
from bot.ledger.members import ensure_workspace, get_member
from bot.ledger.money import Money, read_money
from bot.ledger.placements import fee_of, get_placement
from bot.ledger.scope import Scope
from bot.models import FollowUp, FollowUpKind, FollowUpState, Placement
from bot.windows import parse_window

DEFAULT_PAYOUT_DAYS = 1


@dataclass(frozen=True)
class PaymentRecorded:
    """The client's payment on a placement, and the exporter's share the importer now owes."""

    placement: Placement
    paid: Money
    share: Money | None  # None when no split is on record: nothing is guessed
    owed: FollowUp


def exporter_percent(placement: Placement) -> int | None:
    """The exporter's share of the fee in percent: the accepted terms', else the job order's."""
    submission = placement.submission
    if submission.terms is not None:
        return 100 - submission.terms.split_importer
    job = submission.job_order
    if job is not None and job.split_importer is not None:
        return 100 - job.split_importer
    return None


def record_payment(
    scope: Scope, *, actor_id: str, ref: str, amount: str | None = None
) -> PaymentRecorded:
    """The importer (or an admin) records the client's payment, once (compare-and-set on the
    placement); the fee is assumed paid in full unless an amount is typed."""
    actor = get_member(scope, actor_id)
    placement = get_placement(scope, ref)
    submission = placement.submission
    if actor.id != submission.importer_id and not actor.is_admin:
        raise NotAllowed(
            f"Only {submission.importer.name}, the importer, records the client's payment "
            f"for {placement.ref}."
        )
    fee = fee_of(placement)
    paid = read_money(amount, what="payment") if amount else fee
    if amount and paid.currency not in {None, fee.currency}:
        raise InvalidInput(
            f"{placement.ref}'s fee is {fee}; write the payment in the same currency."
        )
    paid = Money(paid.cents, fee.currency, fee.currency_first)
    percent = exporter_percent(placement)
    share = paid.times(percent) if percent is not None else None
    won = scope.session.execute(
        update(Placement)
        .where(Placement.id == placement.id, Placement.paid_at.is_(None))
        .values(
            paid_at=scope.now,
            paid_cents=paid.cents,
            share_cents=share.cents if share else None,
        )
        .returning(Placement.id)
        .execution_options(synchronize_session=False)
    ).first()
    scope.session.refresh(placement)
    if won is None:
        raise Conflict(f"The client's payment for {placement.ref} is already recorded.")
    days = ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now).payout_days
    owed = open_follow_up(
        scope,
        kind=FollowUpKind.PAY_SHARE,
        debtor=submission.importer,
        creditor=submission.exporter,
        created_by=actor,
        what=describe(FollowUpKind.PAY_SHARE, submission=submission, job_order=submission.job_order)
        + (f": {share}" if share else ""),
        window=parse_window(f"{days or DEFAULT_PAYOUT_DAYS}d"),
        submission=submission,
        job_order=submission.job_order,
        placement=placement,
    )
    log_activity(scope, "paid", actor=actor, follow_up=owed, paid=str(paid), share=str(share))
    return PaymentRecorded(placement, paid, share, owed)


def share_owed(scope: Scope, ref: str) -> FollowUp:
    """The open share a placement's importer owes its exporter (`received P-3`)."""
    placement = get_placement(scope, ref)
    owed = scope.session.scalar(
        select(FollowUp)
        .where(FollowUp.placement_id == placement.id, FollowUp.kind == FollowUpKind.PAY_SHARE)
        .where(FollowUp.state == FollowUpState.OPEN)
        .limit(1)
    )
    if owed is None:
        done = "already received" if placement.received_at else "not paid by the client yet"
        raise InvalidInput(f"Nothing is owed on {placement.ref}: it is {done}.")
    return owed


def share_of(placement: Placement) -> Money | None:
    """The exporter's share as recorded when the client paid."""
    if placement.share_cents is None:
        return None
    return Money(placement.share_cents, placement.currency, placement.currency_first)
