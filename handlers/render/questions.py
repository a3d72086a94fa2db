"""Questions the bot asks instead of guessing, each choice one click."""

from __future__ import annotations

from datetime import datetime

from bot.models import FollowUp, Member, Question
from handlers.ids import QUESTION_PREFIX
from handlers.render.blocks import Block, actions, button, context, section
from handlers.render.escape import shown
from handlers.render.words import mention, when

Rendered = tuple[str, list[Block]]
REPLY_WORDS = {"call": "a call back", "email": "an email back", "talk": "a reply"}
MOST_CHOICES = 10  # items offered as buttons; more are named and answered with `done F-…`


def choice(question: Question, key: str, label: str, style: str | None = None) -> Block:
    """A button answering `question` with `key`."""
    return button(label, f"{QUESTION_PREFIX}{key}", f"{question.id}:{key}", style)


def who_owes_question(question: Question, verb: str, partner: Member, note: str | None) -> Rendered:
    """After a note that points both ways: who owes the next move?"""
    name = partner.name
    kind = {"call": "call", "email": "email"}.get(verb, "talk")
    said = f"\nYour note: “{shown(note)}”" if note else ""
    blocks = [
        section(
            f"Who owes the next move after your {kind} with {mention(partner)}? "
            f"I'd rather ask than nudge the wrong person.{said}"
        ),
        actions(
            f"question_{question.id}",
            choice(question, "partner", f"{name} owes me {REPLY_WORDS.get(verb, 'a reply')}"),
            choice(question, "caller", f"I owe {name} a reply"),
            choice(question, "candidates", f"I owe {name} candidates"),
            choice(question, "nobody", "Nobody owes anything"),
        ),
    ]
    return f"Who owes the next move after your {kind} with {name}?", blocks


def which_heard_question(
    question: Question, partner: Member, owed: list[FollowUp], reader: Member, now: datetime
) -> Rendered:
    """`heard @partner` while they owe several things: which did they get back to you about?"""
    lines = [
        f"*{f.ref}* · {shown(f.what)} · due {when(f.due_at, reader)}"
        + (" *(overdue)*" if f.due_at < now else "")
        for f in owed
    ]
    offered = owed[:MOST_CHOICES]
    more = len(owed) - len(offered)
    blocks = [
        section(
            f"{mention(partner)} owes you {len(owed)} things. Which did they get back to you "
            "about?\n" + "\n".join(lines[:MOST_CHOICES])
        ),
    ]
    if more:
        blocks.append(context(f"…and {more} more: answer those with `done F-…`."))
    buttons = [choice(question, str(f.id), f.ref) for f in offered]
    for start in range(0, len(buttons), 5):
        blocks.append(actions(f"question_{question.id}_{start}", *buttons[start : start + 5]))
    blocks.append(
        actions(
            f"question_{question.id}_all",
            choice(question, "all", f"All {len(owed)}", "primary"),
        )
    )
    return f"{partner.name} owes you {len(owed)} things: which did they get back to you about?", (
        blocks
    )
