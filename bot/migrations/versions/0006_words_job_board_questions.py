"""Say it like a recruiter: job-board fields, vacations from a date, questions the bot asks

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

Job orders gain the importer's share of the split and when (and by whom) they were closed or
filled; workspaces gain the channel job orders are announced in and how they write dates
(12/04); members gain the first day of a vacation (earlier days stay working days); follow-ups
gain `detail`, the partner's own words for what is owed (a question, a promise). `questions`
holds what the bot asked someone to choose (who owes, which item), answered once; an outbox
answer through a response_url may replace the message that was clicked.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("split_importer", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_job_orders_closed_by_id_members", "members", ["closed_by_id"], ["id"]
        )
        batch_op.create_index("ix_job_orders_open", ["team_id", "status"], unique=False)
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_channel", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("date_order", sa.String(length=8), nullable=True))
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("vacation_from", sa.Date(), nullable=True))
    # A vacation set before this revision starts, at the latest, when its member last changed
    # (so the days before it count as the working days they were).
    day = "date(updated_at)" if op.get_bind().dialect.name == "sqlite" else "updated_at::date"
    op.execute(
        f"UPDATE members SET vacation_from = {day} "
        "WHERE vacation_until IS NOT NULL AND vacation_from IS NULL"
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("detail", sa.Text(), nullable=True))
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("replace_original", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_questions_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_created_at"))
    op.drop_table("questions")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("replace_original")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_column("detail")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("vacation_from")
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("date_order")
        batch_op.drop_column("job_channel")
    with op.batch_alter_table("job_orders", schema=None) as batch_op:
        batch_op.drop_index("ix_job_orders_open")
        batch_op.drop_constraint("fk_job_orders_closed_by_id_members", type_="foreignkey")
        batch_op.drop_column("closed_by_id")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("split_importer")
