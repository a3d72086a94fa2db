"""Reminders to a debtor, the lapse notice to a creditor, and the weekly digest."""

from __future__ import annotations

from datetime import datetime

from bot.ledger import Page, Scorecard
from bot.models import FollowUp, FollowUpKind, Member
from handlers.render.blocks import Block, context, divider, header, section, sections
from handlers.render.cards import answer_row, intro, note_blocks, outcome_context
from handlers.render.escape import shown
from handlers.render.ledger_views import list_reply, scorecard_line
from handlers.render.words import away_until, mention, when, zoned

MESSAGE_BLOCKS = 50  # Slack refuses a message with more blocks (invalid_blocks)

Message = tuple[str, list[Block]]


def reminder(
    debtor: Member, follow_ups: list[FollowUp], numbers: list[int], max_nudges: int, now: datetime
) -> Message:
    """One DM that batches everything a debtor owes that is overdue, oldest first.

    Re-rendered in place when an item is answered anywhere: answered items keep their line
    with the outcome instead of buttons.
    """
    still = [f for f in follow_ups if f.is_open]
    count = len(still)
    if count:
        waiting = "A partner is" if count == 1 else f"{count} partners are"
        head = [section(f"👋 {waiting} waiting on you. One click answers.")]
        summary = f"{waiting} waiting on you: {', '.join(f.ref for f in still)}"
    else:
        head = [section("✅ All answered — thank you.")]
        summary = "All answered — thank you."
    tail: list[Block] = []
    if any(
        number >= max_nudges for f, number in zip(follow_ups, numbers, strict=True) if f.is_open
    ):
        tail.append(
            context("After a last reminder I stop nudging and tell your partner you didn't answer.")
        )
    items = [
        _item(debtor, follow_up, number, max_nudges, now)
        for follow_up, number in zip(follow_ups, numbers, strict=True)
    ]
    blocks = head + fit(items, MESSAGE_BLOCKS - len(head) - len(tail)) + tail
    return summary, blocks


def _item(
    debtor: Member, follow_up: FollowUp, number: int, max_nudges: int, now: datetime
) -> list[Block]:
    if not follow_up.is_open:
        return [
            section(f"*{follow_up.ref}* · {intro(follow_up)}"),
            outcome_context(follow_up, debtor),
        ]
    since = when(follow_up.created_at, debtor)
    last = " — last reminder" if number >= max_nudges else ""
    return [
        section(
            f"*{follow_up.ref}* · {intro(follow_up)}\n"
            f"Waiting since {since}; {'was due' if follow_up.due_at <= now else 'now due'} "
            f"{when(follow_up.due_at, debtor)}."
        ),
        *note_blocks(follow_up),
        context(f"Reminder {number} of {max_nudges}{last}"),
        answer_row(follow_up),
    ]


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
    lines = [f"• *{f.ref}* · {mention(f.debtor)}: {shown(f.what)}" for f in follow_ups]
    opening = (
        f"No answer after {reminders} reminder{'s' if reminders != 1 else ''}, so I've stopped "
        "nudging:"
    )
    etiquette = (
        "In split networks, silence about a candidate after reminders usually means "
        "“not interested”. Move on rather than chase; it counts on their scorecard."
        if any(f.kind is FollowUpKind.RESPOND for f in follow_ups)
        else "It counts on their scorecard; `/followthrough stats` shows it."
    )
    more = ": `/followthrough stats` shows them"
    blocks = [
        *sections([opening, *lines], at_most=MESSAGE_BLOCKS - 1, more=more),
        context(etiquette),
    ]
    refs = ", ".join(f.ref for f in follow_ups[:20]) + ("…" if len(follow_ups) > 20 else "")
    return f"No answer after {reminders} reminder{'s' if reminders != 1 else ''}: {refs}", blocks


def away_notice(
    creditor: Member, debtor: Member, follow_ups: list[FollowUp], back: datetime
) -> str:
    """The debtor's Slack status says they are away: what waits, and until when."""
    refs = ", ".join(f.ref for f in follow_ups[:20]) + ("…" if len(follow_ups) > 20 else "")
    says = f" (their status says “{shown(debtor.away_says)}”)" if debtor.away_says else ""
    return (
        f"{mention(debtor)} is out of office{away_until(debtor)}{says}; I'll hold reminders about "
        f"{refs} until they're back at work, {zoned(back, creditor)}. "
        "Time away never counts against them."
    )


def digest(
    member: Member,
    owed: Page,
    owed_to_me: Page,
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
