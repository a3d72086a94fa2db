"""Who hears about a change: cards for new debts, notices for the other party, cards closed."""

from __future__ import annotations

from bot.ledger.messages import messages_about
from bot.models import FollowUp, Member, MessageKind, MessagePurpose
from bot.services.core import Unit


def send_card(unit: Unit, follow_up: FollowUp) -> None:
    """DM the debtor what they owe, with one-click answers; replies on it will resolve it."""
    card = unit.wording.card(follow_up, unit.scope.now)
    link = (MessagePurpose.CARD, [follow_up.id])
    unit.post.dm(follow_up.debtor, card, MessageKind.CARD, link=link)


def announce_outcome(
    unit: Unit, follow_up: FollowUp, actor: Member | None, opened: list[FollowUp]
) -> None:
    """Close the debtor's cards in place, tell every party who did not act, card new debts."""
    closed = unit.wording.closed_card(follow_up, follow_up.debtor)
    for channel, ts in messages_about(unit.scope, follow_up, MessagePurpose.CARD):
        unit.post.update(channel, ts, closed)
    for party in (follow_up.debtor, follow_up.creditor):
        if actor is None or party.id != actor.id:
            notice = unit.wording.outcome_notice(follow_up, actor, party)
            unit.post.dm(party, notice, MessageKind.NOTICE)
    for new in opened:
        send_card(unit, new)


def announce_snooze(unit: Unit, follow_up: FollowUp, actor: Member) -> None:
    """Tell the other party that a follow-up got more time."""
    for party in (follow_up.debtor, follow_up.creditor):
        if party.id != actor.id:
            notice = unit.wording.snoozed_notice(follow_up, actor, party)
            unit.post.dm(party, notice, MessageKind.NOTICE)
