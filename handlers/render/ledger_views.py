"""Lists, scorecards and the App Home dashboard."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.ledger import Page, Scorecard
from bot.models import Member
from handlers.ids import ANSWER_PREFIX
from handlers.render.blocks import (
    Block,
    actions,
    button,
    context,
    divider,
    header,
    section,
    sections,
)
from handlers.render.cards import answer_row, button_value
from handlers.render.escape import shown
from handlers.render.words import duration, owes_line, percent

HOME_ITEMS = 20  # per list: two blocks each keeps the Home tab inside Slack's 100 blocks


def list_reply(
    owed: Page, owed_to_me: Page, reader: Member, now: datetime
) -> tuple[str, list[Block]]:
    """The `list` answer: a page of what I owe and of what is owed to me, with refs."""
    blocks = [
        *_side("You owe", owed, reader, now, "Nothing — you're all caught up."),
        *_side("Owed to you", owed_to_me, reader, now, "Nobody owes you anything."),
    ]
    return f"You owe {owed.total}; owed to you {owed_to_me.total}.", blocks


def _side(title: str, page: Page, reader: Member, now: datetime, empty: str) -> list[Block]:
    lines = [owes_line(f, reader, now) for f in page.items]
    if not lines:
        lines = [empty if page.number == 1 else f"Nothing more: {page.total} in all."]
    blocks = sections([f"*{title}* ({page.total})", *lines])
    if page.more:
        shown_to = page.first + len(page.items) - 1
        blocks.append(
            context(
                f"Showing {page.first}–{shown_to} of {page.total}, soonest due first; "
                f"`/followthrough list {page.number + 1}` shows the next {page.size}."
            )
        )
    return blocks


def scorecard_line(card: Scorecard) -> str:
    """One readable line of responsiveness."""
    judged = card.answered + card.lapsed
    if not judged:
        return (
            f"*{shown(card.name)}*: nothing answered or lapsed yet; "
            f"{card.open} open, {card.overdue} overdue."
        )
    answer_time = card.median_time_to_answer
    median = "—" if answer_time is None else duration(answer_time)
    return (
        f"*{shown(card.name)}*: {percent(card.within_window_share)} answered within the window "
        f"({card.answered_within_window} of {judged}), median time to answer {median} "
        f"(business time), {card.lapsed} lapsed; {card.open} open, {card.overdue} overdue."
    )


def home_view(
    owed: Page,
    owed_to_me: Page,
    card: Scorecard,
    reader: Member,
    now: datetime,
) -> dict[str, Any]:
    """The Home tab: I owe (with answers), owed to me (with Heard back), and my scorecard."""
    blocks: list[Block] = [header("Followthrough"), section(scorecard_line(card)), divider()]
    blocks.append(header(f"You owe ({owed.total})"))
    for follow_up in owed.items[:HOME_ITEMS]:
        blocks += [section(owes_line(follow_up, reader, now)), answer_row(follow_up)]
    blocks += _more_at_home(owed, "Nothing — you're all caught up.")
    blocks += [divider(), header(f"Owed to you ({owed_to_me.total})")]
    for follow_up in owed_to_me.items[:HOME_ITEMS]:
        heard = button("Heard back", f"{ANSWER_PREFIX}heard", button_value(follow_up))
        blocks += [
            section(owes_line(follow_up, reader, now)),
            actions(f"owed_{follow_up.id}", heard),
        ]
    blocks += _more_at_home(owed_to_me, "Nobody owes you anything.")
    blocks.append(context("`/followthrough help` lists every verb."))
    return {"type": "home", "blocks": blocks}


def _more_at_home(page: Page, empty: str) -> list[Block]:
    if not page.total:
        return [context(empty)]
    hidden = page.total - min(len(page.items), HOME_ITEMS)
    if hidden <= 0:
        return []
    return [context(f"…and {hidden} more: `/followthrough list` shows them all, a page at a time.")]
