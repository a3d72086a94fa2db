"""A deal's record: every term, submittal, conversation, answer, interview, reminder, lapse and
payment about a candidate or a job order, in order — what a network's ethics board would read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from bot.errors import InvalidInput, NotAllowed
from bot.ledger.followups import get_follow_up
from bot.ledger.jobs import get_job_order
from bot.ledger.members import get_member
from bot.ledger.money import Money
from bot.ledger.placements import fee_of, get_placement
from bot.ledger.scope import Scope
from bot.models import (
    Conversation,
    FollowUp,
    Interview,
    JobOrder,
    Member,
    Nudge,
    NudgeKind,
    Placement,
    Resolution,
    Submission,
    TermsAcceptance,
)


@dataclass(frozen=True)
class Event:
    """One thing that happened; `what` keeps people's own words as typed (escaped when shown)."""

    at: datetime
    ref: str
    what: str


@dataclass(frozen=True)
class Timeline:
    """A deal's chronology, oldest first, and what it is the record of."""

    subject: str
    events: list[Event]


def deal_timeline(scope: Scope, *, ref: str, reader_id: str | None) -> Timeline:
    """The chronology of `F-7` (its candidate), `P-3` (its placement) or `JO-12` (its job order);
    only the parties (or an admin) read it, and an exporter reads only their own submittals.
    Without a reader (the operator's export) everything is read."""
    reader = get_member(scope, reader_id) if reader_id else None
    typed = ref.strip().upper()
    job: JobOrder | None
    if typed.startswith("JO"):
        job = get_job_order(scope, typed)
        submissions = _job_submissions(scope, job, reader)
        subject = f"{job.ref} {job.title}"
    else:
        if typed.startswith("P"):
            submission = get_placement(scope, typed).submission
        elif typed.startswith("F"):
            follow_up = get_follow_up(scope, typed)
            if follow_up.submission is None:
                raise InvalidInput(
                    f"{follow_up.ref} is not about a candidate; try a JO- or P- ref."
                )
            submission = follow_up.submission
        else:
            raise InvalidInput("Name the deal by a ref, e.g. `timeline F-7`, `P-3` or `JO-12`.")
        parties = {submission.importer_id, submission.exporter_id}
        if reader is not None and not reader.is_admin and reader.id not in parties:
            raise NotAllowed("Only the two partners (or a workspace admin) read this record.")
        job, submissions = submission.job_order, [submission]
        subject = submission.candidate + (f" for {job.ref} {job.title}" if job else "")
    events = _events(scope, job, submissions)
    events.sort(key=lambda event: event.at)
    return Timeline(subject, events)


def _job_submissions(scope: Scope, job: JobOrder, reader: Member | None) -> list[Submission]:
    query = select(Submission).where(Submission.job_order_id == job.id).order_by(Submission.id)
    if reader is not None and not reader.is_admin and reader.id != job.importer_id:
        query = query.where(Submission.exporter_id == reader.id)
        if scope.session.scalar(query.limit(1)) is None:
            raise NotAllowed(
                f"Only {job.importer.name} and the exporters who submitted to {job.ref} read "
                "its record."
            )
    return list(scope.session.scalars(query))


def _events(scope: Scope, job: JobOrder | None, submissions: list[Submission]) -> list[Event]:
    events: list[Event] = []
    ids = [s.id for s in submissions]
    exporters = {s.exporter_id for s in submissions}
    if job is not None:
        events.append(
            Event(
                job.created_at,
                job.ref,
                f"{job.importer.name} posted {job.ref} {job.title}{_terms(job)}",
            )
        )
        for accepted in scope.session.scalars(
            select(TermsAcceptance).where(
                TermsAcceptance.job_order_id == job.id, TermsAcceptance.exporter_id.in_(exporters)
            )
        ):
            note = f", note “{accepted.note}”" if accepted.note else ""
            events.append(
                Event(
                    accepted.accepted_at,
                    job.ref,
                    f"{accepted.accepted_by.name} accepted the terms: split {accepted.split}{note}",
                )
            )
        events += _conversations(scope, job, submissions)
    for submission in submissions:
        events.append(
            Event(
                submission.created_at,
                job.ref if job else "",
                f"{submission.exporter.name} "
                f"submitted {submission.candidate} to {submission.importer.name}",
            )
        )
    for interview in scope.session.scalars(
        select(Interview).where(Interview.submission_id.in_(ids))
    ):
        events.append(
            Event(
                interview.created_at,
                "",
                f"interview {interview.round} set for {interview.at:%Y-%m-%d %H:%M} UTC",
            )
        )
    # Only the columns the record shows: a follow-up's eager joins would cost more than the rest.
    debtor, creditor = aliased(Member), aliased(Member)
    follow_ups = scope.session.execute(
        select(
            FollowUp.id,
            FollowUp.created_at,
            FollowUp.what,
            FollowUp.window,
            FollowUp.resolved_at,
            FollowUp.resolution,
            FollowUp.resolution_note,
            debtor.name.label("debtor"),
            creditor.name.label("creditor"),
        )
        .join(debtor, debtor.id == FollowUp.debtor_id)
        .join(creditor, creditor.id == FollowUp.creditor_id)
        .where(FollowUp.submission_id.in_(ids))
        .order_by(FollowUp.id)
    ).all()
    for follow_up in follow_ups:
        events += _follow_up_events(follow_up)
    events += _nudges(scope, follow_ups)
    for placement in scope.session.scalars(
        select(Placement).where(Placement.submission_id.in_(ids))
    ):
        events += _placement_events(placement)
    return events


