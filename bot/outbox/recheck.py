"""Checking a message again right before it is posted: the ledger may have moved on."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.ledger.changes import bookkeep
from bot.models import FollowUp, FollowUpState, Member, Nudge, NudgeKind, OutboxMessage
from bot.nudging.policy import PolicyBook
from bot.outbox.message import Message
from bot.outbox.reach import said_where
from bot.outbox.wording import Wording


def changed_reminders(session: Session, ids: list[int]) -> set[int]:
    """Which of these reminders name a follow-up a person changed since it was written."""
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Nudge.message_id)
            .join(FollowUp, FollowUp.id == Nudge.follow_up_id)
            .where(Nudge.message_id.in_(ids), Nudge.kind == NudgeKind.NUDGE)
            .where(
                or_(
                    FollowUp.version != Nudge.follow_up_version,
                    FollowUp.state != FollowUpState.OPEN,
                )
            )
        )
    )


def changed_cards(session: Session, ids: list[int]) -> set[int]:
    """Which of these cards are about a follow-up that changed since they were worded."""
    if not ids:
        return set()
    cards = session.execute(
        select(OutboxMessage.id, OutboxMessage.link_follow_ups, OutboxMessage.about_version).where(
            OutboxMessage.id.in_(ids)
        )
    ).all()
    about = {card.id: (card.link_follow_ups or [None])[0] for card in cards}
    versions = dict(
        session.execute(
            select(FollowUp.id, FollowUp.version).where(
                FollowUp.id.in_([f for f in about.values() if f is not None])
            )
        ).all()
    )
    return {
        card.id
        for card in cards
        if card.about_version is None or versions.get(about[card.id]) != card.about_version
    }


def recheck_reminder(
    session: Session, settings: Settings, wording: Wording, row: OutboxMessage, now: datetime
) -> Message | None:
    """The reminder as it should go out now, or None when nothing in it is still owed.

    A follow-up answered or changed (snoozed) since the reminder was written is left out,
    and its reminder is not counted: whoever changed it decided what happens next.
    """
    named = session.execute(
        select(Nudge, FollowUp)
        .join(FollowUp, FollowUp.id == Nudge.follow_up_id)
        .where(Nudge.message_id == row.id, Nudge.kind == NudgeKind.NUDGE)
        .order_by(FollowUp.due_at, FollowUp.id)
    ).all()
    current = [(n, f) for n, f in named if f.is_open and f.version == n.follow_up_version]
    if len(current) == len(named):
        return Message(row.text, row.blocks)
    for nudge, follow_up in named:
        if (nudge, follow_up) in current:
            continue
        if follow_up.is_open and follow_up.nudge_count > 0:
            bookkeep(session, follow_up, nudge_count=follow_up.nudge_count - 1)
        session.execute(delete(Nudge).where(Nudge.id == nudge.id))
    if not current:
        return None
    follow_ups = [f for _n, f in current]
    debtor = session.get(Member, follow_ups[0].debtor_id)
    assert debtor is not None
    reminders = PolicyBook(session, settings, now).policy(follow_ups[0]).max_nudges
    numbers = [n.number for n, _f in current]
    row.link_follow_ups = [f.id for f in follow_ups]
    return _addressed(session, row, wording.reminder(debtor, follow_ups, numbers, reminders, now))


def recheck_card(
    session: Session, wording: Wording, row: OutboxMessage, now: datetime
) -> Message | None:
    """The card as the follow-up stands now: its buttons carry the version it is shown at, and
    a follow-up closed before the card went out is posted closed."""
    if not row.link_follow_ups:
        return None
    follow_up = session.get(FollowUp, row.link_follow_ups[0])
    if follow_up is None:
        return None
    if follow_up.is_open:
        return _addressed(session, row, wording.card(follow_up, now))
    return _addressed(session, row, wording.closed_card(follow_up, follow_up.debtor))


def _addressed(session: Session, row: OutboxMessage, message: Message) -> Message:
    """Said in a shared channel to someone the bot can't DM: it still names them first."""
    if row.recipient_id is None:
        return message
    recipient = session.get(Member, row.recipient_id)
    assert recipient is not None
    return said_where(row.channel, recipient.slack_user_id, message)
