"""DM cards about one follow-up: what the debtor owes (with buttons), and what happened next."""

from __future__ import annotations

from datetime import datetime

from bot.models import FollowUp, FollowUpKind, Member, Resolution
from bot.outbox import Message
from handlers.ids import ANSWER_PREFIX, GIVE_FEEDBACK, SNOOZE_ONE_DAY
from handlers.render import interviews, placements, terms
from handlers.render.blocks import Block, actions, button, context, section
from handlers.render.escape import shown
from handlers.render.words import mention, when

Card = tuple[str, list[Block]]

DONE_WORDS = {
    FollowUpKind.SEND_CANDIDATES: "I sent them",
    FollowUpKind.GET_INFO: "I sent the information",
    FollowUpKind.ACCEPT_TERMS: "Accept terms",
    FollowUpKind.GUARANTEE: "Settled",
}
PLACEMENT_KINDS = frozenset(
    {FollowUpKind.REPORT_PLACEMENT, FollowUpKind.PAY_SHARE, FollowUpKind.GUARANTEE}
)
OUTCOME_WORDS = {
    Resolution.INTERESTED: "Interested",
    Resolution.NEED_MORE_INFO: "Need more info",
    Resolution.PASSED: "Pass",
    Resolution.CALLED_BACK: "I called back",
    Resolution.EMAILED_BACK: "I emailed back",
    Resolution.DONE: "Done",
    Resolution.HEARD: "Heard back",
    Resolution.CANCELLED: "Cancelled",
    Resolution.LAPSED: "Lapsed",
}


def debtor_card(follow_up: FollowUp, now: datetime) -> Card:
    """The card that tells a debtor what they owe, with one-click answers."""
    debtor = follow_up.debtor
    due = when(follow_up.due_at, debtor)
    owed = f"You owe {mention(follow_up.creditor)}: *{shown(follow_up.what)}* by *{due}*."
    blocks = [section(f"{_intro(follow_up)}\n{owed}"), *_note(follow_up)]
    if follow_up.kind is FollowUpKind.ACCEPT_TERMS:
        blocks[1:1] = terms.acceptance_card(follow_up)
    blocks += terms.accepted_line(follow_up, debtor)
    # A time picked in a form is stored as a UTC instant; the line above shows it locally.
    picked = follow_up.window.endswith(" UTC")
    window = "due at the time picked" if picked else f"window {follow_up.window}"
    blocks.append(context(f"{follow_up.ref} · {window}"))
    blocks.append(answer_row(follow_up))
    return f"{_summary(follow_up)} — please answer by {due}.", blocks


def closed_card(follow_up: FollowUp, reader: Member) -> Card:
    """The same card once answered: the outcome in place of the buttons."""
    outcome = OUTCOME_WORDS.get(follow_up.resolution or Resolution.DONE, "Done")
    blocks = [section(_intro(follow_up)), *_note(follow_up)]
    blocks += terms.accepted_line(follow_up, reader)
    blocks.append(outcome_context(follow_up, reader))
    return f"{_summary(follow_up)} — answered {outcome}.", blocks


def outcome_context(follow_up: FollowUp, reader: Member) -> Block:
    """The line that replaces the buttons once a follow-up is closed."""
    outcome = OUTCOME_WORDS.get(follow_up.resolution or Resolution.DONE, "Done")
    by = "You" if follow_up.resolved_by_id == reader.id else _resolver(follow_up)
    stamp = when(follow_up.resolved_at or follow_up.due_at, reader)
    reason = f": {shown(follow_up.resolution_note)}" if follow_up.resolution_note else ""
    if follow_up.kind is FollowUpKind.GET_INFO and follow_up.resolution is Resolution.DONE:
        return context(f"✅ {by} sent the information{reason} · {stamp} · {follow_up.ref}")
    if follow_up.kind is FollowUpKind.ACCEPT_TERMS and follow_up.resolution is Resolution.DONE:
        return context(f"✅ {by} accepted the terms · {stamp} · {follow_up.ref}")
    if follow_up.kind is FollowUpKind.GIVE_FEEDBACK and follow_up.resolution is Resolution.DONE:
        return context(f"✅ {by} gave feedback{reason} · {stamp} · {follow_up.ref}")
    if follow_up.kind is FollowUpKind.PAY_SHARE and follow_up.resolution is Resolution.DONE:
        return context(f"✅ {by} received the share · {stamp} · {follow_up.ref}")
    if follow_up.kind is FollowUpKind.REPORT_PLACEMENT and follow_up.resolution is Resolution.DONE:
        return context(f"✅ {by} reported the placement{reason} · {stamp} · {follow_up.ref}")
    return context(f"✅ {by} answered *{outcome}*{reason} · {stamp} · {follow_up.ref}")