def _terms(job: JobOrder) -> str:
    parts = [f"split {job.split}"] if job.split else []
    parts += [f"{job.fee_percent:g}% fee"] if job.fee_percent else []
    parts += [f"{job.guarantee_days}-day guarantee"] if job.guarantee_days else []
    return f" ({', '.join(parts)})" if parts else ""


def _conversations(scope: Scope, job: JobOrder, submissions: list[Submission]) -> list[Event]:
    pairs = [
        or_(
            (Conversation.caller_id == s.exporter_id) & (Conversation.partner_id == s.importer_id),
            (Conversation.caller_id == s.importer_id) & (Conversation.partner_id == s.exporter_id),
        )
        for s in submissions
    ]
    if not pairs:
        return []
    rows = scope.session.scalars(
        select(Conversation).where(Conversation.job_order_id == job.id, or_(*pairs))
    )
    return [
        Event(
            c.created_at,
            job.ref,
            f"{c.caller.name} logged a {c.kind.value} with "
            f"{c.partner.name}" + (f": “{c.note}”" if c.note else ""),
        )
        for c in rows
    ]


def _follow_up_events(follow_up: Any) -> list[Event]:
    ref = f"F-{follow_up.id}"
    opened = Event(
        follow_up.created_at,
        ref,
        f"{follow_up.debtor} owes {follow_up.creditor}: {follow_up.what} "
        f"(window {follow_up.window})",
    )
    if follow_up.resolved_at is None or follow_up.resolution is None:
        return [opened]
    how = follow_up.resolution
    note = f": “{follow_up.resolution_note}”" if follow_up.resolution_note else ""
    if how is Resolution.LAPSED:
        closed = f"lapsed: {follow_up.debtor} did not answer after the reminders"
    elif how is Resolution.CANCELLED:
        closed = f"cancelled{note}"
    else:
        words = how.value.replace("_", " ")
        closed = f"{words}{note}"
    return [opened, Event(follow_up.resolved_at, ref, closed)]


def _nudges(scope: Scope, follow_ups: Sequence[Any]) -> list[Event]:  # rows of the select above
    by_id = {f.id: f for f in follow_ups}
    rows = scope.session.execute(
        select(Nudge.follow_up_id, Nudge.kind, Nudge.number, Nudge.created_at).where(
            Nudge.follow_up_id.in_(by_id)
        )
    )
    events = []
    for nudge in rows:
        follow_up = by_id[nudge.follow_up_id]
        if nudge.kind is NudgeKind.NUDGE:
            what = f"reminder {nudge.number} to {follow_up.debtor}"
        else:
            what = f"{follow_up.creditor} told it lapsed"
        events.append(Event(nudge.created_at, f"F-{follow_up.id}", what))
    return events


def _placement_events(placement: Placement) -> list[Event]:
    money = fee_of(placement)
    events = [
        Event(
            placement.created_at,
            placement.ref,
            f"placed: starts {placement.start_date.isoformat()}, fee {money}",
        )
    ]
    if placement.paid_at is not None and placement.paid_cents is not None:
        paid = Money(placement.paid_cents, money.currency, money.currency_first)
        share = (
            f"; share owed {Money(placement.share_cents, money.currency, money.currency_first)}"
            if placement.share_cents is not None
            else ""
        )
        events.append(Event(placement.paid_at, placement.ref, f"the client paid {paid}{share}"))
    if placement.received_at is not None:
        events.append(Event(placement.received_at, placement.ref, "share received"))
    if placement.fell_off_at is not None:
        events.append(
            Event(placement.fell_off_at, placement.ref, f"fell off: “{placement.falloff_reason}”")
        )
    return events
