"""Nudge policy, sweep leases, the delivery outbox and weekly digests

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_owner", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            "ix_follow_ups_debtor_due",
            ["debtor_id", "next_nudge_at"],
            unique=False,
            postgresql_where=sa.text("state = 'open'"),
            sqlite_where=sa.text("state = 'open'"),
        )

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("max_nudges", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("dm_channel", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("next_digest_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_members_next_digest_at"), ["next_digest_at"], unique=False
        )

    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum("nudge", "lapse", name="nudgekind", native_enum=False, length=24),
                nullable=False,
                server_default="nudge",
            )
        )
        batch_op.add_column(sa.Column("batch_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column(
                "created_at",
                sa.DateTime(timezone=True),
                nullable=False,
                server_default=sa.text("CURRENT_TIMESTAMP"),
            )
        )
        batch_op.alter_column("sent_at", existing_type=sa.DateTime(timezone=True), nullable=True)
        batch_op.create_index("ix_nudges_batch", ["batch_key"], unique=False)

    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("max_nudges", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("nudge_spacing_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("nudge_spacing_days")
        batch_op.drop_column("max_nudges")

    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_index("ix_nudges_batch")
        batch_op.alter_column("sent_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_column("created_at")
        batch_op.drop_column("attempts")
        batch_op.drop_column("batch_key")
        batch_op.drop_column("kind")

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_next_digest_at"))
        batch_op.drop_column("next_digest_at")
        batch_op.drop_column("dm_channel")
        batch_op.drop_column("max_nudges")

    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_ups_debtor_due")
        batch_op.drop_column("lease_until")
        batch_op.drop_column("lease_owner")
