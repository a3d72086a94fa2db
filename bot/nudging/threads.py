"""Reminders for a debtor whose firm has not installed the app: in the recording thread.

A bot can DM a user only through an install in the user's own workspace. A debtor at a firm
without the app is mentioned in the thread of the channel where the follow-up was recorded,
by the install that recorded it, within the same cap, spacing and working hours; reminders
about follow-ups recorded in the same thread go out as one message. A follow-up recorded
where no thread can reach them waits a business day at a time (until their firm installs).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Row, tuple_, update

from bot.models import FollowUp, FollowUpState, Member
from bot.outbox.reach import Place, addressed, place_at

if TYPE_CHECKING:
    from bot.nudging.rounds import Round


def route(run: Round, row: Row[Any], member: Member) -> Place | Literal[False] | None:
    """How `member` hears about `row`: None by DM, a Place in a thread, False not at all."""
    if run.reach.installed(member.team_id):
        return None
    place = place_at(run.session, row.id, row.team_id, row.channel)
    return place if place is not None else False


def wait_for_install(run: Round, rows: list[Row[Any]]) -> list[str]:
    """Follow-ups whose debtor no thread reaches: try again at their next business day."""
    lines: list[str] = []
    for row in rows:
        debtor = run.members[row.debtor_id]
        until = run.calendar(debtor).next_working_instant(run.now + timedelta(days=1))
        run.session.execute(
            update(FollowUp)
            .where(FollowUp.id == row.id)
            .where(tuple_(FollowUp.id, FollowUp.version).in_([(row.id, row.version)]))
            .where(FollowUp.state == FollowUpState.OPEN)
            .values(next_nudge_at=until)
            .execution_options(synchronize_session=False)
        )
        lines.append(
            f"held F-{row.id} until {until:%Y-%m-%d %H:%M} UTC: {debtor.name}'s firm has not "
            "installed Followthrough and it was not recorded in a channel"
        )
    return lines


def in_thread(row: dict[str, Any], to: Member, place: Place) -> None:
    """An outbox row meant as a DM, said instead in the thread at `place`, mentioning `to`."""
    row["team_id"], row["channel"], row["thread_ts"] = place.team_id, place.channel, place.thread_ts
    row["text"], row["blocks"] = addressed(to.slack_user_id, row["text"], row["blocks"])
