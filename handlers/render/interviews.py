"""Interviews and feedback as the partners read them: the card, the notice, the replies."""

from __future__ import annotations

from bot.ledger.interviews import InterviewRecorded
from bot.models import FollowUp, Member
from handlers.render.escape import shown
from handlers.render.words import for_both, mention, zoned


def intro(follow_up: FollowUp) -> str:
    """The feedback card's first line, for the importer (a reminder, built by the sweep from
    its rows, knows the candidate but not the interview's time)."""
    interview, submission = follow_up.interview, follow_up.submission
    candidate = f"*{shown(submission.candidate)}*" if submission else "the candidate"
    if interview is None or submission is None:
        return (
            f"Tell {mention(follow_up.creditor)} how the interview with {candidate}"
            f"{job(follow_up)} went."
        )
    return (
        f"Interview {interview.round} with *{shown(submission.candidate)}*{job(follow_up)}: "
        f"{zoned(interview.at, follow_up.debtor)}. Afterwards, tell {mention(follow_up.creditor)} "
        "how it went."
    )


def interview_notice(feedback: FollowUp, reader: Member) -> str:
    """The exporter hears of an interview of their candidate as soon as it is recorded."""
    interview, submission = feedback.interview, feedback.submission
    assert interview is not None
    assert submission is not None
    due = zoned(feedback.due_at, reader)
    return (
        f"{mention(feedback.debtor)} set up interview {interview.round} with "
        f"*{shown(submission.candidate)}*{job(feedback)}: *{zoned(interview.at, reader)}*. "
        f"They owe you feedback by {due} ({feedback.ref})."
    )


def recorded_reply(recorded: InterviewRecorded, reader: Member) -> str:
    """What the importer reads after recording an interview."""
    feedback, interview = recorded.feedback, recorded.interview
    assert feedback.submission is not None
    exporter = feedback.creditor
    lines = [
        f"Interview {interview.round} with *{shown(feedback.submission.candidate)}* recorded: "
        f"{zoned(interview.at, reader)}. {mention(exporter)} is told.",
        f"{feedback.ref}: you owe them feedback by {for_both(feedback.due_at, reader, exporter)}"
        f" — `feedback {feedback.ref} …` or *Give feedback* on its card.",
    ]
    if recorded.answered is not None:
        lines.append(f"{recorded.answered.ref} is answered Interested.")
    return "\n".join(lines)


def feedback_given(follow_up: FollowUp, who: str) -> str:
    """The exporter's notice of the feedback, the importer's words quoted as typed."""
    submission = follow_up.submission
    candidate = shown(submission.candidate) if submission else "your candidate"
    words = shown(follow_up.resolution_note)
    return f"{who} gave feedback on *{candidate}*{job(follow_up)} ({follow_up.ref}): “{words}”"


def job(follow_up: FollowUp) -> str:
    found = follow_up.job_order
    return f" for *{found.ref} {shown(found.title)}*" if found else ""
