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

from sqlalchemy import Row, func, select, tuple_, update

from bot.models import FollowUp, FollowUpMessage, FollowUpState, Member, MessagePurpose
from bot.outbox.reach import Place, addressed

if TYPE_CHECKING:
    from bot.nudging.rounds import Round


def route(run: Round, row: Row[Any], member: Member) -> Place | Literal[False] | None:
    """How `member` hears about `row`: None by DM, a Place in a thread, False not at all."""
    if run.reach.installed(member.team_id):
        return None
    return run.places.get(row.id, False)


def places_of(run: Round, rows: list[Row[Any]]) -> dict[int, Place]:
    """Where each follow-up a party can't be DMed about was recorded, with its card's thread:
    one query for the whole round."""
    wanted = {
        row.id: row
        for row in rows
        if row.channel
        and not all(
            run.reach.installed(run.members[party].team_id)
            for party in (row.debtor_id, row.creditor_id)
        )
    }
    if not wanted:
        return {}
    threads = dict(
        run.session.execute(
            select(FollowUpMessage.follow_up_id, func.min(FollowUpMessage.ts))
            .join(FollowUp, FollowUp.id == FollowUpMessage.follow_up_id)
            .where(FollowUpMessage.follow_up_id.in_(list(wanted)))
            .where(FollowUpMessage.purpose == MessagePurpose.CARD)
            .where(FollowUpMessage.channel == FollowUp.channel)
            .group_by(FollowUpMessage.follow_up_id)
        ).all()
    )
    return {ref: Place(r.team_id, r.channel, threads.get(ref)) for ref, r in wanted.items()}


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
