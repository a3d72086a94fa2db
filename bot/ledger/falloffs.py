"""Fall-offs: reported to both partners; inside the guarantee, the importer owes what the terms
imply (a replacement search or a refund)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import update

from bot.errors import Conflict, InvalidInput, NotAllowed
from bot.ledger.activity import log_activity
from bot.ledger.followups import clean_note, open_follow_up, window_or_default
from bot.ledger.members import get_member
from bot.ledger.placements import get_placement
from bot.ledger.scope import Scope
from bot.ledger.time_off import calendar_for
from bot.models import FollowUp, FollowUpKind, Member, Placement
from bot.windows.zones import local_date


@dataclass(frozen=True)
class FellOff:
    """A placement that fell off, who said so, and the guarantee follow-up it opened, if any."""

    placement: Placement
    by: Member
    owed: FollowUp | None


def fall_off(scope: Scope, *, actor_id: str, ref: str, reason: str) -> FellOff:
    """Either party (or an admin) reports that the candidate fell off, once, with the reason."""
    actor = get_member(scope, actor_id)
    placement = get_placement(scope, ref)
    submission = placement.submission
    if actor.id not in {submission.importer_id, submission.exporter_id} and not actor.is_admin:
        raise NotAllowed(
            f"Only {submission.importer.name} or {submission.exporter.name} can report that "
            f"{placement.ref} fell off; a workspace admin can too."
        )
    why = clean_note(reason)
    if not why:
        raise InvalidInput(f"Say why, e.g. `falloff {placement.ref} left in week 2`.")
    won = scope.session.execute(
        update(Placement)
        .where(Placement.id == placement.id, Placement.fell_off_at.is_(None))
        .values(fell_off_at=scope.now, falloff_reason=why)
        .returning(Placement.id)
        .execution_options(synchronize_session=False)
    ).first()
    scope.session.refresh(placement)
    if won is None:
        raise Conflict(f"{placement.ref} is already reported as fallen off.")
    log_activity(scope, "fell_off", actor=actor, placement=placement.ref, reason=why)
    today = local_date(scope.now, calendar_for(scope, submission.importer).tz)
    owed = None
    if inside_guarantee(placement, today):
        owed = open_follow_up(
            scope,
            kind=FollowUpKind.GUARANTEE,
            debtor=submission.importer,
            creditor=submission.exporter,
            created_by=actor,
            what=guarantee_owed(placement),
            window=window_or_default(scope, None),
            submission=submission,
            job_order=submission.job_order,
            placement=placement,
        )
    return FellOff(placement, actor, owed)


def inside_guarantee(placement: Placement, today: date) -> bool:
    """Whether a fall-off on `today` is covered: on or before the guarantee's last day."""
    return placement.guarantee_until is not None and today <= placement.guarantee_until


def guarantee_owed(placement: Placement) -> str:
    """What the terms imply: a replacement search, a refund, or (saying neither) settling it."""
    submission = placement.submission
    note = (submission.terms.note if submission.terms else None) or (
        submission.job_order.terms_note if submission.job_order else None
    )
    words = (note or "").lower()
    if "replace" in words and "refund" not in words:
        return f"search for a replacement for {submission.candidate} ({placement.ref} guarantee)"
    if "refund" in words and "replace" not in words:
        return f"settle the refund for {submission.candidate} ({placement.ref} guarantee)"
    return (
        f"settle {placement.ref}'s guarantee for {submission.candidate}: a replacement search "
        "or a refund, as the terms say"
    )
