"""Acceptance, placement and payment as the partners read them."""

from __future__ import annotations

from bot.ledger.payments import PaymentRecorded, exporter_percent, share_of
from bot.ledger.placements import OfferAccepted, Placed, fee_of
from bot.models import FollowUp, FollowUpKind, Member, Placement
from bot.outbox import Message
from handlers.ids import ANSWER_PREFIX
from handlers.render.blocks import actions, button, section
from handlers.render.escape import shown
from handlers.render.words import for_both, mention, zoned

RECEIVED = "Received"


def offer_notice(report: FollowUp, actor: Member, reader: Member) -> str:
    """The exporter hears the candidate said yes, and when the placement report is due."""
    submission = report.submission
    assert submission is not None
    return (
        f"{mention(actor)} recorded that *{shown(submission.candidate)}*{_job(report)} accepted "
        f"the offer. {mention(report.debtor)} owes you the placement report (start date and "
        f"fee) by {zoned(report.due_at, reader)} ({report.ref})."
    )


def accepted_reply(accepted: OfferAccepted, reader: Member) -> str:
    """What the person who recorded the acceptance reads."""
    report, submission = accepted.report, accepted.submission
    importer = "you owe" if report.debtor_id == reader.id else f"{mention(report.debtor)} owes"
    other = report.creditor if report.debtor_id == reader.id else report.debtor
    return (
        f"Recorded: *{shown(submission.candidate)}* accepted the offer. {report.ref}: {importer} "
        f"the placement report by {for_both(report.due_at, reader, other)} — "
        f"`placed {report.ref} start 2027-01-04 fee $25,000`."
    )


def placement_words(placement: Placement) -> str:
    """“P-1 · Jane Doe for JO-1 Java Developer · starts Mon 04 Jan 2027 · fee $25,000”"""
    submission = placement.submission
    job = submission.job_order
    on = f" for {job.ref} {shown(job.title)}" if job else ""
    starts = placement.start_date.strftime("%a %d %b %Y")
    return (
        f"{placement.ref} · *{shown(submission.candidate)}*{on} · starts {starts} · "
        f"fee {fee_of(placement)}"
    )


def placed_notice(placement: Placement, reader: Member) -> str:
    """The exporter hears of the placement, with the share the terms give them."""
    importer = placement.submission.importer
    percent = exporter_percent(placement)
    share = (
        f" Your share ({percent}%): {fee_of(placement).times(percent)} once the client pays."
        if percent is not None
        else " No split is on record for it."
    )
    return f"{mention(importer)} reported the placement: {placement_words(placement)}.{share}"


def placed_reply(placed: Placed, reader: Member) -> str:
    """What the importer reads after reporting a placement."""
    exporter = placed.placement.submission.exporter
    return (
        f"Placed: {placement_words(placed.placement)}. {mention(exporter)} is told. When the "
        f"client pays, run `paid {placed.placement.ref}` (or `paid {placed.placement.ref} "
        "<amount>` for part of it)."
    )


def paid_notice(owed: FollowUp, reader: Member) -> Message:
    """The exporter hears the client paid; their Received button closes the importer's debt."""
    placement = owed.placement
    assert placement is not None
    share = share_of(placement)
    amount = f"your share, *{share}*," if share else "your share (no split is on record)"
    text = (
        f"{mention(owed.debtor)} recorded the client's payment for {placement.ref}: "
        f"{amount} is due to you by {zoned(owed.due_at, reader)} ({owed.ref}). Click "
        f"*{RECEIVED}* or run `received {placement.ref}` when it arrives."
    )
    value = f"{owed.id}:{owed.version}"  # like every answer button: the version it was shown at
    received = button(RECEIVED, f"{ANSWER_PREFIX}done", value, "primary")
    return Message(text, [section(text), actions(f"received_{owed.id}", received)])


def paid_reply(recorded: PaymentRecorded, reader: Member) -> str:
    """What the importer reads after recording the client's payment."""
    owed = recorded.owed
    share = f"*{recorded.share}*" if recorded.share else "their share (no split is on record)"
    return (
        f"Recorded the client's payment of {recorded.paid} for {recorded.placement.ref}. "
        f"{owed.ref}: you owe {mention(owed.creditor)} {share} by "
        f"{for_both(owed.due_at, reader, owed.creditor)}."
    )


def falloff_notice(
    placement: Placement, actor: Member, owed: FollowUp | None, reader: Member
) -> str:
    """A partner hears the placement fell off, the reason as typed, and what is owed now."""
    reason = shown(placement.falloff_reason)
    told = f"{mention(actor)} reported that {placement_words(placement)} fell off: “{reason}”"
    if owed is None:
        return f"{told}. It is outside the guarantee; nothing is owed."
    who = "You owe" if owed.debtor_id == reader.id else f"{mention(owed.debtor)} owes"
    return (
        f"{told}. Inside the guarantee: {who} *{shown(owed.what)}* by "
        f"{zoned(owed.due_at, reader)} ({owed.ref})."
    )


def falloff_reply(placement: Placement, owed: FollowUp | None, reader: Member) -> str:
    """What the partner who reported the fall-off reads."""
    if owed is None:
        return f"Recorded: {placement.ref} fell off, outside the guarantee. Both of you know."
    who = "you owe" if owed.debtor_id == reader.id else f"{mention(owed.debtor)} owes"
    return (
        f"Recorded: {placement.ref} fell off inside the guarantee. {owed.ref}: {who} "
        f"*{shown(owed.what)}* by {zoned(owed.due_at, reader)}."
    )


def guarantee_note(placement: Placement, reader: Member) -> str:
    """The note a week before a guarantee ends."""
    assert placement.guarantee_until is not None
    ends = placement.guarantee_until.strftime("%a %d %b %Y")
    return (
        f"A week to go: the guarantee of {placement_words(placement)} ends {ends}. If the "
        f"placement is at risk, talk now; a fall-off is reported with `falloff {placement.ref} "
        "<reason>`."
    )


def intro(follow_up: FollowUp) -> str | None:
    """The debtor's card's first line for a placement report, a partner's share or a
    guarantee to settle."""
    if follow_up.kind is FollowUpKind.GUARANTEE and follow_up.placement is not None:
        return (
            f"{follow_up.placement.ref} fell off inside its guarantee "
            f"(“{shown(follow_up.placement.falloff_reason)}”); settle it with "
            f"{mention(follow_up.creditor)}."
        )
    if follow_up.placement is not None:
        return (
            f"The client paid for {follow_up.placement.ref}; {mention(follow_up.creditor)} "
            "confirms with *Received* once their share arrives."
        )
    submission = follow_up.submission
    if submission is None:
        return None
    return (
        f"*{shown(submission.candidate)}*{_job(follow_up)} accepted the offer: tell "
        f"{mention(follow_up.creditor)} the start date and the fee with "
        f"`placed {follow_up.ref} start … fee …`."
    )


def _job(follow_up: FollowUp) -> str:
    job = follow_up.job_order
    return f" for *{job.ref} {shown(job.title)}*" if job else ""
