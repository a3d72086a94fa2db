"""Small pieces of wording shared by every message: names, times, follow-up lines."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.models import FollowUp, Member
from bot.windows.zones import zone
from handlers.render.escape import shown


def mention(member: Member) -> str:
    """A Slack mention, which each reader's client shows as the person's name."""
    return f"<@{member.slack_user_id}>"


def when(at: datetime, reader: Member) -> str:
    """An instant in the reader's timezone, e.g. 'Fri 20 Nov, 5:00 PM'."""
    local = at.astimezone(zone(reader.timezone))
    return local.strftime("%a %d %b, %I:%M %p").replace(", 0", ", ")


def duration(span: timedelta) -> str:
    """A business duration in hours and minutes, e.g. '3h 20m' (working days vary in length)."""
    hours, minutes = divmod(int(span.total_seconds() // 60), 60)
    if not hours:
        return f"{minutes}m"
    return f"{hours}h" if not minutes else f"{hours}h {minutes}m"


def owes_line(follow_up: FollowUp, reader: Member, now: datetime) -> str:
    """'F-7 · @Dana owes you: respond to Jane Doe · due Fri 20 Nov, 5:00 PM' for a reader."""
    debtor = "You owe" if follow_up.debtor_id == reader.id else f"{mention(follow_up.debtor)} owes"
    creditor = "you" if follow_up.creditor_id == reader.id else mention(follow_up.creditor)
    overdue = " *(overdue)*" if follow_up.is_open and follow_up.due_at < now else ""
    return (
        f"*{follow_up.ref}* · {debtor} {creditor}: {shown(follow_up.what)} · "
        f"due {when(follow_up.due_at, reader)}{overdue}"
    )


def percent(share: float | None) -> str:
    """A share as a whole percentage, or an em dash when there is nothing to judge."""
    return "—" if share is None else f"{round(share * 100)}%"
