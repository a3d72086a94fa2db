"""Interviews and their feedback: the importer tells the exporter before each interview, and owes
feedback after it (Top Echelon), due a business day later unless the workspace says otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot.errors import Conflict, InvalidInput, NotAllowed
from bot.ledger.activity import log_activity
from bot.ledger.followups import close_follow_up, describe, get_follow_up, open_follow_up
from bot.ledger.members import date_order_of, ensure_workspace, get_member
from bot.ledger.scope import Scope
from bot.ledger.terms import has_terms
from bot.ledger.time_off import calendar_for
from bot.models import (
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Interview,
    Member,
    Resolution,
    Submission,
)
from bot.windows import WindowKind, parse_window

DEFAULT_FEEDBACK_DAYS = 1
WHEN_FIX = "Say when, with a time: `interview {ref} tue 2pm` or `interview {ref} 2026-12-03 10:00`."


@dataclass(frozen=True)
class InterviewRecorded:
    """An interview, the feedback the importer now owes about it, and the submission's answer
    if the interview gave it (an interview means Interested)."""

    interview: Interview
    feedback: FollowUp
    answered: FollowUp | None


def record_interview(scope: Scope, *, actor_id: str, ref: str, when: str) -> InterviewRecorded:
    """The importer (or an admin) records an interview of a submitted candidate at `when`, read
    in the importer's time; the feedback falls due the workspace's business days after it."""
    actor = get_member(scope, actor_id)
    submission = submission_of(scope, ref)
    importer = submission.importer
    if actor.id != importer.id and not actor.is_admin:
        raise NotAllowed(
            f"Only {importer.name}, the importer, records interviews of "
            f"{submission.candidate}; tell them, or ask a workspace admin."
        )
    if has_terms(submission.job_order) and submission.terms is None:
        raise InvalidInput(
            f"{submission.candidate} waits on the job order's terms: "
            f"{submission.exporter.name} accepts them first."
        )
    at = interview_time(scope, importer, when, ref)
    rounds = scope.session.scalar(
        select(func.count()).select_from(Interview).filter_by(submission_id=submission.id)
    )
    interview = Interview(
        team_id=scope.team_id,
        submission_id=submission.id,
        round=(rounds or 0) + 1,
        at=at,
        recorded_by_id=actor.id,
        created_at=scope.now,
    )
    _insert_once(scope, interview, submission)
    log_activity(scope, "interview", actor=actor, interview=interview.id, at=at.isoformat())
    answered = answer_interested(scope, submission, actor, "interview arranged")
    days = feedback_days(scope)
    feedback = open_follow_up(
        scope,
        kind=FollowUpKind.GIVE_FEEDBACK,
        debtor=importer,
        creditor=submission.exporter,
        created_by=actor,
        what=describe(
            FollowUpKind.GIVE_FEEDBACK, submission=submission, job_order=submission.job_order
        ),
        window=parse_window(f"{days}d"),
        submission=submission,
        job_order=submission.job_order,
        interview=interview,
        start=at,
    )
    return InterviewRecorded(interview, feedback, answered)


def feedback_owed(scope: Scope, ref: str) -> FollowUp:
    """The open feedback a ref stands for: its own, or the earliest owed on its submission."""
    follow_up = get_follow_up(scope, ref)
    if follow_up.kind is FollowUpKind.GIVE_FEEDBACK:
        return follow_up
    submission = submission_of(scope, ref)
    owed = scope.session.scalar(
        select(FollowUp)
        .where(FollowUp.submission_id == submission.id)
        .where(FollowUp.kind == FollowUpKind.GIVE_FEEDBACK, FollowUp.state == FollowUpState.OPEN)
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(1)
    )
    if owed is None:
        raise InvalidInput(
            f"No feedback is open on {submission.candidate} ({follow_up.ref}); record an "
            f"interview first with `interview {follow_up.ref} tue 2pm`."
        )
    return owed


def submission_of(scope: Scope, ref: str) -> Submission:
    """The submission a follow-up ref is about (`F-7`, the candidate's ref in `list`)."""
    follow_up = get_follow_up(scope, ref)
    if follow_up.submission is None:
        raise InvalidInput(
            f"{follow_up.ref} is not about a submitted candidate; use the ref of their "
            "submission (`list` shows it)."
        )
    return follow_up.submission


def interview_time(scope: Scope, importer: Member, when: str, ref: str) -> datetime:
    """The instant an interview is at, as the importer wrote it in their own time; a day
    without a time is refused (nobody is told "Tuesday, some time")."""
    if not when.strip():
        raise InvalidInput(WHEN_FIX.format(ref=ref))
    window = parse_window(when, date_order=date_order_of(scope))
    calendar = calendar_for(scope, importer)
    deadline = window.deadline
    if deadline is not None and (deadline.clock is not None or deadline.at is not None):
        return deadline.requested(scope.now, calendar)
    if window.kind is WindowKind.TOMORROW and window.clock is not None:
        return window.due(scope.now, calendar)
    raise InvalidInput(WHEN_FIX.format(ref=ref))


def feedback_days(scope: Scope) -> int:
    """Business days after an interview that its feedback is due in this workspace."""
    workspace = ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now)
    return workspace.feedback_days or DEFAULT_FEEDBACK_DAYS


def _insert_once(scope: Scope, interview: Interview, submission: Submission) -> None:
    """One interview per candidate and instant: the same command twice records it once."""
    recorded = Conflict(
        f"That interview of {submission.candidate} is already recorded; `list` shows the "
        "feedback owed on it."
    )
    same = scope.session.scalar(
        select(Interview.id).filter_by(submission_id=submission.id, at=interview.at)
    )
    if same is not None:
        raise recorded
    try:
        with scope.session.begin_nested():
            scope.session.add(interview)
            scope.session.flush()
    except IntegrityError:
        raise recorded from None


def answer_interested(
    scope: Scope, submission: Submission, actor: Member, why: str
) -> FollowUp | None:
    """A later step of the deal answers a submission still awaiting an answer: Interested."""
    waiting = scope.session.scalar(
        select(FollowUp)
        .where(FollowUp.submission_id == submission.id, FollowUp.kind == FollowUpKind.RESPOND)
        .where(FollowUp.state == FollowUpState.OPEN)
        .limit(1)
    )
    if waiting is None:
        return None
    close_follow_up(scope, waiting, actor, Resolution.INTERESTED, why)
    submission.outcome, submission.outcome_at = Resolution.INTERESTED, scope.now
    return waiting
