"""The way in and the way out: recorded requests, outgoing messages, reminders, seen signatures."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, text_enum
from bot.models.enums import (
    Delivery,
    InboxState,
    MessageKind,
    MessagePurpose,
    MessageState,
    RequestKind,
)


class InboxItem(Base):
    """A verified request from Slack, recorded before it is acknowledged and worked once."""

    __tablename__ = "inbox"
    __table_args__ = (
        # Slack retries an event with the same id: the second delivery is not recorded again.
        UniqueConstraint("team_id", "event_id"),
        # Event ids are unique across workspaces: a shared channel's event that reaches two
        # installations is recorded (and worked) once.
        Index(
            "ix_inbox_event_once",
            "event_id",
            unique=True,
            postgresql_where=text("event_id IS NOT NULL"),
            sqlite_where=text("event_id IS NOT NULL"),
        ),
        Index(
            "ix_inbox_waiting",
            "not_before",
            postgresql_where=text("state = 'pending'"),
            sqlite_where=text("state = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[RequestKind] = mapped_column(text_enum(RequestKind))
    event_id: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[str | None] = mapped_column(String(32))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[InboxState] = mapped_column(text_enum(InboxState))
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime]
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)


class OutboxMessage(Base):
    """One message to Slack, written in the transaction that decided it and delivered once."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("key"),
        Index(
            "ix_outbox_waiting",
            "not_before",
            postgresql_where=text("state = 'pending'"),
            sqlite_where=text("state = 'pending'"),
        ),
        Index("ix_outbox_channel", "team_id", "channel", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(40))  # carried in the message's metadata
    kind: Mapped[MessageKind] = mapped_column(text_enum(MessageKind))
    delivery: Mapped[Delivery] = mapped_column(text_enum(Delivery))
    # Where: a channel id, or a user id for the bot's DM with them (the reply's channel is kept).
    channel: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(32))  # who sees an ephemeral message
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    target_ts: Mapped[str | None] = mapped_column(String(32))  # the message an update replaces
    response_url: Mapped[str | None] = mapped_column(Text)
    replace_original: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )  # a response_url answer
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    text: Mapped[str] = mapped_column(Text)
    blocks: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # Once posted, link the message to these follow-ups so replies and ✅ on it resolve them.
    link_purpose: Mapped[MessagePurpose | None] = mapped_column(text_enum(MessagePurpose))
    link_follow_ups: Mapped[list[int] | None] = mapped_column(JSON)
    # The version of the (one) follow-up a card was worded at: re-worded only if it changed.
    about_version: Mapped[int | None]
    state: Mapped[MessageState] = mapped_column(text_enum(MessageState))
    attempts: Mapped[int] = mapped_column(default=0)
    not_before: Mapped[datetime]
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    sent_channel: Mapped[str | None] = mapped_column(String(32))
    sent_ts: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(Text)


class NudgeKind(enum.StrEnum):
    NUDGE = "nudge"  # to the debtor: a window has passed
    LAPSE = "lapse"  # to the creditor: the debtor did not respond, nudging stopped
    AWAY = "away"  # to the creditor: the debtor is out of office, reminders wait (once a spell)


class Nudge(Base):
    """One follow-up named in one reminder or lapse notice (the message itself is in the outbox)."""

    __tablename__ = "nudges"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id"), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[NudgeKind] = mapped_column(text_enum(NudgeKind), default=NudgeKind.NUDGE)
    number: Mapped[int]
    # The follow-up's version when the reminder was decided: if it changed, the item is stale.
    follow_up_version: Mapped[int]
    created_at: Mapped[datetime]


class SeenRequest(Base):
    """A signed request already accepted; a replay within Slack's 5-minute window is refused."""

    __tablename__ = "seen_requests"

    signature: Mapped[str] = mapped_column(String(80), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(index=True)
