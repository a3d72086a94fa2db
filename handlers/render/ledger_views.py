"""Lists, scorecards and the App Home dashboard."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.ledger import Scorecard
from bot.models import FollowUp, Member
from handlers.ids import ANSWER_PREFIX
from handlers.render.blocks import Block, actions, button, context, divider, header, section
from handlers.render.cards import answer_row
from handlers.render.words import duration, owes_line, percent

HOME_ITEMS = 15  # per list, so the Home tab stays inside Slack's 100-block limit


def list_reply(
    owed: list[FollowUp], owed_to_me: list[FollowUp], reader: Member, now: datetime
) -> tuple[str, list[Block]]:
    """The `list` answer: what I owe and what is owed to me, with refs."""
    mine = [owes_line(f, reader, now) for f in owed] or ["Nothing — you're all caught up."]
    theirs = [owes_line(f, reader, now) for f in owed_to_me] or ["Nobody owes you anything."]
    text = "*You owe*\n" + "\n".join(mine) + "\n\n*Owed to you*\n" + "\n".join(theirs)
    return f"You owe {len(owed)}; owed to you {len(owed_to_me)}.", [section(text)]


def scorecard_line(card: Scorecard) -> str:
    """One readable line of responsiveness."""
    judged = card.answered + card.lapsed
    if not judged:
        return (
            f"*{card.name}*: nothing answered or lapsed yet; "
            f"{card.open} open, {card.overdue} overdue."
        )
    answer_time = card.median_time_to_answer
    median = "—" if answer_time is None else duration(answer_time)
    return (
        f"*{card.name}*: {percent(card.within_window_share)} answered within the window "
        f"({card.answered_within_window} of {judged}), median time to answer {median} "
        f"(business time), {card.lapsed} lapsed; {card.open} open, {card.overdue} overdue."
    )


def home_view(
    owed: list[FollowUp],
    owed_to_me: list[FollowUp],
    card: Scorecard,
    reader: Member,
    now: datetime,
) -> dict[str, Any]:
    """The Home tab: I owe (with answers), owed to me (with Heard back), and my scorecard."""
    blocks: list[Block] = [header("Followthrough"), section(scorecard_line(card)), divider()]
    blocks.append(header(f"You owe ({len(owed)})"))
    for follow_up in owed[:HOME_ITEMS]:
        blocks += [section(owes_line(follow_up, reader, now)), answer_row(follow_up)]
    if not owed:
        blocks.append(context("Nothing — you're all caught up."))
    blocks += [divider(), header(f"Owed to you ({len(owed_to_me)})")]
    for follow_up in owed_to_me[:HOME_ITEMS]:
        heard = button("Heard back", f"{ANSWER_PREFIX}heard", str(follow_up.id))
        blocks += [
            section(owes_line(follow_up, reader, now)),
            actions(f"owed_{follow_up.id}", heard),
        ]
    if not owed_to_me:
        blocks.append(context("Nobody owes you anything."))
    blocks.append(context("`/followthrough help` lists every verb."))
    return {"type": "home", "blocks": blocks}
