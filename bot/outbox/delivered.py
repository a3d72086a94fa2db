"""What a delivery settles, for a whole batch in a few statements.

Once messages are in Slack: each is marked sent (where, when); the messages about follow-ups
are linked so a reply or ✅ on them resolves them; a DM's channel is remembered; each follow-up
a reminder named — unless a person changed it since — waits for its next reminder time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.ledger.scope import Scope
from bot.ledger.time_off import calendar_for
from bot.models import (
    Delivery,
    FollowUp,
    FollowUpMessage,
    FollowUpState,
    Member,
    MessageKind,
    MessageState,
    Nudge,
    NudgeKind,
    OutboxMessage,
    Workspace,
)
from bot.nudging.claims import as_read
from bot.nudging.policy import policy_for
from bot.windows import BusinessCalendar


def record_sent(
    session: Session, settings: Settings, delivered: list[tuple[int, str, str]], now: datetime
) -> None:
    """These messages (id, channel, ts) are in Slack: record it and what it settles."""
    rows = {
        row.id: row
        for row in session.execute(
            select(
                OutboxMessage.id,
                OutboxMessage.team_id,
                OutboxMessage.kind,
                OutboxMessage.delivery,
                OutboxMessage.channel,
                OutboxMessage.recipient_id,
                OutboxMessage.link_purpose,
                OutboxMessage.link_follow_ups,
                Member.dm_channel.label("known_dm"),
            )
            .outerjoin(Member, Member.id == OutboxMessage.recipient_id)
            .where(OutboxMessage.id.in_([i for i, _c, _t in delivered]))
            .where(OutboxMessage.state == MessageState.PENDING)
        )
    }
    sent = [(rows[i], channel, ts) for i, channel, ts in delivered if i in rows]
    if not sent:
        return
    outbox = _table(OutboxMessage)
    session.execute(
        update(outbox)
        .where(outbox.c.id == bindparam("mid"), outbox.c.state == MessageState.PENDING.value)
        .values(
            state=MessageState.SENT,
            sent_at=now,
            sent_channel=bindparam("where"),
            sent_ts=bindparam("when"),
            lease_owner=None,
            lease_until=None,
            error=None,
        ),
        [{"mid": row.id, "where": channel, "when": ts} for row, channel, ts in sent],
    )
    _link(session, sent, now)
    _remember_dms(session, sent)
    reminders = [row.id for row, _c, _t in sent if row.kind is MessageKind.REMINDER]
    if reminders:
        move_on(session, settings, reminders, now)


def _link(session: Session, sent: list[tuple[Any, str, str]], now: datetime) -> None:
    links = [
        {
            "team_id": row.team_id,
            "follow_up_id": follow_up_id,
            "purpose": row.link_purpose,
            "channel": channel,
            "ts": ts,
            "created_at": now,
        }
        for row, channel, ts in sent
        if row.link_purpose is not None
        for follow_up_id in row.link_follow_ups or []
    ]
    if links:
        session.execute(insert(FollowUpMessage), links)


def _remember_dms(session: Session, sent: list[tuple[Any, str, str]]) -> None:
    dms = [
        {"mid": row.recipient_id, "dm": channel}
        for row, channel, _ts in sent
        if row.recipient_id is not None
        and row.known_dm is None  # once known, a member's DM channel stays as it is
        and row.delivery is Delivery.POST
        and channel.startswith("D")
        and not row.channel.startswith(("C", "G", "D"))
    ]
    if dms:
        members = _table(Member)
        session.execute(
            update(members)
            .where(members.c.id == bindparam("mid"), members.c.dm_channel.is_(None))
            .values(dm_channel=bindparam("dm")),
            dms,
        )


def move_on(session: Session, settings: Settings, reminders: list[int], now: datetime) -> None:
    """Each follow-up these delivered reminders named waits for its next reminder time.

    A follow-up a person changed meanwhile (snoozed, answered) keeps what that change decided.
    """
    named = session.execute(
        select(FollowUp.id, FollowUp.version, FollowUp.team_id, FollowUp.debtor_id)
        .join(Nudge, Nudge.follow_up_id == FollowUp.id)
        .where(Nudge.message_id.in_(reminders), Nudge.kind == NudgeKind.NUDGE)
        .where(FollowUp.version == Nudge.follow_up_version)
        .where(FollowUp.state == FollowUpState.OPEN)
    ).all()
    if not named:
        return
    debtors = {
        m.id: m
        for m in session.scalars(select(Member).where(Member.id.in_({r.debtor_id for r in named})))
    }
    workspaces: dict[str, Workspace | None] = {}
    following: dict[int, datetime] = {}  # per debtor, worked out once per distinct calendar
    per_calendar: dict[tuple[BusinessCalendar, int], datetime] = {}
    for member in debtors.values():
        if member.team_id not in workspaces:
            workspaces[member.team_id] = session.get(Workspace, member.team_id)
        spacing = policy_for(settings, workspaces[member.team_id], member).spacing_days
        calendar = calendar_for(Scope(session, member.team_id, now, settings), member)
        if (calendar, spacing) not in per_calendar:
            per_calendar[(calendar, spacing)] = calendar.add_business_days(now, spacing)
        following[member.id] = per_calendar[(calendar, spacing)]
    moves: dict[datetime, list[Any]] = {}  # one statement per distinct next reminder time
    for row in named:
        moves.setdefault(following[row.debtor_id], []).append(row)
    for following_at, rows in moves.items():
        session.execute(
            update(FollowUp)
            .where(*as_read(rows), FollowUp.state == FollowUpState.OPEN)
            .values(next_nudge_at=following_at)
            .execution_options(synchronize_session=False)
        )


def _table(model: type[Any]) -> Table:
    """The model's table, for plain executemany statements (no ORM bookkeeping)."""
    return cast(Table, model.__table__)
