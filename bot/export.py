"""Export follow-ups with their parties and outcomes, for spreadsheets and audits; and a deal's
record as an evidence pack (CSV or HTML)."""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from datetime import datetime
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.ledger.scope import Scope
from bot.ledger.timeline import deal_timeline
from bot.models import FollowUp, JobOrder, Placement

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


DEAL_COLUMNS = ("at_utc", "ref", "what")


def deal_team(session: Session, ref: str) -> str | None:
    """The workspace a deal's ref (`P-3`, `F-7`, `JO-12`) belongs to, if it exists."""
    match = re.fullmatch(r"\s*(P|F|JO)-?(\d{1,9})\s*", ref, re.IGNORECASE)
    if not match:
        return None
    kind, number = match.group(1).upper(), int(match.group(2))
    found: Placement | FollowUp | JobOrder | None
    if kind == "P":
        found = session.get(Placement, number)
    elif kind == "F":
        found = session.get(FollowUp, number)
    else:
        found = session.get(JobOrder, number)
    return found.team_id if found is not None else None


def write_deal(scope: Scope, out: TextIO, *, ref: str, fmt: str) -> int:
    """A deal's record as an evidence pack: CSV rows, or one self-contained HTML page."""
    record = deal_timeline(scope, ref=ref, reader_id=None)
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(DEAL_COLUMNS)
        for event in record.events:
            writer.writerow([inert(cell) for cell in (_iso(event.at), event.ref, event.what)])
        return len(record.events)
    rows = "\n".join(
        f"<tr><td>{_iso(e.at)}</td><td>{html.escape(e.ref)}</td><td>{html.escape(e.what)}</td></tr>"
        for e in record.events
    )
    title = html.escape(f"The record of {record.subject}")
    out.write(
        '<!doctype html>\n<html><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>\n<h1>{title}</h1>\n"
        f"<p>Exported {_iso(scope.now)} from the Followthrough ledger of workspace "
        f"{html.escape(scope.team_id)}; times in UTC; people's words as they typed them.</p>\n"
        '<table border="1"><tr><th>When (UTC)</th><th>Ref</th><th>What happened</th></tr>\n'
        f"{rows}\n</table>\n</body></html>\n"
    )
    return len(record.events)
