"""What a sweep does with the follow-ups it claimed: hold, nudge, lapse, or retry a delivery."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.models import FollowUp, Member, Nudge, NudgeKind
from bot.nudging.policy import PolicyBook

INACTIVE_RECHECK = timedelta(days=1)


@dataclass
class Batch:
    """One DM to one person about one or more follow-ups, recorded before it is posted."""

    team_id: str
    recipient: Member
    kind: NudgeKind
    key: str  # carried in the DM's metadata, to find it again after a crash
    follow_ups: list[FollowUp] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # nudge number per follow-up
    retry: bool = False  # recorded by an earlier sweep
    attempted: bool = False  # an earlier sweep began posting it: look for it in Slack first


@dataclass
class Hold:
    """A due follow-up that waits: the debtor is off (night, weekend, holiday, vacation)."""

    follow_up: FollowUp
    until: datetime
    why: str


@dataclass
class Plan:
    """Everything one sweep decided for the follow-ups it claimed."""

    batches: list[Batch] = field(default_factory=list)
    holds: list[Hold] = field(default_factory=list)


def plan_sweep(session: Session, settings: Settings, ids: list[int], now: datetime) -> Plan:
    """Decide and record (as pending nudges) what to send; the caller commits, then delivers."""
    follow_ups = list(
        session.scalars(select(FollowUp).where(FollowUp.id.in_(ids)).order_by(FollowUp.due_at))
    )
    plan = Plan(batches=_retries(session, ids))
    retrying = {f.id for batch in plan.batches for f in batch.follow_ups}
    fresh: dict[tuple[int, NudgeKind], Batch] = {}
    book = PolicyBook(session, settings, now)
    for follow_up in follow_ups:
        if follow_up.id in retrying:
            continue
        decision = _decide(book, follow_up)
        if isinstance(decision, Hold):
            follow_up.next_nudge_at = decision.until
            follow_up.lease_owner = follow_up.lease_until = None
            plan.holds.append(decision)
            continue
        kind, recipient = decision
        batch = fresh.get((recipient.id, kind))
        if batch is None:
            batch = Batch(follow_up.team_id, recipient, kind, uuid.uuid4().hex)
            fresh[(recipient.id, kind)] = batch
        _record(session, batch, follow_up, now)
    plan.batches.extend(fresh.values())
    return plan


def _decide(book: PolicyBook, follow_up: FollowUp) -> Hold | tuple[NudgeKind, Member]:
    workspace = book.workspace(follow_up.team_id)
    if workspace is not None and not workspace.active:
        return Hold(follow_up, book.now + INACTIVE_RECHECK, "the app is uninstalled there")
    if follow_up.nudge_count >= book.policy(follow_up).max_nudges:
        kind, recipient = NudgeKind.LAPSE, follow_up.creditor
    else:
        kind, recipient = NudgeKind.NUDGE, follow_up.debtor
    # Nobody hears from the bot outside their own working time.
    calendar = book.calendar(recipient)
    if not calendar.is_working_time(book.now):
        until = calendar.next_working_instant(book.now)
        return Hold(follow_up, until, f"outside {recipient.name}'s working time")
    return kind, recipient


def _record(session: Session, batch: Batch, follow_up: FollowUp, now: datetime) -> None:
    if batch.kind is NudgeKind.NUDGE:
        follow_up.nudge_count += 1
    number = follow_up.nudge_count if batch.kind is NudgeKind.NUDGE else 0
    batch.follow_ups.append(follow_up)
    batch.numbers.append(number)
    session.add(
        Nudge(
            team_id=follow_up.team_id,
            follow_up_id=follow_up.id,
            recipient_id=batch.recipient.id,
            kind=batch.kind,
            number=number,
            batch_key=batch.key,
            attempts=0,
            created_at=now,
        )
    )


def _retries(session: Session, ids: list[int]) -> list[Batch]:
    pending = session.scalars(
        select(Nudge).where(Nudge.follow_up_id.in_(ids), Nudge.sent_at.is_(None)).order_by(Nudge.id)
    )
    batches: dict[str, Batch] = {}
    by_key: dict[str, list[Nudge]] = defaultdict(list)
    for nudge in pending:
        by_key[str(nudge.batch_key)].append(nudge)
    for key, nudges in by_key.items():
        recipient = session.get(Member, nudges[0].recipient_id)
        assert recipient is not None
        attempted = any(nudge.attempts > 0 for nudge in nudges)
        batch = Batch(
            nudges[0].team_id, recipient, nudges[0].kind, key, retry=True, attempted=attempted
        )
        for nudge in nudges:
            follow_up = session.get(FollowUp, nudge.follow_up_id)
            assert follow_up is not None
            batch.follow_ups.append(follow_up)
            batch.numbers.append(nudge.number)
        batches[key] = batch
    return list(batches.values())
