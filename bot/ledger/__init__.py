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
from bot.ledger.members import (
    SlackProfile,
    calendar_for,
    ensure_workspace,
    find_member,
    find_partners,
    get_member,
    set_nudge_policy,
    update_profile,
    upsert_member,
)
from bot.ledger.queries import Page, owed_by, owed_to
from bot.ledger.records import (
    ConversationRecorded,
    OwedBy,
    SubmissionRecorded,
    get_job_order,
    record_conversation,
    record_job_order,
    record_submission,
)
from bot.ledger.scope import Scope
from bot.ledger.stats import Scorecard, scorecard

__all__ = [
    "ConversationRecorded",
    "OwedBy",
    "Page",
    "Resolved",
    "Scope",
    "Scorecard",
    "SlackProfile",
    "SubmissionRecorded",
    "calendar_for",
    "cancel",
    "ensure_workspace",
    "find_member",
    "find_partners",
    "get_follow_up",
    "get_job_order",
    "get_member",
    "heard",
    "lapse",
    "owed_between",
    "owed_by",
    "owed_to",
    "record_conversation",
    "record_job_order",
    "record_submission",
    "require_open",
    "resolve",
    "scorecard",
    "set_nudge_policy",
    "snooze",
    "update_profile",
    "upsert_member",
]
