"""The ledger's vocabulary as enums (stored as their text values)."""

from __future__ import annotations

import enum


class FollowUpState(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    LAPSED = "lapsed"
    CANCELLED = "cancelled"


class FollowUpKind(enum.StrEnum):
    RESPOND = "respond"  # importer answers a submission
    SEND_CANDIDATES = "send_candidates"  # exporter promised candidates for a job order
    GET_INFO = "get_info"  # exporter gets the information the importer asked for
    CALL_BACK = "call_back"
    EMAIL_BACK = "email_back"
    GET_BACK = "get_back"  # after a Slack talk


class Resolution(enum.StrEnum):
    DONE = "done"
    HEARD = "heard"
    INTERESTED = "interested"
    NEED_MORE_INFO = "need_more_info"
    PASSED = "passed"
    CALLED_BACK = "called_back"
    EMAILED_BACK = "emailed_back"
    CANCELLED = "cancelled"
    LAPSED = "lapsed"


class ConversationKind(enum.StrEnum):
    CALL = "call"
    EMAIL = "email"
    TALK = "talk"


class JobOrderStatus(enum.StrEnum):
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


class MessagePurpose(enum.StrEnum):
    CARD = "card"  # the DM card telling a debtor what they owe, with answer buttons
    NOTICE = "notice"  # a DM telling a partner what happened
    TRACKED = "tracked"  # a channel message someone turned into a follow-up
    REMINDER = "reminder"  # a nudge DM listing the follow-up, with answer buttons


class MessageKind(enum.StrEnum):
    """What an outgoing message is for (logs, tests and the crash-recovery lookup)."""

    CARD = "card"
    CARD_UPDATE = "card_update"
    NOTICE = "notice"
    REPLY = "reply"
    REMINDER = "reminder"
    LAPSE = "lapse"
    DIGEST = "digest"
    JOB_ORDER = "job_order"  # a job order announced in the workspace's job channel


class Delivery(enum.StrEnum):
    """How a message reaches Slack."""

    POST = "post"  # chat.postMessage to a channel, or to a user id for their DM with the bot
    EPHEMERAL = "ephemeral"  # chat.postEphemeral: only one person sees it
    RESPOND = "respond"  # the response_url of a command or click: only its author sees it
    UPDATE = "update"  # chat.update of a message the bot posted


class MessageState(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # Slack refused it for good; logged with the reason, never retried
    DROPPED = "dropped"  # no longer worth sending (e.g. everything in a reminder was answered)


class InboxState(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"  # a bug or bad data: logged, the person told, never retried


class RequestKind(enum.StrEnum):
    """Which Slack surface a recorded request came from."""

    COMMAND = "command"
    ACTION = "action"
    VIEW = "view"
    EVENT = "event"
    CALL = "call"  # a phone system's report of a finished call (call evidence)
    EMAIL = "email"  # an inbound-email service's report of an email (email evidence)
