"""Job orders as people see them: a board entry or channel card, the board, menu options."""

from __future__ import annotations

from datetime import datetime

from bot.ledger import Board, JobClosed
from bot.models import FollowUp, JobOrder, JobOrderStatus, Member
from handlers.ids import JOB_SUBMIT
from handlers.render.blocks import BUTTON_LIMIT, Block, button, clip, context, plain, section
from handlers.render.escape import shown
from handlers.render.words import mention

SUBMIT_LABEL = "Submit a candidate"
REFS_SHOWN = 10


def job_details(job: JobOrder) -> list[str]:
    """Client, location, fee, split and guarantee, each as it is written ("split 60/40")."""
    fee = f"{job.fee_percent:g}% fee" if job.fee_percent else None
    split = f"split {job.split}" if job.split else None
    guarantee = f"{job.guarantee_days}-day guarantee" if job.guarantee_days else None
    parts = (shown(job.client), shown(job.location), fee, split, guarantee)
    return [part for part in parts if part]


def split_words(job: JobOrder) -> str | None:
    """The split spelled out for the importer, so nobody reads it the wrong way round."""
    if job.split_importer is None:
        return None
    theirs = 100 - job.split_importer
    return (
        f"split {job.split}: {job.split_importer}% to you, {theirs}% to the candidate's recruiter"
    )


def job_entry(job: JobOrder, now: datetime | None = None) -> Block:
    """One job order: title, details, owner and age, with a Submit button while it is open.

    Without `now` (a card in the job channel, which stays in place) no age is shown.
    """
    owner = f"{mention(job.importer)}" + (f" · posted {ago(job.created_at, now)}" if now else "")
    details = " · ".join(job_details(job))
    lines = [f"*{job.ref} {shown(job.title)}*", details, owner]
    block = section("\n".join(line for line in lines if line))
    if job.status is JobOrderStatus.OPEN:
        block["accessory"] = button(SUBMIT_LABEL, JOB_SUBMIT, job.ref)
    return block


def job_card(
    job: JobOrder, *, closed_by: Member | None = None, note: str | None = None
) -> tuple[str, list[Block]]:
    """The card announcing a job order in the job channel; once closed, what became of it."""
    entry = job_entry(job)
    if job.status is JobOrderStatus.OPEN:
        return f"New job order {job.ref} {shown(job.title)}", [entry]
    by = f" by {mention(closed_by)}" if closed_by else ""
    reason = f": {shown(note)}" if note else ""
    status = job.status.value
    return f"{job.ref} {shown(job.title)} is {status}", [
        entry,
        context(f"{'✅' if status == 'filled' else '⛔'} {status.capitalize()}{by}{reason}"),
    ]


def board_reply(board: Board, search: str | None, now: datetime) -> tuple[str, list[Block]]:
    """The `jobs` answer: a page of open job orders, newest first, each with a Submit button."""
    matching = f" matching “{shown(search)}”" if search else ""
    if not board.total:
        text = (
            f"No open job orders{matching}; `/followthrough jobs` lists them all."
            if search
            else "No open job orders yet. Post one with "
            "`/followthrough job Senior Java Developer client Acme fee 25%`."
        )
        return text, [section(text)]
    if not board.items:
        text = f"Nothing more: {board.total} open job order{_s(board.total)}{matching} in all."
        return text, [section(text)]
    heading = f"*Open job orders{matching}* ({board.total}), newest first"
    blocks = [section(heading), *(job_entry(job, now) for job in board.items)]
    if board.more:
        words = f"{shown(search)} " if search else ""
        blocks.append(
            context(f"…and {board.more} more — `jobs {words}{board.number + 1}` for the next page")
        )
    return f"{board.total} open job order{_s(board.total)}{matching}.", blocks


def job_option(job: JobOrder) -> Block:
    """A job order as a menu option: "JO-3 Quant Analyst · HSBC" (plain text, no markup)."""
    label = f"{job.ref} {job.title}" + (f" · {job.client}" if job.client else "")
    return {"text": plain(clip(label, BUTTON_LIMIT)), "value": job.ref}


def posted_reply(job: JobOrder, channel: str | None) -> str:
    """What the importer reads after posting a job order."""
    details = [part for part in job_details(job) if not part.startswith("split ")]
    details += [words] if (words := split_words(job)) else []
    extra = f" ({' · '.join(details)})" if details else ""
    announced = f" Announced in <#{channel}>." if channel else ""
    note = f" Terms note: “{shown(job.terms_note)}”." if job.terms_note else ""
    terms = " Each exporter accepts these terms before their first submittal." if job.split else ""
    return (
        f"Posted *{job.ref} {shown(job.title)}*{extra}.{note} "
        f"Partners submit with `for {job.ref}`.{terms}{announced}"
    )


def closed_reply(closed: JobClosed) -> str:
    """What the importer (or admin) reads after closing or filling a job order."""
    job = closed.job
    did = "Marked" if job.status is JobOrderStatus.FILLED else "Closed"
    how = " filled" if job.status is JobOrderStatus.FILLED else ""
    reason = f" ({shown(closed.reason)})" if closed.reason else ""
    lines = [f"{did} *{job.ref} {shown(job.title)}*{how}{reason}; it's off the `jobs` board."]
    if closed.awaiting:
        count = len(closed.awaiting)
        verb = "still awaits" if count == 1 else "still await"
        lines.append(f"{count} submission{_s(count)} {verb} an answer: {_refs(closed.awaiting)}.")
    if closed.other:
        count = len(closed.other)
        lines.append(
            f"{count} other follow-up{_s(count)} about it {'is' if count == 1 else 'are'} "
            f"still open: {_refs(closed.other)}."
        )
    return "\n".join(lines)


def ago(then: datetime, now: datetime) -> str:
    """How long ago, roughly: "just now", "25m ago", "5h ago", "3d ago"."""
    minutes = int((now - then).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes}m ago"
    if minutes < 24 * 60:
        return f"{minutes // 60}h ago"
    return f"{minutes // (24 * 60)}d ago"


def _refs(follow_ups: list[FollowUp]) -> str:
    refs = [f.ref for f in follow_ups]
    shown_refs = ", ".join(refs[:REFS_SHOWN])
    return shown_refs + (f" and {len(refs) - REFS_SHOWN} more" if len(refs) > REFS_SHOWN else "")


def _s(count: int) -> str:
    return "" if count == 1 else "s"
