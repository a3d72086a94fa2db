"""Candidate ownership: the first documented submittal of a candidate to a client owns them for
the ownership window (RecruitiFi, Paraform: 180 days); a later one is told who was first."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

from sqlalchemy import func, select

from bot.db import one_at_a_time
from bot.ledger.members import ensure_workspace
from bot.ledger.scope import Scope
from bot.models import JobOrder, Resolution, Submission

DEFAULT_OWNERSHIP_DAYS = 180
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://)?(?:www\.)?(linkedin\.com/in/[\w%-]+)", re.IGNORECASE)


def candidate_key(name: str) -> str:
    """A name as compared: accents, case, punctuation and spacing set aside ("José  O'Neil"
    and "jose oneil" are one key)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^\w\s]", "", plain.lower()).split())


def candidate_contact(*texts: str | None) -> str | None:
    """An email or LinkedIn profile in the candidate's name or note, lower-cased."""
    for text in texts:
        if not text:
            continue
        found = _EMAIL.search(text) or _URL.search(text)
        if found:
            return (found.group(1) if found.re is _URL else found.group(0)).lower()
    return None


def first_submittal(scope: Scope, submission: Submission) -> Submission | None:
    """The earliest submittal of the same candidate to the same client within the ownership
    window, not withdrawn, if another exporter made it: it owns the candidate."""
    job = submission.job_order
    if job is None or not job.client or not submission.candidate_key:
        return None
    since = scope.now - timedelta(days=ownership_days(scope))
    client = " ".join(job.client.lower().split())
    # Two exporters submitting the same person at once: the second to get here sees the first.
    names = [f"candidate:{scope.team_id}:{client}:{submission.candidate_key}"]
    if submission.candidate_contact:
        names.append(f"contact:{scope.team_id}:{client}:{submission.candidate_contact}")
    one_at_a_time(scope.session, *names)
    same = Submission.candidate_key == submission.candidate_key
    if submission.candidate_contact:
        same = same | (Submission.candidate_contact == submission.candidate_contact)
    earlier = scope.session.scalars(
        select(Submission)
        .join(JobOrder, JobOrder.id == Submission.job_order_id)
        .where(Submission.team_id == scope.team_id, Submission.id != submission.id)
        .where(Submission.created_at >= since)
        .where(func.lower(JobOrder.client) == client)
        .where(same)
        .order_by(Submission.created_at, Submission.id)
    ).all()
    for first in earlier:
        if first.outcome is Resolution.CANCELLED:
            continue
        contacts = {first.candidate_contact, submission.candidate_contact} - {None}
        if len(contacts) <= 1:  # the same contact, or one of them gave none: the same person
            return first if first.exporter_id != submission.exporter_id else None
    return None


def ownership_days(scope: Scope) -> int:
    """How long the first submittal of a candidate to a client owns them, in days."""
    workspace = ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now)
    return workspace.ownership_days or DEFAULT_OWNERSHIP_DAYS
