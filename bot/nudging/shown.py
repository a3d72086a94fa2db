"""A due follow-up as wording reads it, built from the sweep's row (no extra queries, and
no ORM change tracking: it is only read)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from bot.models import (
    Conversation,
    FollowUp,
    FollowUpState,
    JobOrder,
    Member,
    Resolution,
    Submission,
    to_read,
)


def as_follow_up(row: Row[Any], members: dict[int, Member], *, lapsed: bool = False) -> FollowUp:
    """A follow-up as wording reads it, built from the row (never added to the session)."""
    submission = job = conversation = None
    if row.submission_id is not None:
        submission = to_read(
            Submission,
            id=row.submission_id,
            candidate=row.candidate,
            note=row.submission_note,
            outcome_reason=row.outcome_reason,
        )
    if row.job_order_id is not None:
        job = to_read(JobOrder, id=row.job_order_id, title=row.job_title, client=row.job_client)
    if row.conversation_id is not None:
        conversation = to_read(Conversation, id=row.conversation_id, note=row.conversation_note)
    return to_read(
        FollowUp,
        id=row.id,
        team_id=row.team_id,
        version=row.version,
        kind=row.kind,
        what=row.what,
        created_at=row.created_at,
        due_at=row.due_at,
        state=FollowUpState.LAPSED if lapsed else FollowUpState.OPEN,
        resolution=Resolution.LAPSED if lapsed else None,
        nudge_count=row.nudge_count + (0 if lapsed else 1),
        debtor_id=row.debtor_id,
        creditor_id=row.creditor_id,
        debtor=members[row.debtor_id],
        creditor=members[row.creditor_id],
        submission=submission,
        job_order=job,
        conversation=conversation,
    )
