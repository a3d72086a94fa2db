"""The floor: the sweep's work with full semantics in plain SQL, to compare the project against.

One transaction claims the due follow-ups of the oldest debtors, decides once per distinct
business calendar, renders each reminder with the project's own renderer, counts the reminders
and writes the outbox and reminder rows with executemany; the reminders are handed to a list;
a second transaction marks them sent and moves each follow-up to its next reminder time.
It skips what the project adds for safety: leases, a check right before posting, links that
let a reply resolve, compare-and-set on versions (the benchmark's ledgers have no holds or
lapses due). No ORM: SQLAlchemy Core statements over the project's tables.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, insert, select, update

from bot.config import Settings
from bot.models import (
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Member,
    Nudge,
    OutboxMessage,
    to_read,
)
from bot.windows import BusinessCalendar, WorkingHours
from bot.windows.public_holidays import zone_holiday_country
from handlers.render import nudges

FOLLOW_UPS: Table = FollowUp.__table__  # type: ignore[assignment]
MEMBERS: Table = Member.__table__  # type: ignore[assignment]
OUTBOX: Table = OutboxMessage.__table__  # type: ignore[assignment]
NUDGES: Table = Nudge.__table__  # type: ignore[assignment]


def floor(engine: Engine, settings: Settings, now: datetime, *, batch: int = 100) -> float:
    """Seconds for one sweep and its delivery done the plain way (rounds until none is due)."""
    started = time.perf_counter()
    while _round(engine, settings, now, batch):
        pass
    return time.perf_counter() - started


def _round(engine: Engine, settings: Settings, now: datetime, batch: int) -> int:
    with engine.begin() as connection:
        rows = _due(connection, now, batch)
        if not rows:
            return 0
        people = {r.debtor_id for r in rows} | {r.creditor_id for r in rows}
        members = {
            m.id: m for m in connection.execute(select(MEMBERS).where(MEMBERS.c.id.in_(people)))
        }
        owed: dict[int, list[Any]] = defaultdict(list)
        for row in rows:
            owed[row.debtor_id].append(row)
        calendars: dict[tuple[Any, ...], BusinessCalendar] = {}
        outbox, reminders, handed = [], [], []
        for debtor_id, due in owed.items():
            member = members[debtor_id]
            calendar = _calendar(member, settings, calendars)
            if not calendar.is_working_time(now):
                continue
            debtor = _member(member)
            shown = [_follow_up(r, debtor, _member(members[r.creditor_id])) for r in due]
            numbers = [r.nudge_count + 1 for r in due]
            words, blocks = nudges.reminder(debtor, shown, numbers, settings.max_nudges, now)
            key = uuid.uuid4().hex
            outbox.append(_outbox_row(member, key, words, blocks, now))
            reminders += [(key, r, n) for r, n in zip(due, numbers, strict=True)]
            following = calendar.add_business_days(now, settings.nudge_spacing_days)
            handed.append((key, member.slack_user_id, following, [r.id for r in due]))
        connection.execute(
            update(FOLLOW_UPS)
            .where(FOLLOW_UPS.c.id == bindparam("fid"))
            .values(nudge_count=FOLLOW_UPS.c.nudge_count + 1, next_nudge_at=None),
            [{"fid": r.id} for _key, r, _n in reminders],
        )
        connection.execute(insert(OUTBOX), outbox)
        ids = dict(
            connection.execute(
                select(OUTBOX.c.key, OUTBOX.c.id).where(
                    OUTBOX.c.key.in_([o["key"] for o in outbox])
                )
            ).all()
        )
        connection.execute(insert(NUDGES), [_nudge_row(ids[k], r, n, now) for k, r, n in reminders])
    # Handed over (to a list), then recorded as sent and moved on, in a second transaction.
    posted = [
        (ids[key], f"D{user[1:]}", f"{n}.000100", nxt, about)
        for n, (key, user, nxt, about) in enumerate(handed)
    ]
    with engine.begin() as connection:
        connection.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id == bindparam("oid"))
            .values(state="sent", sent_at=now, sent_channel=bindparam("c"), sent_ts=bindparam("t")),
            [{"oid": i, "c": c, "t": t} for i, c, t, _n, _a in posted],
        )
        connection.execute(
            update(FOLLOW_UPS)
            .where(FOLLOW_UPS.c.id == bindparam("fid"), FOLLOW_UPS.c.state == "open")
            .values(next_nudge_at=bindparam("nxt")),
            [{"fid": f, "nxt": nxt} for _i, _c, _t, nxt, about in posted for f in about],
        )
    return len(rows)


def _due(connection: Connection, now: datetime, batch: int) -> list[Any]:
    oldest = (
        select(FOLLOW_UPS.c.debtor_id)
        .where(FOLLOW_UPS.c.state == "open", FOLLOW_UPS.c.next_nudge_at <= now)
        .order_by(FOLLOW_UPS.c.next_nudge_at)
        .limit(batch)
    )
    return list(
        connection.execute(
            select(FOLLOW_UPS)
            .where(FOLLOW_UPS.c.state == "open", FOLLOW_UPS.c.next_nudge_at <= now)
            .where(FOLLOW_UPS.c.debtor_id.in_(oldest.scalar_subquery()))
            .order_by(FOLLOW_UPS.c.due_at, FOLLOW_UPS.c.id)
        )
    )


def _calendar(
    member: Any, settings: Settings, cache: dict[tuple[Any, ...], BusinessCalendar]
) -> BusinessCalendar:
    key = (
        member.timezone,
        member.working_hours,
        member.holiday_country,
        member.vacation_from,
        member.vacation_until,
    )
    if key not in cache:
        hours = WorkingHours.parse(member.working_hours) if member.working_hours else None
        country = member.holiday_country
        if country is None:
            country = zone_holiday_country(member.timezone) or settings.holiday_country
        cache[key] = BusinessCalendar(
            timezone=member.timezone,
            hours=hours or settings.default_hours,
            country=country or None,
            vacation_from=member.vacation_from,
            vacation_until=member.vacation_until,
        )
    return cache[key]


def _member(row: Any) -> Member:
    return to_read(
        Member,
        id=row.id,
        team_id=row.team_id,
        slack_user_id=row.slack_user_id,
        name=row.name,
        timezone=row.timezone,
    )


def _follow_up(row: Any, debtor: Member, creditor: Member) -> FollowUp:
    return to_read(
        FollowUp,
        id=row.id,
        team_id=row.team_id,
        version=row.version,
        kind=FollowUpKind(row.kind),
        what=row.what,
        created_at=row.created_at,
        due_at=row.due_at,
        state=FollowUpState.OPEN,
        debtor=debtor,
        creditor=creditor,
    )


def _outbox_row(member: Any, key: str, words: str, blocks: Any, now: datetime) -> dict[str, Any]:
    return {
        "team_id": member.team_id,
        "key": key,
        "kind": "reminder",
        "delivery": "post",
        "channel": member.slack_user_id,
        "recipient_id": member.id,
        "text": words,
        "blocks": blocks,
        "state": "pending",
        "attempts": 0,
        "not_before": now,
        "created_at": now,
    }


def _nudge_row(message_id: int, row: Any, number: int, now: datetime) -> dict[str, Any]:
    return {
        "team_id": row.team_id,
        "follow_up_id": row.id,
        "message_id": message_id,
        "recipient_id": row.debtor_id,
        "kind": "nudge",
        "number": number,
        "follow_up_version": row.version,
        "created_at": now,
    }
