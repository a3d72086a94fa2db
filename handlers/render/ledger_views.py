"""Lists, scorecards and the App Home dashboard."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.ledger import Page, Scorecard
from bot.ledger.pipeline import Deal, Stage
from bot.models import FollowUpKind, Member
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
from handlers.render.words import duration, mention, owes_line, percent

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
        + _deal_clocks(card)
    )


CLOCK_WORDS = {
    FollowUpKind.GIVE_FEEDBACK: "interview feedback",
    FollowUpKind.REPORT_PLACEMENT: "placements reported",
    FollowUpKind.PAY_SHARE: "partners paid",
}


def _deal_clocks(card: Scorecard) -> str:
    """ " Deals: interview feedback on time 2 of 3, partners paid on time 1 of 1." """
    kept = [
        f"{words} on time {card.deal_clocks[kind][0]} of {card.deal_clocks[kind][1]}"
        for kind, words in CLOCK_WORDS.items()
        if kind in card.deal_clocks
    ]
    return f" Deals: {', '.join(kept)}." if kept else ""


def home_view(
    owed: Page,
    owed_to_me: Page,
    card: Scorecard,
    reader: Member,
    now: datetime,
    deals: tuple[list[Deal], int] | None = None,
) -> dict[str, Any]:
    """The Home tab: I owe (with answers), owed to me (with Heard back), my scorecard, and my
    open deals by stage."""
    blocks: list[Block] = [header("Followthrough"), section(scorecard_line(card)), divider()]
    if deals is not None and deals[1]:
        blocks += [*deal_blocks(*deals, reader), divider()]
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


def deal_blocks(deals: list[Deal], total: int, reader: Member) -> list[Block]:
    """Open deals grouped by stage, furthest along first, one line each."""
    lines: list[str] = []
    for stage in reversed(list(Stage)):
        here = [deal for deal in deals if deal.stage is stage]
        if here:
            lines.append(f"*{stage.value}*")
            lines += [f"• {_deal_line(deal, reader)}" for deal in here]
    blocks: list[Block] = [header(f"Open deals ({total})"), section("\n".join(lines)[:2900])]
    if total > len(deals):
        blocks.append(context(f"…and {total - len(deals)} more: `timeline JO-…` shows a job's."))
    return blocks


def _deal_line(deal: Deal, reader: Member) -> str:
    submission = deal.submission
    other = submission.importer if submission.exporter_id == reader.id else submission.exporter
    job = submission.job_order
    on = f" for {job.ref} {shown(job.title)}" if job else ""
    ref = f" · {deal.placement.ref}" if deal.placement else ""
    return f"{shown(submission.candidate)}{on} · with {mention(other)}{ref}"


def _more_at_home(page: Page, empty: str) -> list[Block]:
    if not page.total:
        return [context(empty)]
    hidden = page.total - min(len(page.items), HOME_ITEMS)
    if hidden <= 0:
        return []
    return [context(f"…and {hidden} more: `/followthrough list` shows them all, a page at a time.")]
