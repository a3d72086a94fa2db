"""Ledger tables: workspaces, members, job orders, submissions, conversations, follow-ups

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_workspaces")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("working_hours", sa.String(length=64), nullable=True),
        sa.Column("holiday_country", sa.String(length=8), nullable=True),
        sa.Column("specializations", sa.String(length=500), nullable=False),
        sa.Column("vacation_until", sa.Date(), nullable=True),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspaces.team_id"], name=op.f("fk_members_team_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("team_id", "slack_user_id", name=op.f("uq_members_team_id")),
    )
    op.create_table(
        "job_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("importer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("client", sa.String(length=200), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("fee_percent", sa.Float(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open", "filled", "closed", name="joborderstatus", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["importer_id"], ["members.id"], name=op.f("fk_job_orders_importer_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_orders")),
    )
    with op.batch_alter_table("job_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_orders_team_id"), ["team_id"], unique=False)

    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("call", "email", "talk", name="conversationkind", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("caller_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("job_order_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["caller_id"], ["members.id"], name=op.f("fk_conversations_caller_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["job_order_id"],
            ["job_orders.id"],
            name=op.f("fk_conversations_job_order_id_job_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["members.id"], name=op.f("fk_conversations_partner_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversations_job_order_id"), ["job_order_id"], unique=False
        )

    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("exporter_id", sa.Integer(), nullable=False),
        sa.Column("importer_id", sa.Integer(), nullable=False),
        sa.Column("job_order_id", sa.Integer(), nullable=True),
        sa.Column("candidate", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "done",
                "heard",
                "interested",
                "need_more_info",
                "passed",
                "called_back",
                "emailed_back",
                "cancelled",
                "lapsed",
                name="resolution",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("outcome_reason", sa.Text(), nullable=True),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["exporter_id"], ["members.id"], name=op.f("fk_submissions_exporter_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["importer_id"], ["members.id"], name=op.f("fk_submissions_importer_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["job_order_id"], ["job_orders.id"], name=op.f("fk_submissions_job_order_id_job_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_submissions_job_order_id"), ["job_order_id"], unique=False
        )

    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "respond",
                "send_candidates",
                "get_info",
                "call_back",
                "email_back",
                "get_back",
                name="followupkind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("debtor_id", sa.Integer(), nullable=False),
        sa.Column("creditor_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=True),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("job_order_id", sa.Integer(), nullable=True),
        sa.Column("window", sa.String(length=64), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "open",
                "done",
                "lapsed",
                "cancelled",
                name="followupstate",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("nudge_count", sa.Integer(), nullable=False),
        sa.Column("next_nudge_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "resolution",
            sa.Enum(
                "done",
                "heard",
                "interested",
                "need_more_info",
                "passed",
                "called_back",
                "emailed_back",
                "cancelled",
                "lapsed",
                name="resolution",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_follow_ups_conversation_id_conversations"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["members.id"], name=op.f("fk_follow_ups_created_by_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["creditor_id"], ["members.id"], name=op.f("fk_follow_ups_creditor_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["debtor_id"], ["members.id"], name=op.f("fk_follow_ups_debtor_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["job_order_id"], ["job_orders.id"], name=op.f("fk_follow_ups_job_order_id_job_orders")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"], ["members.id"], name=op.f("fk_follow_ups_resolved_by_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_follow_ups_submission_id_submissions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index(
            "ix_follow_ups_creditor", ["team_id", "creditor_id", "state"], unique=False
        )
        batch_op.create_index(
            "ix_follow_ups_debtor", ["team_id", "debtor_id", "state"], unique=False
        )
        batch_op.create_index(
            "ix_follow_ups_due",
            ["next_nudge_at"],
            unique=False,
            postgresql_where=sa.text("state = 'open'"),
            sqlite_where=sa.text("state = 'open'"),
        )
        batch_op.create_index(
            batch_op.f("ix_follow_ups_submission_id"), ["submission_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_ups_submission_id"))
        batch_op.drop_index(
            "ix_follow_ups_due",
            postgresql_where=sa.text("state = 'open'"),
            sqlite_where=sa.text("state = 'open'"),
        )
        batch_op.drop_index("ix_follow_ups_debtor")
        batch_op.drop_index("ix_follow_ups_creditor")

    op.drop_table("follow_ups")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_job_order_id"))

    op.drop_table("submissions")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_job_order_id"))

    op.drop_table("conversations")
    with op.batch_alter_table("job_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_orders_team_id"))

    op.drop_table("job_orders")
    op.drop_table("members")
    op.drop_table("workspaces")
