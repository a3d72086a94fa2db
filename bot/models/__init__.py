"""The ledger's tables and vocabulary; everything is importable from `bot.models`."""

from bot.models.base import Base, UTCDateTime
from bot.models.enums import (
    ConversationKind,
    Delivery,
    FollowUpKind,
    FollowUpState,
    InboxState,
    JobOrderStatus,
    MessageKind,
    MessagePurpose,
    MessageState,
    RequestKind,
    Resolution,
)
from bot.models.ledger import (
    Activity,
    Conversation,
    FollowUp,
    FollowUpMessage,
    JobOrder,
    Member,
    Question,
    Submission,
    Workspace,
)
from bot.models.mail import InboxItem, Nudge, NudgeKind, OutboxMessage, SeenRequest

__all__ = [
    "Activity",
    "Base",
    "Conversation",
    "ConversationKind",
    "Delivery",
    "FollowUp",
    "FollowUpKind",
    "FollowUpMessage",
    "FollowUpState",
    "InboxItem",
    "InboxState",
    "JobOrder",
    "JobOrderStatus",
    "Member",
    "MessageKind",
    "MessagePurpose",
    "MessageState",
    "Nudge",
    "NudgeKind",
    "OutboxMessage",
    "Question",
    "RequestKind",
    "Resolution",
    "SeenRequest",
    "Submission",
    "UTCDateTime",
    "Workspace",
]
