"""Small pieces of wording shared by every message: names, times, follow-up lines."""

from __future__ import annotations

from datetime import datetime, time, timedelta

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


def zoned(at: datetime, reader: Member) -> str:
    """An instant in the reader's timezone with its zone, e.g. 'Fri 20 Nov, 5:00 PM GMT'."""
    return f"{when(at, reader)} {zone_label(at, reader)}"


def for_both(at: datetime, reader: Member, other: Member) -> str:
    """A deadline in the reader's time and, when it differs, the other party's.

    'Fri 20 Nov, 5:00 PM GMT (10:30 PM IST for @Dana)': both partners read the same instant.
    """
    mine, theirs = at.astimezone(zone(reader.timezone)), at.astimezone(zone(other.timezone))
    if mine.utcoffset() == theirs.utcoffset() and zone_label(at, reader) == zone_label(at, other):
        return zoned(at, reader)
    their_clock = _clock(theirs)
    their_day = "" if theirs.date() == mine.date() else f"{theirs:%a %d %b}, "
    return (
        f"{zoned(at, reader)} ({their_day}{their_clock} {zone_label(at, other)} "
        f"for {mention(other)})"
    )


def zone_label(at: datetime, reader: Member) -> str:
    """The reader's zone as people write it at that instant: GMT, BST, EST, IST, UTC+04."""
    label = at.astimezone(zone(reader.timezone)).tzname() or "UTC"
    return f"UTC{label}" if label[:1] in "+-" else label


def _clock(local: datetime) -> str:
    return local.strftime("%I:%M %p").lstrip("0")


def away_until(member: Member) -> str:
    """' until Mon 30 Nov, 2:00 PM' in the member's own time; at midnight, the day before ends."""
    if member.away_until is None:
        return ""
    local = member.away_until.astimezone(zone(member.timezone))
    if local.time() == time(0, 0):
        return f" until the end of {local - timedelta(days=1):%a %d %b}"
    return f" until {local:%a %d %b}, {_clock(local)}"


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
