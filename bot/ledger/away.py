"""Out of office from Slack: an away status becomes a spell of time off, apart from any vacation.

A spell runs from the local day it is first seen (that whole day counts, as a typed vacation
does) to the instant the status expires; a status with no expiration counts for the rest of the
day it is seen, never longer. A status cleared, changed to something else or expired ends the
spell from now: the days already gone stay away, and a spell seen and ended on the same day
leaves no trace. Each change moves the due times still ahead by the working time it added or
gave back, so a window never runs while its debtor is away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import insert, select, update

from bot.ledger.scope import Scope
from bot.ledger.time_off import calendar_for
from bot.models import Activity, FollowUp, FollowUpState, Member
from bot.windows import BusinessCalendar
from bot.windows.zones import local_date, localize, zone

LONGEST = timedelta(days=366)  # an expiration further out is held to a year


@dataclass(frozen=True)
class AwayStatus:
    """A status that says the member is away: its words and when it expires (None: never)."""

    says: str
    until: datetime | None


@dataclass(frozen=True)
class StatusSeen:
    """A member's Slack status as a user object showed it (`updated`: that object's stamp)."""

    away: AwayStatus | None
    updated: datetime | None = None


def is_away(member: Member, now: datetime) -> bool:
    """True while an away spell read from Slack covers `now`."""
    since, until = member.away_since, member.away_until
    return since is not None and until is not None and since <= now < until


def see_status(scope: Scope, member: Member, status: StatusSeen) -> bool:
    """Apply a status unless a newer one was applied already; True if the spell changed.

    The member's row is locked first, so two events about one member apply one after the other
    and an older user object (a retried or late event) never undoes a newer one.
    """
    scope.session.flush()
    locked = scope.session.scalars(
        select(Member)
        .where(Member.id == member.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    seen = status.updated or scope.now
    if locked.status_seen is not None and seen < locked.status_seen:
        return False
    locked.status_seen = seen
    before = calendar_for(scope, locked)
    until = _spell_end(locked, status.away, scope.now)
    if until is None:
        _end(locked, scope.now)
    else:
        assert status.away is not None
        if not is_away(locked, scope.now):
            locked.away_since = scope.now
        locked.away_until, locked.away_says = until, status.away.says[:200]
    after = calendar_for(scope, locked)
    if after == before:
        return False
    _move_dues(scope, locked, before, after)
    return True


def _spell_end(member: Member, away: AwayStatus | None, now: datetime) -> datetime | None:
    """When a spell that starts or goes on now ends; None if the status is not away now."""
    if away is None:
        return None
    if away.until is None:  # no expiration: the rest of today, in the member's own zone
        tz = zone(member.timezone)
        return localize(local_date(now, tz) + timedelta(days=1), time(0, 0), tz)
    if away.until <= now:
        return None  # expired, and Slack has not cleared it yet
    return min(away.until, now + LONGEST)


def _end(member: Member, now: datetime) -> None:
    """The spell ends now; one that began today is forgotten (no day of it is gone yet)."""
    if not is_away(member, now) or member.away_since is None:
        return
    tz = zone(member.timezone)
    if local_date(member.away_since, tz) == local_date(now, tz):
        member.away_since = member.away_until = member.away_says = None
    else:
        member.away_until = now


def _move_dues(
    scope: Scope, debtor: Member, before: BusinessCalendar, after: BusinessCalendar
) -> None:
    """Keep the working time left on each window not yet passed (or reminded about).

    The sweep's bookkeeping style: no version bump, so a card's buttons stay valid, and only
    the version read, so a person's change made meanwhile stands.
    """
    now = scope.now
    rows = scope.session.execute(
        select(FollowUp.id, FollowUp.version, FollowUp.due_at).where(
            FollowUp.debtor_id == debtor.id,
            FollowUp.state == FollowUpState.OPEN,
            FollowUp.nudge_count == 0,
            FollowUp.due_at > now,
        )
    ).all()
    moved = []
    for row in rows:
        due = after.add_business_time(now, before.business_time_between(now, row.due_at))
        if due == row.due_at:
            continue
        changed = scope.session.scalar(
            update(FollowUp)
            .where(FollowUp.id == row.id, FollowUp.version == row.version)
            .where(FollowUp.state == FollowUpState.OPEN)
            .values(due_at=due, next_nudge_at=due)
            .returning(FollowUp.id)
            .execution_options(synchronize_session=False)
        )
        if changed is not None:
            moved.append((row, due))
    if moved:
        scope.session.execute(
            insert(Activity),
            [
                {
                    "team_id": scope.team_id,
                    "at": now,
                    "actor_id": None,
                    "action": "due_moved",
                    "follow_up_id": row.id,
                    "detail": {
                        "from": row.due_at.isoformat(),
                        "to": due.isoformat(),
                        "why": "out of office",
                    },
                }
                for row, due in moved
            ],
        )
