"""Who hears about a change: cards for new debts, notices for the other party, cards closed."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.ledger.messages import placed_messages
from bot.models import (
    FollowUp,
    Member,
    MessageKind,
    MessagePurpose,
    MessageState,
    Nudge,
    NudgeKind,
    OutboxMessage,
)
from bot.nudging.policy import PolicyBook
from bot.outbox import Message
from bot.outbox.reach import said_where
from bot.services.core import Unit
from bot.services.partners import tell_not_installed


def send_card(unit: Unit, follow_up: FollowUp) -> None:
    """DM the debtor what they owe, with one-click answers; replies on it will resolve it."""
    card = unit.wording.card(follow_up, unit.scope.now)
    link = (MessagePurpose.CARD, [follow_up.id])
    unit.session.flush()  # the version the card shows, once the change is written
    kind = MessageKind.CARD
    debtor, version = follow_up.debtor, follow_up.version
    unit.post.dm(debtor, card, kind, link=link, about_version=version, about=follow_up)
    if not unit.post.can_dm(debtor):
        tell_not_installed(unit, follow_up)


def refresh_messages(unit: Unit, follow_up: FollowUp) -> None:
    """Every card and reminder already in Slack about the follow-up, updated in place."""
    card = (
        unit.wording.card(follow_up, unit.scope.now)
        if follow_up.is_open
        else unit.wording.closed_card(follow_up, follow_up.debtor)
    )
    debtor = follow_up.debtor.slack_user_id
    for team_id, channel, ts in placed_messages(unit.scope, follow_up, MessagePurpose.CARD):
        unit.post.update(channel, ts, said_where(channel, debtor, card), team_id=team_id)
    for sent in sent_reminders(unit.session, follow_up):
        named = unit.session.execute(
            select(Nudge.number, FollowUp)
            .join(FollowUp, FollowUp.id == Nudge.follow_up_id)
            .where(Nudge.message_id == sent.id, Nudge.kind == NudgeKind.NUDGE)
            .order_by(FollowUp.due_at, FollowUp.id)
        ).all()
        items = [item for _number, item in named]
        cap = PolicyBook(unit.session, unit.scope.settings, unit.scope.now).policy(items[0])
        reminder = unit.wording.reminder(
            items[0].debtor, items, [n for n, _f in named], cap.max_nudges, unit.scope.now
        )
        unit.post.update(str(sent.sent_channel), str(sent.sent_ts), reminder, team_id=sent.team_id)


def sent_reminders(session: Session, follow_up: FollowUp) -> list[OutboxMessage]:
    """The reminders in Slack that name this follow-up."""
    return list(
        session.scalars(
            select(OutboxMessage)
            .join(Nudge, Nudge.message_id == OutboxMessage.id)
            .where(Nudge.follow_up_id == follow_up.id, Nudge.kind == NudgeKind.NUDGE)
            .where(OutboxMessage.state == MessageState.SENT, OutboxMessage.sent_ts.is_not(None))
            .order_by(OutboxMessage.id)
        )
    )


def announce_outcome(
    unit: Unit, follow_up: FollowUp, actor: Member | None, opened: list[FollowUp]
) -> None:
    """Update cards and reminders in place, tell every party who did not act, card new debts.

    A party who gets a card for a new debt because of this change reads about it there, so
    they are not sent a separate notice as well.
    """
    refresh_messages(unit, follow_up)
    carded = {new.debtor_id for new in opened}
    for party in (follow_up.debtor, follow_up.creditor):
        if (actor is None or party.id != actor.id) and party.id not in carded:
            notice = unit.wording.outcome_notice(follow_up, actor, party)
            unit.post.dm(party, notice, MessageKind.NOTICE, about=follow_up)
    for new in opened:
        send_card(unit, new)


def announce_heard(unit: Unit, follow_ups: list[FollowUp], actor: Member) -> None:
    """Several items heard back at once: cards updated, one notice to the partner for all."""
    for follow_up in follow_ups:
        refresh_messages(unit, follow_up)
    debtor = follow_ups[0].debtor
    notice = unit.wording.heard_notice(follow_ups, actor, debtor)
    unit.post.dm(debtor, notice, MessageKind.NOTICE, about=follow_ups[0])


Notice = Callable[[FollowUp, Member, Member], Message]


def announce_snooze(unit: Unit, follow_up: FollowUp, actor: Member) -> None:
    """Show the new time on cards and reminders; tell the other party."""
    _tell_the_other_party(unit, follow_up, actor, unit.wording.snoozed_notice)


def _tell_the_other_party(unit: Unit, follow_up: FollowUp, actor: Member, notice: Notice) -> None:
    refresh_messages(unit, follow_up)
    for party in (follow_up.debtor, follow_up.creditor):
        if party.id != actor.id:
            said = notice(follow_up, actor, party)
            unit.post.dm(party, said, MessageKind.NOTICE, about=follow_up)


def announce_call(unit: Unit, follow_up: FollowUp) -> None:
    """A phone system's call closed a follow-up: cards updated, both parties told how to undo."""
    refresh_messages(unit, follow_up)
    for party in (follow_up.creditor, follow_up.debtor):
        notice = unit.wording.call_notice(follow_up, party)
        unit.post.dm(party, notice, MessageKind.NOTICE, about=follow_up)


def announce_reopened(
    unit: Unit, follow_up: FollowUp, actor: Member, evidence: str = "call"
) -> None:
    """A follow-up is owed again: its card shows it open, the other party is told."""

    def notice(follow_up: FollowUp, actor: Member, reader: Member) -> Message:
        return unit.wording.reopened_notice(follow_up, actor, reader, evidence)

    _tell_the_other_party(unit, follow_up, actor, notice)
