"""The ledger's tables: workspaces, members, job orders, submissions, conversations, follow-ups."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, text_enum
from bot.models.enums import (
    ConversationKind,
    FollowUpKind,
    FollowUpState,
    JobOrderStatus,
    MessagePurpose,
    Resolution,
)


class Workspace(Base):
    __tablename__ = "workspaces"
    __table_args__ = (Index("ix_workspaces_inbound_token", "inbound_token", unique=True),)

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Nudge policy for the workspace; None means the settings' default.
    max_nudges: Mapped[int | None]
    nudge_spacing_days: Mapped[int | None]
    job_channel: Mapped[str | None] = mapped_column(String(32))  # where job orders are announced
    date_order: Mapped[str | None] = mapped_column(String(8))  # "mdy" (12/04 = Dec 4) or "dmy"
    # The secret in the call webhook URLs; created the first time an admin asks for them.
    inbound_token: Mapped[str | None] = mapped_column(String(64))
    # Its members are listed in the network directory (`partners`) of every other firm.
    directory: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Inbound email: keep an email's body with its conversation (an admin opts in), and how many
    # emails came from nobody in the workspace (ignored, counted for `settings inbound`).
    email_bodies: Mapped[bool] = mapped_column(default=False, server_default=false())
    inbound_ignored: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # The terms a new job order takes when it names none (`settings split 50/50 fee 25% …`).
    default_split_importer: Mapped[int | None]
    default_fee_percent: Mapped[float | None] = mapped_column(Float)
    default_guarantee_days: Mapped[int | None]
    feedback_days: Mapped[int | None]  # business days after an interview its feedback is due
    placement_days: Mapped[int | None]  # business days to report a placement after an offer
    payout_days: Mapped[int | None]  # business days to pay the partner after the client paid
    ownership_days: Mapped[int | None]  # how long a first submittal owns a candidate for a client
    created_at: Mapped[datetime]


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("team_id", "slack_user_id"),
        Index("ix_members_phone", "team_id", "phone"),
        # A partner at another firm is found by their Slack id alone (ids are unique in Slack).
        Index("ix_members_slack_user_id", "slack_user_id"),
        Index("ix_members_email", "team_id", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"))
    slack_user_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    working_hours: Mapped[str | None] = mapped_column(String(64))
    holiday_country: Mapped[str | None] = mapped_column(String(8))
    specializations: Mapped[str] = mapped_column(String(500), default="")
    vacation_from: Mapped[date | None]  # days before it stay working days
    vacation_until: Mapped[date | None]
    # An away status on Slack (🌴, "OOO" …), kept apart from the vacation typed above: away from
    # the local day of `away_since` until the instant `away_until`, as `away_says` words it.
    away_since: Mapped[datetime | None]
    away_until: Mapped[datetime | None]
    away_says: Mapped[str | None] = mapped_column(String(200))
    status_seen: Mapped[datetime | None]  # the user object's `updated` of the status applied
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164, for call evidence
    email: Mapped[str | None] = mapped_column(String(254))  # lower-cased, for email evidence
    status_checked_at: Mapped[datetime | None]  # when users.info was last asked for the status
    is_admin: Mapped[bool] = mapped_column(default=False)
    max_nudges: Mapped[int | None]  # overrides the workspace's cap for what this member owes
    dm_channel: Mapped[str | None] = mapped_column(String(32))  # the bot's DM with them, once known
    next_digest_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class JobOrder(Base):
    __tablename__ = "job_orders"
    __table_args__ = (Index("ix_job_orders_open", "team_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    importer_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    title: Mapped[str] = mapped_column(String(200))
    client: Mapped[str | None] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(200))
    fee_percent: Mapped[float | None] = mapped_column(Float)
    split_importer: Mapped[int | None]  # the importer's share of the fee, in percent
    guarantee_days: Mapped[int | None]
    terms_note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[JobOrderStatus] = mapped_column(text_enum(JobOrderStatus))
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))

    importer: Mapped[Member] = relationship(foreign_keys=[importer_id], lazy="joined")

    @property
    def ref(self) -> str:
        return f"JO-{self.id}"

    @property
    def split(self) -> str | None:
        """The split as written, importer's share first, e.g. "60/40"."""
        if self.split_importer is None:
            return None
        return f"{self.split_importer}/{100 - self.split_importer}"


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    exporter_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    importer_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    job_order_id: Mapped[int | None] = mapped_column(ForeignKey("job_orders.id"), index=True)
    candidate: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[Resolution | None] = mapped_column(text_enum(Resolution))
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None]
    # The window the exporter agreed for the answer, kept while the job order's terms await
    # their acceptance: the importer's clock starts when they are accepted.
    window: Mapped[str | None] = mapped_column(String(64))
    terms_id: Mapped[int | None] = mapped_column(ForeignKey("terms_acceptances.id"))
    # The candidate as compared for ownership: the name normalized, an email or profile URL.
    candidate_key: Mapped[str | None] = mapped_column(String(200), index=True)
    candidate_contact: Mapped[str | None] = mapped_column(String(200))
    offer_accepted_at: Mapped[datetime | None]  # the candidate accepted the client's offer
    offer_accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]

    exporter: Mapped[Member] = relationship(foreign_keys=[exporter_id], lazy="joined")
    importer: Mapped[Member] = relationship(foreign_keys=[importer_id], lazy="joined")
    job_order: Mapped[JobOrder | None] = relationship(lazy="joined")
    terms: Mapped[TermsAcceptance | None] = relationship(lazy="joined")


