"""The weekly digest: Monday morning in each member's own time, once, inside working hours."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot import ledger
from bot.config import Settings
from bot.ledger import Scope, calendar_for
from bot.ledger.members import next_digest_time
from bot.models import (
    FollowUp,
    FollowUpState,
    Member,
    MessageKind,
    MessageState,
    OutboxMessage,
    Workspace,
)
from bot.outbox import Postbox, Reach, Wording
from bot.windows.zones import local_date

RECENT_REMINDER = timedelta(hours=1)


@dataclass
class Digests:
    """What the digest step did."""

    lines: list[str] = field(default_factory=list)
    posted: bool = False


def send_digests(
    session: Session,
    settings: Settings,
    wording: Wording,
    now: datetime,
    *,
    limit: int,
    skip: set[int],
    reach: Reach | None = None,
) -> Digests:
    """Record the digests that are due; each member's next one moves a week on either way.

    A member nudged in this sweep already has a DM listing what is due, so their digest is
    skipped this week; a digest whose day has passed (the bot was down that Monday) waits for
    next week rather than arriving days late, and none goes out outside working hours.
    """
    done = Digests()
    for member in _claim(session, settings, now, limit):
        scope = Scope(session, member.team_id, now, settings)
        calendar = calendar_for(scope, member)
        who = f"{member.name} ({member.slack_user_id})"
        scheduled = member.next_digest_at
        assert scheduled is not None
        if reach is not None and not reach.installed(member.team_id):
            continue  # no DM reaches a member whose firm has not installed the app
        if member.id in skip or _being_nudged(session, member, now):
            done.lines.append(f"weekly digest to {who}: skipped, nudged in this sweep")
            continue
        if local_date(now, calendar.tz) != local_date(scheduled, calendar.tz):
            done.lines.append(f"weekly digest to {who}: missed its day, next one next week")
            continue
        if not calendar.is_working_time(now):
            done.lines.append(f"weekly digest to {who}: outside working time, next week")
            continue
        owed = ledger.owed_by(scope, member.slack_user_id)
        owed_to_me = ledger.owed_to(scope, member.slack_user_id)
        if not owed and not owed_to_me:
            continue
        card = ledger.scorecard(scope, member.slack_user_id)
        message = wording.digest(member, owed, owed_to_me, card, now)
        Postbox(session, member.team_id, now).dm(member, message, MessageKind.DIGEST)
        done.lines.append(f"weekly digest to {who}")
        done.posted = True
    return done


def _being_nudged(session: Session, member: Member, now: datetime) -> bool:
    """A reminder to them is due, on its way, or went out within the hour (by any sweeper)."""
    owes_now = session.scalar(
        select(FollowUp.id)
        .where(FollowUp.debtor_id == member.id, FollowUp.state == FollowUpState.OPEN)
        .where(FollowUp.next_nudge_at <= now)
        .limit(1)
    )
    reminded = session.scalar(
        select(OutboxMessage.id)
        .where(OutboxMessage.recipient_id == member.id)
        .where(OutboxMessage.kind == MessageKind.REMINDER)
        .where(
            or_(
                OutboxMessage.state == MessageState.PENDING,
                OutboxMessage.created_at >= now - RECENT_REMINDER,
            )
        )
        .limit(1)
    )
    return owes_now is not None or reminded is not None


def _claim(session: Session, settings: Settings, now: datetime, limit: int) -> list[Member]:
    """Members whose digest is due, each claimed by moving their next digest a week on."""
    due = session.scalars(
        select(Member)
        .join(Workspace, Workspace.team_id == Member.team_id)
        .where(Member.next_digest_at <= now, Workspace.active.is_(True))
        .order_by(Member.next_digest_at)
        .limit(limit)
    ).all()
    claimed = []
    for member in due:
        scope = Scope(session, member.team_id, now, settings)
        following = next_digest_time(calendar_for(scope, member), now)
        won = session.execute(
            update(Member)
            .where(Member.id == member.id, Member.next_digest_at == member.next_digest_at)
            .values(next_digest_at=following)
            .execution_options(synchronize_session=False)
            .returning(Member.id)
        ).scalar()
        if won is not None:
            claimed.append(member)
    return claimed
