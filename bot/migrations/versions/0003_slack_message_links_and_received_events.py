"""Slack messages linked to follow-ups, and the event ids already handled

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
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

    op.create_table(
        "follow_up_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "card", "notice", "tracked", name="messagepurpose", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_ups.id"],
            name=op.f("fk_follow_up_messages_follow_up_id_follow_ups"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_messages")),
    )
    with op.batch_alter_table("follow_up_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follow_up_messages_follow_up_id"), ["follow_up_id"], unique=False
        )
        batch_op.create_index(
            "ix_follow_up_messages_where", ["team_id", "channel", "ts"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("follow_up_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_messages_where")
        batch_op.drop_index(batch_op.f("ix_follow_up_messages_follow_up_id"))

    op.drop_table("follow_up_messages")
    with op.batch_alter_table("received_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_received_events_received_at"))

    op.drop_table("received_events")