class TermsAcceptance(Base):
    """A job order's terms as one exporter accepted them, before their first submittal to it."""

    __tablename__ = "terms_acceptances"
    __table_args__ = (UniqueConstraint("job_order_id", "exporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    job_order_id: Mapped[int] = mapped_column(ForeignKey("job_orders.id"))
    exporter_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    # The terms as they read when accepted: what was agreed in writing, word for word.
    split_importer: Mapped[int]
    fee_percent: Mapped[float | None] = mapped_column(Float)
    guarantee_days: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    accepted_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    accepted_at: Mapped[datetime]

    accepted_by: Mapped[Member] = relationship(foreign_keys=[accepted_by_id], lazy="joined")

    @property
    def split(self) -> str:
        """The split as written, importer's share first, e.g. "60/40"."""
        return f"{self.split_importer}/{100 - self.split_importer}"


class Interview(Base):
    """One interview of a submitted candidate, recorded by the importer; each round apart."""

    __tablename__ = "interviews"
    __table_args__ = (UniqueConstraint("submission_id", "at"),)  # one interview per instant

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    round: Mapped[int]
    at: Mapped[datetime]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]


class Placement(Base):
    """A candidate placed (`P-3`): start date and fee as the importer reported them, then the
    client's payment and the partner's share. Amounts are whole cents, currency as typed."""

    __tablename__ = "placements"
    __table_args__ = (UniqueConstraint("submission_id"),)  # a submittal is placed once

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    start_date: Mapped[date]
    fee_cents: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(8))  # "$", "£", "EUR" …
    currency_first: Mapped[bool] = mapped_column(default=True)  # "$25,000" or "25,000 EUR"
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]
    paid_cents: Mapped[int | None] = mapped_column(BigInteger)  # what the client paid
    paid_at: Mapped[datetime | None]
    share_cents: Mapped[int | None] = mapped_column(BigInteger)  # what the exporter is owed
    received_at: Mapped[datetime | None]
    guarantee_until: Mapped[date | None]  # the last day of the guarantee, from the terms
    guarantee_noted_at: Mapped[datetime | None]  # both told a week before it ends (once)
    fell_off_at: Mapped[datetime | None]
    falloff_reason: Mapped[str | None] = mapped_column(Text)

    submission: Mapped[Submission] = relationship(lazy="joined")

    @property
    def ref(self) -> str:
        return f"P-{self.id}"


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_source", "team_id", "source", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[ConversationKind] = mapped_column(text_enum(ConversationKind))
    caller_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    job_order_id: Mapped[int | None] = mapped_column(ForeignKey("job_orders.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(80))  # a phone system's call, e.g. twilio:CA…
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
    kind: Mapped[FollowUpKind] = mapped_column(text_enum(FollowUpKind))
    debtor_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    creditor_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    what: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str | None] = mapped_column(
        Text
    )  # the partner's own words: a question, a promise
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id"), index=True)
    # The channel it was recorded in: a partner whose firm has no install is reminded there.
    channel: Mapped[str | None] = mapped_column(String(32))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    job_order_id: Mapped[int | None] = mapped_column(ForeignKey("job_orders.id"))
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interviews.id"))
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placements.id"))
    window: Mapped[str] = mapped_column(String(64))
    due_at: Mapped[datetime]
    state: Mapped[FollowUpState] = mapped_column(text_enum(FollowUpState))
    nudge_count: Mapped[int] = mapped_column(default=0)
    next_nudge_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[Resolution | None] = mapped_column(text_enum(Resolution))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime]
    # Bumped by every change: a change applies only to the version it read (compare-and-set).
    version: Mapped[int] = mapped_column(server_default="0")

    debtor: Mapped[Member] = relationship(foreign_keys=[debtor_id], lazy="joined")
    creditor: Mapped[Member] = relationship(foreign_keys=[creditor_id], lazy="joined")
    submission: Mapped[Submission | None] = relationship(lazy="joined")
    conversation: Mapped[Conversation | None] = relationship(lazy="joined")
    job_order: Mapped[JobOrder | None] = relationship(lazy="joined")
    interview: Mapped[Interview | None] = relationship(lazy="joined")
    placement: Mapped[Placement | None] = relationship(lazy="joined")

    # Every ORM update is `… WHERE id = :id AND version = :read`: a lost race changes nothing.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - read once by the mapper

    @property
    def ref(self) -> str:
        return f"F-{self.id}"

    @property
    def is_open(self) -> bool:
        return self.state is FollowUpState.OPEN


class InstallAsk(Base):
    """A creditor was told that a partner's firm has not installed the app (told once)."""

    __tablename__ = "install_asks"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime]


class Question(Base):
    """Something the bot asked one person to choose (who owes, which item), answered once."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))  # who was asked: only they can answer
    kind: Mapped[str] = mapped_column(String(24))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(index=True)
    answered_at: Mapped[datetime | None]
    answer: Mapped[str | None] = mapped_column(String(64))


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


class FollowUpMessage(Base):
    """A Slack message about a follow-up: replies and ✅ reactions on it can resolve it."""

    __tablename__ = "follow_up_messages"
    __table_args__ = (Index("ix_follow_up_messages_where", "team_id", "channel", "ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id"), index=True)
    purpose: Mapped[MessagePurpose] = mapped_column(text_enum(MessagePurpose))
    channel: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


@event.listens_for(Activity, "before_update")
@event.listens_for(Activity, "before_delete")
def _activity_is_append_only(*_args: object) -> None:
    raise RuntimeError("the activity log is append-only")
