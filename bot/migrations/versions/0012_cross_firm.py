"""Cross-firm follow-ups: where a follow-up was recorded, the network directory, install asks

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22

A follow-up remembers the channel it was recorded in (`follow_ups.channel`): when the debtor's
firm has not installed the app, they are reminded in that channel's thread instead of a DM.
Members are found by their Slack id alone (`ix_members_slack_user_id`): a partner at another
firm is one member whichever workspace's request names them.
Workspaces opt in to the network directory (`workspaces.directory`, off by default).
`install_asks` remembers that a creditor was told, once, that a partner's firm has not installed
the app. An event id is recorded once whichever installation delivered it (Slack's event ids
are unique across workspaces; a shared channel's event can reach two installations).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=32), nullable=True))
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index("ix_members_slack_user_id", ["slack_user_id"], unique=False)
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("directory", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.create_table(
        "install_asks",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_install_asks_member_id_members")
        ),
        sa.PrimaryKeyConstraint("member_id", "team_id", name=op.f("pk_install_asks")),
    )
    op.create_index(
        "ix_inbox_event_once",
        "inbox",
        ["event_id"],
        unique=True,
        postgresql_where=sa.text("event_id IS NOT NULL"),
        sqlite_where=sa.text("event_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_inbox_event_once", table_name="inbox")
    op.drop_table("install_asks")
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("directory")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_slack_user_id")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_column("channel")
