"""Split terms in words: on the card asking an exporter to accept them, and on every later card."""

from __future__ import annotations

from bot.ledger import SubmissionRecorded
from bot.models import FollowUp, Member, Submission, TermsAcceptance, Workspace
from handlers.render.blocks import Block, context, section
from handlers.render.escape import shown
from handlers.render.words import mention, when


def terms_words(
    split_importer: int,
    fee_percent: float | None,
    guarantee_days: int | None,
    importer: Member | None = None,
) -> str:
    """ "split 50/50 (50% to @Dana, the importer; 50% to the candidate's recruiter) · 25% fee ·
    90-day guarantee": the split spelled out so nobody reads it the wrong way round."""
    theirs = 100 - split_importer
    who = f"{mention(importer)}, the importer" if importer else "the importer"
    parts = [
        f"split {split_importer}/{theirs} ({split_importer}% to {who}; "
        f"{theirs}% to the candidate's recruiter)"
    ]
    if fee_percent:
        parts.append(f"{fee_percent:g}% fee")
    if guarantee_days:
        parts.append(f"{guarantee_days}-day guarantee")
    return " · ".join(parts)


def defaults_words(workspace: Workspace) -> str:
    """The workspace's default terms and the deal's clocks, for the settings summary."""
    days = workspace.feedback_days or 1
    clocks = (
        f" Interview feedback is due {days} business day{'' if days == 1 else 's'} after the "
        f"interview (`settings feedback 1d`), the placement report "
        f"{workspace.placement_days or 7} after an accepted offer (`placement 7d`), the "
        f"partner's share {workspace.payout_days or 1} after the client pays (`payout 1d`); "
        f"a first submittal owns a candidate for {workspace.ownership_days or 180} days "
        "(`ownership 180d`)."
    )
    return _default_terms(workspace) + clocks


def _default_terms(workspace: Workspace) -> str:
    if workspace.default_split_importer is None:
        extra = [
            f"{workspace.default_fee_percent:g}% fee" if workspace.default_fee_percent else "",
            f"{workspace.default_guarantee_days}-day guarantee"
            if workspace.default_guarantee_days
            else "",
        ]
        named = " · ".join(part for part in extra if part)
        also = f" (defaults: {named})" if named else ""
        return (
            f" New job orders have no split terms unless they name one{also}; admins set "
            "defaults with `settings split 50/50 fee 25% guarantee 90d`."
        )
    terms = terms_words(
        workspace.default_split_importer,
        workspace.default_fee_percent,
        workspace.default_guarantee_days,
    )
    return (
        f" New job orders that name no terms take {terms}; exporters accept them before "
        "their first submittal."
    )


def acceptance_card(follow_up: FollowUp) -> list[Block]:
    """What the exporter is asked to accept, with the job order's note in its own words."""
    job = follow_up.job_order
    assert job is not None
    assert job.split_importer is not None
    client = f" ({shown(job.client)})" if job.client else ""
    submission = follow_up.submission
    candidate = f" *{shown(submission.candidate)}*" if submission else " your candidate"
    lines = [
        f"*{job.ref} {shown(job.title)}*{client} is posted by {mention(job.importer)} under "
        "these terms. Accept them, in writing, before" + candidate + " goes to them:",
        "• " + terms_words(job.split_importer, job.fee_percent, job.guarantee_days, job.importer),
    ]
    blocks = [section("\n".join(lines))]
    if job.terms_note:
        blocks.append(context(f"Terms note: “{shown(job.terms_note)}”"))
    return blocks


def accepted_line(follow_up: FollowUp, reader: Member) -> list[Block]:
    """ "Terms accepted by @Erin Thu 19 Nov, 10:00 AM: split 50/50 …", on every card about a
    submission that went under accepted terms."""
    submission = follow_up.submission
    accepted: TermsAcceptance | None = submission.terms if submission else None
    if accepted is None or submission is None:
        return []
    by = "you" if accepted.accepted_by_id == reader.id else mention(accepted.accepted_by)
    terms = terms_words(accepted.split_importer, accepted.fee_percent, accepted.guarantee_days)
    note = f" · note: “{shown(accepted.note)}”" if accepted.note else ""
    stamp = when(accepted.accepted_at, reader)
    return [context(f"Terms accepted by {by} {stamp}: {terms}{note}")]


def awaiting_terms_reply(recorded: SubmissionRecorded) -> str:
    """What the exporter reads after submitting under terms they have yet to accept."""
    follow_up, submission = recorded.follow_up, recorded.submission
    job = follow_up.job_order
    assert job is not None
    held = f"Recorded *{shown(submission.candidate)}* for *{job.ref} {shown(job.title)}*."
    importer = mention(follow_up.creditor)
    if recorded.joined:
        return (
            f"{held} It goes to {importer} with the others once you accept {job.ref}'s terms "
            f"({follow_up.ref}, the card in your DMs)."
        )
    return (
        f"{held} Before {importer} is asked, accept {job.ref}'s split terms: they are on the "
        f"card in your DMs ({follow_up.ref}), one click."
    )


def duplicate_words(submission: Submission, first: Submission, reader: Member) -> str:
    """Who submitted the candidate to the client first, and when: the first submittal owns them
    for the ownership window (the reader is the importer or the second exporter)."""
    job = submission.job_order
    client = shown(job.client) if job and job.client else "this client"
    by = "you" if first.exporter_id == reader.id else mention(first.exporter)
    to = "you" if first.importer_id == reader.id else mention(first.importer)
    where = f" for {first.job_order.ref}" if first.job_order else ""
    second = "your" if submission.exporter_id == reader.id else f"{mention(submission.exporter)}'s"
    return (
        f"Heads-up on ownership: *{shown(first.candidate)}* was submitted to {client} first by "
        f"{by} (to {to}{where}) on {when(first.created_at, reader)}. The first documented "
        f"submittal owns the candidate, so {second} submittal of *{shown(submission.candidate)}* "
        "comes second."
    )
