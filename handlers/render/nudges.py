"""Reminders to a debtor, the lapse notice to a creditor, and the weekly digest."""

from __future__ import annotations

from datetime import datetime

from bot.ledger import Scorecard
from bot.models import FollowUp, Member
from handlers.render.blocks import Block, context, divider, header, section
from handlers.render.cards import answer_row, intro, note_blocks
from handlers.render.ledger_views import list_reply, scorecard_line
from handlers.render.words import mention, when

MESSAGE_BLOCKS = 50  # Slack refuses a message with more blocks (invalid_blocks)

Message = tuple[str, list[Block]]


def reminder(
    debtor: Member, follow_ups: list[FollowUp], numbers: list[int], max_nudges: int, now: datetime
) -> Message:
    """One DM that batches everything a debtor owes that is overdue, oldest first."""
    count = len(follow_ups)
    waiting = "A partner is" if count == 1 else f"{count} partners are"
    head: list[Block] = [section(f"👋 {waiting} waiting on you. One click answers.")]
    tail: list[Block] = []
    if any(number >= max_nudges for number in numbers):
        tail.append(
            context("After a last reminder I stop nudging and tell your partner you didn't answer.")
        )
    items: list[list[Block]] = []
    for follow_up, number in zip(follow_ups, numbers, strict=True):
        since = when(follow_up.created_at, debtor)
        last = " — last reminder" if number >= max_nudges else ""
        items.append(
            [
                section(
                    f"*{follow_up.ref}* · {intro(follow_up)}\n"
                    f"Waiting since {since}; was due {when(follow_up.due_at, debtor)}."
                ),
                *note_blocks(follow_up),
                context(f"Reminder {number} of {max_nudges}{last}"),
                answer_row(follow_up, reminder=True),
            ]
        )
    blocks = head + fit(items, MESSAGE_BLOCKS - len(head) - len(tail)) + tail
    refs = ", ".join(follow_up.ref for follow_up in follow_ups)
    return f"{waiting} waiting on you: {refs}", blocks


def fit(items: list[list[Block]], budget: int) -> list[Block]:
    """As many whole items as fit in `budget` blocks, then one line saying how many more."""
    shown: list[Block] = []
    for index, item in enumerate(items):
        left = len(items) - index
        room = budget - len(shown) - (1 if left > 1 else 0)
        if len(item) > room:
            shown.append(context(f"…and {left} more: `/followthrough list` shows them all."))
            return shown
        shown += item
    return shown


def lapse_notice(creditor: Member, follow_ups: list[FollowUp], reminders: int) -> Message:
    """Tell the waiting partner the debtor never answered and the bot has stopped nudging."""
    lines = [f"• *{f.ref}* · {mention(f.debtor)} did not respond: {f.what}" for f in follow_ups]
    text = (
        f"No answer after {reminders} reminder{'s' if reminders != 1 else ''}, so I've stopped "
        "nudging:\n" + "\n".join(lines)
    )
    etiquette = (
        "In split networks, silence after reminders usually means “not interested”. "
        "Move on rather than chase; it counts on their scorecard."
    )
    return text.replace("*", ""), [section(text), context(etiquette)]


def digest(
    member: Member,
    owed: list[FollowUp],
    owed_to_me: list[FollowUp],
    card: Scorecard,
    now: datetime,
) -> Message:
    """The Monday digest: what you owe, what is owed to you, your scorecard."""
    summary, lists = list_reply(owed, owed_to_me, member, now)
    blocks = [
        header("Your week in Followthrough"),
        *lists,
        divider(),
        section(scorecard_line(card)),
    ]
    return f"Your week: {summary}", blocks
