"""The ledger's tables: members, job orders, submissions, conversations, follow-ups, nudges."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in, aware UTC out, on every backend (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC value")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda members: [member.value for member in members],
    )


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


class Workspace(Base):
    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Nudge policy for the workspace; None means the settings' default.
    max_nudges: Mapped[int | None]
    nudge_spacing_days: Mapped[int | None]
    created_at: Mapped[datetime]


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("team_id", "slack_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"))
    slack_user_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    working_hours: Mapped[str | None] = mapped_column(String(64))
    holiday_country: Mapped[str | None] = mapped_column(String(8))
    specializations: Mapped[str] = mapped_column(String(500), default="")
    vacation_until: Mapped[date | None]
    is_admin: Mapped[bool] = mapped_column(default=False)
    max_nudges: Mapped[int | None]  # overrides the workspace's cap for what this member owes
    dm_channel: Mapped[str | None] = mapped_column(String(32))  # the bot's DM with them, once known
    next_digest_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class JobOrder(Base):
    __tablename__ = "job_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    importer_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    title: Mapped[str] = mapped_column(String(200))
    client: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    fee_percent: Mapped[float | None] = mapped_column(Float)
    status: Mapped[JobOrderStatus] = mapped_column(_enum(JobOrderStatus))
    created_at: Mapped[datetime]

    importer: Mapped[Member] = relationship(lazy="joined")

    @property
    def ref(self) -> str:
        return f"JO-{self.id}"


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    exporter_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    importer_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    job_order_id: Mapped[int | None] = mapped_column(ForeignKey("job_orders.id"), index=True)
    candidate: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[Resolution | None] = mapped_column(_enum(Resolution))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None]
    created_at: Mapped[datetime]

    exporter: Mapped[Member] = relationship(foreign_keys=[exporter_id], lazy="joined")
    importer: Mapped[Member] = relationship(foreign_keys=[importer_id], lazy="joined")
    job_order: Mapped[JobOrder | None] = relationship(lazy="joined")


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[ConversationKind] = mapped_column(_enum(ConversationKind))
    caller_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    job_order_id: Mapped[int | None] = mapped_column(ForeignKey("job_orders.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]

    caller: Mapped[Member] = relationship(foreign_keys=[caller_id], lazy="joined")
    partner: Mapped[Member] = relationship(foreign_keys=[partner_id], lazy="joined")
    job_order: Mapped[JobOrder | None] = relationship(lazy="joined")


class FollowUp(Base):
    __tablename__ = "follow_ups"
    __table_args__ = (
        # The sweep's query: open follow-ups whose next nudge time has come, as a range scan.
        Index(
            "ix_follow_ups_due",
            "next_nudge_at",
            postgresql_where=text("state = 'open'"),
            sqlite_where=text("state = 'open'"),
        ),
        Index("ix_follow_ups_debtor", "team_id", "debtor_id", "state"),
        # A sweep claims every due follow-up of a debtor at once, so one DM batches them.
        Index(
            "ix_follow_ups_debtor_due",
            "debtor_id",
            "next_nudge_at",
            postgresql_where=text("state = 'open'"),
            sqlite_where=text("state = 'open'"),
        ),
        Index("ix_follow_ups_creditor", "team_id", "creditor_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[FollowUpKind] = mapped_column(_enum(FollowUpKind))
    debtor_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    creditor_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    what: Mapped[str] = mapped_column(String(300))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    job_order_id: Mapped[int | None] = mapped_column(ForeignKey("job_orders.id"))
    window: Mapped[str] = mapped_column(String(64))
    due_at: Mapped[datetime]
    state: Mapped[FollowUpState] = mapped_column(_enum(FollowUpState))
    nudge_count: Mapped[int] = mapped_column(default=0)
    next_nudge_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[Resolution | None] = mapped_column(_enum(Resolution))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]
    # A sweep's claim: while leased, no other sweep touches the follow-up.
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]

    debtor: Mapped[Member] = relationship(foreign_keys=[debtor_id], lazy="joined")
    creditor: Mapped[Member] = relationship(foreign_keys=[creditor_id], lazy="joined")
    submission: Mapped[Submission | None] = relationship(lazy="joined")
    conversation: Mapped[Conversation | None] = relationship(lazy="joined")
    job_order: Mapped[JobOrder | None] = relationship(lazy="joined")

    @property
    def ref(self) -> str:
        return f"F-{self.id}"

    @property
    def is_open(self) -> bool:
        return self.state is FollowUpState.OPEN


class NudgeKind(enum.StrEnum):
    NUDGE = "nudge"  # to the debtor: a window has passed
    LAPSE = "lapse"  # to the creditor: the debtor did not respond, nudging stopped


class Nudge(Base):
    """One DM about one follow-up: written before posting, marked sent after (an outbox)."""

    __tablename__ = "nudges"
    __table_args__ = (Index("ix_nudges_batch", "batch_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[NudgeKind] = mapped_column(_enum(NudgeKind), default=NudgeKind.NUDGE)
    number: Mapped[int]
    batch_key: Mapped[str | None] = mapped_column(String(64))  # carried in the DM's metadata
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]  # None while pending
    channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))


class Activity(Base):
    """Append-only log of everything that changed the ledger, for audits and export."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    action: Mapped[str] = mapped_column(String(40))
    follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("follow_ups.id"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class MessagePurpose(enum.StrEnum):
    CARD = "card"  # the DM card telling a debtor what they owe, with answer buttons
    NOTICE = "notice"  # a DM telling a partner what happened
    TRACKED = "tracked"  # a channel message someone turned into a follow-up


class FollowUpMessage(Base):
    """A Slack message about a follow-up: replies and ✅ reactions on it can resolve it."""

    __tablename__ = "follow_up_messages"
    __table_args__ = (Index("ix_follow_up_messages_where", "team_id", "channel", "ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id"), index=True)
    purpose: Mapped[MessagePurpose] = mapped_column(_enum(MessagePurpose))
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class ReceivedEvent(Base):
    """An Events API delivery already handled; Slack retries carry the same event id."""

    __tablename__ = "received_events"
    __table_args__ = (UniqueConstraint("team_id", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(index=True)


@event.listens_for(Activity, "before_update")
@event.listens_for(Activity, "before_delete")
def _activity_is_append_only(*_args: object) -> None:
    raise RuntimeError("the activity log is append-only")
