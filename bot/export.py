"""Export follow-ups with their parties and outcomes, for spreadsheets and audits."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import FollowUp

# What spreadsheets read as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = frozenset("=+-@\t\r")

COLUMNS = (
    "ref",
    "team_id",
    "state",
    "kind",
    "what",
    "debtor",
    "debtor_slack_id",
    "creditor",
    "creditor_slack_id",
    "job_order",
    "candidate",
    "window",
    "created_at",
    "due_at",
    "nudge_count",
    "resolved_at",
    "resolution",
    "resolution_note",
)


def follow_up_rows(session: Session, *, team_id: str | None = None) -> Iterator[tuple[str, ...]]:
    """One row per follow-up, oldest first, streamed so large ledgers stay flat in memory."""
    query = select(FollowUp).order_by(FollowUp.id).execution_options(yield_per=1000)
    if team_id is not None:
        query = query.where(FollowUp.team_id == team_id)
    for row in session.scalars(query):
        job, submission = row.job_order, row.submission
        yield (
            row.ref,
            row.team_id,
            row.state.value,
            row.kind.value,
            row.what,
            row.debtor.name,
            row.debtor.slack_user_id,
            row.creditor.name,
            row.creditor.slack_user_id,
            f"{job.ref} {job.title}" if job else "",
            submission.candidate if submission else "",
            row.window,
            _iso(row.created_at),
            _iso(row.due_at),
            str(row.nudge_count),
            _iso(row.resolved_at),
            row.resolution.value if row.resolution else "",
            row.resolution_note or "",
        )


def write_csv(session: Session, out: TextIO, *, team_id: str | None = None) -> int:
    """Write the follow-ups as CSV with a header row; returns how many rows were written."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for count, row in enumerate(follow_up_rows(session, team_id=team_id), start=1):  # noqa: B007
        writer.writerow([inert(cell) for cell in row])
    return count


def inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: one typed as `=HYPERLINK(…)` never runs as a formula."""
    return "'" + cell if cell[:1] in FORMULA_STARTS else cell


def _iso(at: datetime | None) -> str:
    return at.isoformat(timespec="seconds") if at else ""
