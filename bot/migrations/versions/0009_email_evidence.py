"""Email evidence: members' email addresses, a workspace's inbound-email settings, status checks

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22

Members gain `email` (lower-cased), looked up by workspace and address when an inbound-email
service reports an email, and `status_checked_at`, when their Slack status was last asked for
(users.info before a reminder; a status older than a few hours is asked again). Workspaces gain
`email_bodies` (keep an email's body with its conversation; off unless an admin opts in) and
`inbound_ignored`, how many inbound emails came from nobody in the workspace.
Recorded email deliveries are inbox requests of kind `email` (kinds are stored as text).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(
            sa.Column("status_checked_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.create_index("ix_members_email", ["team_id", "email"], unique=False)
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("email_bodies", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("inbound_ignored", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("inbound_ignored")
        batch_op.drop_column("email_bodies")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_email")
        batch_op.drop_column("status_checked_at")
        batch_op.drop_column("email")
