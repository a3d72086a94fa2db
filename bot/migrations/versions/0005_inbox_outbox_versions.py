"""One way in, one way out: the inbox, the outbox, seen signatures and follow-up versions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

Requests are recorded in `inbox` before they are acknowledged (and deduplicated by event id,
replacing `received_events`); every message goes out through `outbox`. A reminder's `nudges` rows
now point at the outbox message that carried them. Follow-ups lose the sweep's lease (a sweep
claims and records in one transaction) and gain a version for compare-and-set changes.
Reminders recorded but never posted under 0004 are dropped: their follow-ups are swept again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=24)


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column(
            "kind", _enum("requestkind", "command", "action", "view", "event"), nullable=False
        ),
        sa.Column("event_id", sa.String(length=64), nullable=True),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("state", _enum("inboxstate", "pending", "done", "failed"), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox")),
        sa.UniqueConstraint("team_id", "event_id", name=op.f("uq_inbox_team_id")),
    )
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbox_received_at"), ["received_at"], unique=False)
        batch_op.create_index(
            "ix_inbox_waiting",
            ["not_before"],
            unique=False,
            postgresql_where=sa.text("state = 'pending'"),
            sqlite_where=sa.text("state = 'pending'"),
        )

    op.create_table(
        "seen_requests",
        sa.Column("signature", sa.String(length=80), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("signature", name=op.f("pk_seen_requests")),
    )
    with op.batch_alter_table("seen_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seen_requests_expires_at"), ["expires_at"], unique=False
        )

    kinds = ("card", "card_update", "notice", "reply", "reminder", "lapse", "digest")
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("kind", _enum("messagekind", *kinds), nullable=False),
        sa.Column(
            "delivery", _enum("delivery", "post", "ephemeral", "respond", "update"), nullable=False
        ),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("target_ts", sa.String(length=32), nullable=True),
        sa.Column("response_url", sa.Text(), nullable=True),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("blocks", sa.JSON(), nullable=True),
        sa.Column(
            "link_purpose",
            _enum("messagepurpose", "card", "notice", "tracked", "reminder"),
            nullable=True,
        ),
        sa.Column("link_follow_ups", sa.JSON(), nullable=True),
        sa.Column("about_version", sa.Integer(), nullable=True),
        sa.Column(
            "state", _enum("messagestate", "pending", "sent", "failed", "dropped"), nullable=False
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_channel", sa.String(length=32), nullable=True),
        sa.Column("sent_ts", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recipient_id"], ["members.id"], name=op.f("fk_outbox_recipient_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_channel", ["team_id", "channel", "sent_at"], unique=False)
        batch_op.create_index(
            "ix_outbox_waiting",
            ["not_before"],
            unique=False,
            postgresql_where=sa.text("state = 'pending'"),
            sqlite_where=sa.text("state = 'pending'"),
        )

    # Every reminder or lapse notice of 0004 becomes an outbox message of its own: sent ones keep
    # where they went; pending ones are dropped and their follow-ups counted one reminder less.
    op.execute(
        """
        UPDATE follow_ups SET nudge_count = nudge_count - 1
        WHERE nudge_count > 0 AND id IN (
            SELECT follow_up_id FROM nudges WHERE sent_at IS NULL AND kind = 'nudge'
        )
        """
    )
    op.execute(
        """
        INSERT INTO outbox (
            team_id, key, kind, delivery, channel, recipient_id, text, state, attempts,
            not_before, created_at, sent_at, sent_channel, sent_ts
        )
        SELECT n.team_id, 'legacy-' || n.id,
               CASE n.kind WHEN 'lapse' THEN 'lapse' ELSE 'reminder' END, 'post',
               m.slack_user_id, n.recipient_id, '',
               CASE WHEN n.sent_at IS NULL THEN 'dropped' ELSE 'sent' END, 0,
               n.created_at, n.created_at, n.sent_at, n.channel, n.message_ts
        FROM nudges n JOIN members m ON m.id = n.recipient_id
        """
    )
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("follow_up_version", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(
        "UPDATE nudges SET message_id = "
        "(SELECT o.id FROM outbox o WHERE o.key = 'legacy-' || nudges.id)"
    )
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.alter_column("message_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index("ix_nudges_batch")
        batch_op.create_index(batch_op.f("ix_nudges_message_id"), ["message_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_nudges_message_id_outbox"), "outbox", ["message_id"], ["id"]
        )
        batch_op.drop_column("attempts")
        batch_op.drop_column("message_ts")
        batch_op.drop_column("channel")
        batch_op.drop_column("batch_key")
        batch_op.drop_column("sent_at")

    with op.batch_alter_table("received_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_received_events_received_at"))
    op.drop_table("received_events")

    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))
        batch_op.drop_column("lease_until")
        batch_op.drop_column("lease_owner")


def downgrade() -> None:
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_owner", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_column("version")

    op.create_table(
        "received_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_received_events")),
        sa.UniqueConstraint("team_id", "event_id", name=op.f("uq_received_events_team_id")),
    )
    with op.batch_alter_table("received_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_received_events_received_at"), ["received_at"], unique=False
        )

    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("batch_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("channel", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("message_ts", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE nudges SET (sent_at, batch_key, channel, message_ts) = "
        "(SELECT o.sent_at, o.key, o.sent_channel, o.sent_ts FROM outbox o "
        "WHERE o.id = nudges.message_id)"
    )
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_nudges_message_id_outbox"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_nudges_message_id"))
        batch_op.create_index("ix_nudges_batch", ["batch_key"], unique=False)
        batch_op.drop_column("follow_up_version")
        batch_op.drop_column("message_id")

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_waiting")
        batch_op.drop_index("ix_outbox_channel")
    op.drop_table("outbox")
    with op.batch_alter_table("seen_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seen_requests_expires_at"))
    op.drop_table("seen_requests")
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_waiting")
        batch_op.drop_index(batch_op.f("ix_inbox_received_at"))
    op.drop_table("inbox")
