"""Notices about call evidence: a follow-up closed by a phone system's call, and reopened."""

from __future__ import annotations

from bot.models import FollowUp, Member
from bot.outbox import Message
from handlers.ids import REOPEN_CALL
from handlers.render.blocks import actions, button, section
from handlers.render.escape import shown
from handlers.render.words import mention


def call_notice(follow_up: FollowUp, reader: Member) -> str:
    """For either party: which call closed which follow-up, and the one command that undoes it."""
    proof = shown(follow_up.resolution_note or "a call")
    what = shown(follow_up.what)
    undo = f"That wasn't about this? `/followthrough reopen {follow_up.ref}` opens it again."
    if reader.id == follow_up.creditor_id:
        said = f"{mention(follow_up.debtor)} called you back ({follow_up.ref}: {what})"
    else:
        said = f"Your call to {mention(follow_up.creditor)} closed {follow_up.ref} ({what})"
    return f"📞 {said}: {proof}. {undo}"


def call_notice_card(follow_up: FollowUp, reader: Member) -> Message:
    """The call notice with its one-click undo: "That wasn't about this" opens it again."""
    text = call_notice(follow_up, reader)
    undo = button("That wasn't about this", REOPEN_CALL, f"{follow_up.id}:{follow_up.version}")
    return Message(text, [section(text), actions(f"reopen_{follow_up.id}", undo)])


def reopened_notice(follow_up: FollowUp, actor: Member, evidence: str = "call") -> str:
    """For the other party: a follow-up a call (or an email) closed is open again."""
    return (
        f"{mention(actor)} reopened {follow_up.ref} ({shown(follow_up.what)}): the {evidence} "
        "wasn't about it, so it is owed again."
    )
