"""The follow-through ledger: record, resolve, list and score; Slack-free and time-injected."""

from bot.ledger.changes import require_open
from bot.ledger.followups import (
    Resolved,
    cancel,
    get_follow_up,
    heard,
    lapse,
    owed_between,
    resolve,
    snooze,
)
from bot.ledger.jobs import (
    Board,
    JobClosed,
    board,
    close_job_order,
    get_job_order,
    job_by_words,
    pick_jobs,
    pick_problem,
    require_open_job,
    set_job_channel,
)
from bot.ledger.members import (
    Listed,
    SlackProfile,
    ensure_workspace,
    find_member,
    find_partners,
    get_member,
    set_directory,
    set_nudge_policy,
    update_profile,
    upsert_member,
)
from bot.ledger.queries import Page, owed_by, owed_to
from bot.ledger.records import (
    ConversationRecorded,
    OwedBy,
    SubmissionRecorded,
    record_conversation,
    record_job_order,
    record_submission,
)
from bot.ledger.scope import Scope
from bot.ledger.stats import Scorecard, scorecard
from bot.ledger.time_off import calendar_for

__all__ = [
    "Board",
    "ConversationRecorded",
    "JobClosed",
    "Listed",
    "OwedBy",
    "Page",
    "Resolved",
    "Scope",
    "Scorecard",
    "SlackProfile",
    "SubmissionRecorded",
    "board",
    "calendar_for",
    "cancel",
    "close_job_order",
    "ensure_workspace",
    "find_member",
    "find_partners",
    "get_follow_up",
    "get_job_order",
    "get_member",
    "heard",
    "job_by_words",
    "lapse",
    "owed_between",
    "owed_by",
    "owed_to",
    "pick_jobs",
    "pick_problem",
    "record_conversation",
    "record_job_order",
    "record_submission",
    "require_open",
    "require_open_job",
    "resolve",
    "scorecard",
    "set_directory",
    "set_job_channel",
    "set_nudge_policy",
    "snooze",
    "update_profile",
    "upsert_member",
]
