"""Notices about email evidence: a follow-up closed by an email, a vacation set by an auto-reply."""

from __future__ import annotations

from datetime import date, timedelta

from bot.models import FollowUp, FollowUpKind, Member
from bot.outbox import Message
from handlers.ids import REOPEN_CALL
from handlers.render.blocks import actions, button, section
from handlers.render.escape import shown
from handlers.render.words import mention


def email_notice(follow_up: FollowUp, reader: Member) -> str:
    """For either party: which email closed which follow-up, and the one command that undoes it.

    A submission's answer is a decision the email's words are not read for: the notice says
    none was recorded, so the exporter reads the email itself.
    """
    proof = shown(follow_up.resolution_note or "an email")
    what = shown(follow_up.what)
    undo = f"That wasn't about this? `/followthrough reopen {follow_up.ref}` opens it again."
    answer = follow_up.kind is FollowUpKind.RESPOND
    if reader.id == follow_up.creditor_id:
        said = f"{mention(follow_up.debtor)} emailed you back ({follow_up.ref}: {what})"
        if answer:
            said = f"{mention(follow_up.debtor)} answered you by email ({follow_up.ref}: {what})"
    else:
        said = f"Your email to {mention(follow_up.creditor)} closed {follow_up.ref} ({what})"
    text = f"✉️ {said}: {proof}."
    if answer:
        text += (
            " An email doesn't tell me Interested, Need more info or Pass, so no decision is "
            "recorded: the email itself is the answer."
        )
    return f"{text} {undo}"


def email_notice_card(follow_up: FollowUp, reader: Member) -> Message:
    """The email notice with its one-click undo: "That wasn't about this" opens it again."""
    text = email_notice(follow_up, reader)
    undo = button("That wasn't about this", REOPEN_CALL, f"{follow_up.id}:{follow_up.version}")
    return Message(text, [section(text), actions(f"reopen_{follow_up.id}", undo)])


def vacation_from_email(member: Member, back_on: date) -> str:
    """For the member whose out-of-office reply was seen: the vacation it set."""
    last = back_on - timedelta(days=1)
    return (
        f"🌴 Your out-of-office reply says you're back on {back_on:%a %d %b}, so I've set your "
        f"vacation until the end of {last:%a %d %b}: reminders wait and windows stop until then. "
        "`/followthrough profile vacation off` undoes it."
    )