def answer_row(follow_up: FollowUp) -> Block:
    """The one-click answers that fit what is owed: a submission is answered with a decision,
    a promise or a question with "done", a call or email with how it was returned."""
    value = button_value(follow_up)
    done = button(DONE_WORDS.get(follow_up.kind, "Done"), f"{ANSWER_PREFIX}done", value, "primary")
    if follow_up.kind is FollowUpKind.RESPOND:
        buttons = [
            button("Interested", f"{ANSWER_PREFIX}interested", value, "primary"),
            button("Need more info", f"{ANSWER_PREFIX}need_more_info", value),
            button("Pass", f"{ANSWER_PREFIX}passed", value, "danger"),
        ]
    elif follow_up.kind is FollowUpKind.GIVE_FEEDBACK:
        buttons = [button("Give feedback", GIVE_FEEDBACK, value, "primary")]
    elif follow_up.kind in {FollowUpKind.REPORT_PLACEMENT, FollowUpKind.PAY_SHARE}:
        buttons = []  # answered by `placed …`, and by the exporter's Received
    elif follow_up.kind in DONE_WORDS:
        buttons = [done]
    else:
        buttons = [
            button("I called back", f"{ANSWER_PREFIX}called_back", value),
            button("I emailed back", f"{ANSWER_PREFIX}emailed_back", value),
            done,
        ]
    buttons.append(button("Snooze 1 day", SNOOZE_ONE_DAY, value))
    return actions(f"follow_up_{follow_up.id}", *buttons)


def pick_an_answer(follow_up: FollowUp, importer: Member) -> Message:
    """After an importer's reply about a submission: which answer is it? (one click)"""
    subject = _subject(follow_up)
    text = (
        f"Thanks — I've passed your words to {mention(follow_up.creditor)}. Is {subject} "
        f"*Interested*, *Need more info* or *Pass*? ({follow_up.ref})"
    )
    return Message(
        f"Interested, Need more info or Pass? ({follow_up.ref})",
        [
            section(text),
            answer_row(follow_up),
        ],
    )


def button_value(follow_up: FollowUp) -> str:
    """What a button carries: the follow-up and the version it was shown at (`7:3`)."""
    return f"{follow_up.id}:{follow_up.version}"


def outcome_notice(follow_up: FollowUp, actor: Member | None, reader: Member) -> str:
    """One line telling a party what the other did about a follow-up."""
    who = "Followthrough" if actor is None else mention(actor)
    subject = _subject(follow_up)
    note = f": “{shown(follow_up.resolution_note)}”" if follow_up.resolution_note else ""
    end = note or "."  # a sentence that ends with their quoted words takes no extra full stop
    what = shown(follow_up.what)
    how = follow_up.resolution
    if how is Resolution.INTERESTED:
        return f"{who} is *interested* in {subject} ({follow_up.ref})."
    if how is Resolution.NEED_MORE_INFO:
        return f"{who} needs *more info* about {subject} ({follow_up.ref}){end}"
    if how is Resolution.PASSED:
        return f"{who} *passed* on {subject} ({follow_up.ref}){end}"
    if how is Resolution.CALLED_BACK:
        return f"{who} called you back ({follow_up.ref}: {what})."
    if how is Resolution.EMAILED_BACK:
        return f"{who} emailed you back ({follow_up.ref}: {what})."
    if how is Resolution.CANCELLED:
        return f"{who} cancelled {follow_up.ref} ({what}){end}"
    if how is Resolution.HEARD:
        return f"{who} marked {follow_up.ref} as heard back ({what}). Thanks!"
    if follow_up.kind is FollowUpKind.ACCEPT_TERMS:
        return f"{who} accepted the terms{_job(follow_up)} ({follow_up.ref})."
    if follow_up.kind is FollowUpKind.GIVE_FEEDBACK and how is Resolution.DONE:
        return interviews.feedback_given(follow_up, who)
    if follow_up.kind is FollowUpKind.PAY_SHARE and how is Resolution.DONE:
        return f"{who} received their share ({follow_up.ref}: {what}). Thanks!"
    if follow_up.kind is FollowUpKind.GET_INFO and follow_up.submission is not None:
        return f"{who} sent the information you asked for about {subject} ({follow_up.ref}){end}"
    return f"{who} marked {follow_up.ref} done ({what}){end}"


def reply_relayed(follow_up: FollowUp, replier: Member, words: str) -> str:
    """The importer's reply about a submission, word for word, for the exporter."""
    return (
        f"{mention(replier)} replied about {_subject(follow_up)} ({follow_up.ref}): "
        f"“{shown(words)}”\nThey haven't picked Interested, Need more info or Pass yet; "
        "I've asked them to."
    )


def heard_notice(follow_ups: list[FollowUp], actor: Member) -> str:
    """One line telling the debtor the creditor heard back from them about these."""
    items = "; ".join(f"{f.ref}: {shown(f.what)}" for f in follow_ups[:10])
    more = f"; and {len(follow_ups) - 10} more" if len(follow_ups) > 10 else ""
    return f"{mention(actor)} marked {items}{more} as heard back from you. Thanks!"


def snoozed_notice(follow_up: FollowUp, actor: Member, reader: Member) -> str:
    """One line telling a party that a follow-up got more time."""
    due = when(follow_up.due_at, reader)
    what = shown(follow_up.what)
    return f"{mention(actor)} snoozed {follow_up.ref} ({what}); it is now due {due}."


def intro(follow_up: FollowUp) -> str:
    """What the follow-up is about, from the debtor's side."""
    return _intro(follow_up)


def note_blocks(follow_up: FollowUp) -> list[Block]:
    """The note that came with the submission, conversation or question, if any."""
    return _note(follow_up)


def _intro(follow_up: FollowUp) -> str:
    creditor, submission = mention(follow_up.creditor), follow_up.submission
    if follow_up.kind is FollowUpKind.RESPOND and submission is not None and follow_up.detail:
        candidate = shown(submission.candidate)
        return (
            f"{creditor} sent the information you asked for about *{candidate}*{_job(follow_up)}."
        )
    if follow_up.kind is FollowUpKind.RESPOND and submission is not None:
        return f"{creditor} submitted *{shown(submission.candidate)}*{_job(follow_up)} to you."
    if follow_up.kind is FollowUpKind.GET_INFO and submission is not None:
        candidate = shown(submission.candidate)
        return f"{creditor} needs more information about *{candidate}*{_job(follow_up)}."
    if follow_up.kind is FollowUpKind.SEND_CANDIDATES:
        return f"You promised {creditor} candidates{_job(follow_up)}."
    if follow_up.kind is FollowUpKind.GIVE_FEEDBACK:
        return interviews.intro(follow_up)
    if follow_up.kind in PLACEMENT_KINDS:
        return placements.intro(follow_up) or f"{creditor} is waiting on you."
    if follow_up.kind is FollowUpKind.ACCEPT_TERMS:
        return f"Your submittal to {creditor}{_job(follow_up)} waits on its split terms."
    return f"{creditor} is waiting to hear back from you{_job(follow_up, 'about')}."


def _summary(follow_up: FollowUp) -> str:
    return f"{shown(follow_up.creditor.name)} is waiting: {shown(follow_up.what)} ({follow_up.ref})"


def _subject(follow_up: FollowUp) -> str:
    submission = follow_up.submission
    if submission is not None:
        return f"*{shown(submission.candidate)}*{_job(follow_up)}"
    return shown(follow_up.what)


def _job(follow_up: FollowUp, word: str = "for") -> str:
    job = follow_up.job_order
    if job is None:
        return ""
    client = f" ({shown(job.client)})" if job.client else ""
    return f" {word} *{job.ref} {shown(job.title)}*{client}"


def _note(follow_up: FollowUp) -> list[Block]:
    submission, conversation = follow_up.submission, follow_up.conversation
    if follow_up.kind is FollowUpKind.GET_INFO and submission is not None:
        question = follow_up.detail or submission.outcome_reason
        asks = f"{mention(follow_up.creditor)} asks: “{shown(question)}”" if question else None
        return [context(asks)] if asks else []
    if follow_up.kind is FollowUpKind.RESPOND and submission is not None and follow_up.detail:
        asked = submission.outcome_reason
        lines = [f"You asked: “{shown(asked)}”"] if asked else []
        lines.append(f"{mention(follow_up.creditor)}: “{shown(follow_up.detail)}”")
        return [context("\n".join(lines))]
    if submission is not None:
        note = submission.note
    else:
        note = conversation.note if conversation is not None else None
    return [context(f"Note: {shown(note)}")] if note else []


def _resolver(follow_up: FollowUp) -> str:
    if follow_up.resolved_by_id == follow_up.debtor_id:
        return mention(follow_up.debtor)
    if follow_up.resolved_by_id == follow_up.creditor_id:
        return mention(follow_up.creditor)
    return "An admin" if follow_up.resolved_by_id else "Followthrough"
