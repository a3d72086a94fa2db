"""Contact points: members' phone numbers and a per-workspace secret for call webhooks

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

Members gain a phone number in E.164 (`+442079460958`), looked up by workspace and number when
a phone system reports a call. Workspaces gain `inbound_token`, the secret in the path of the
call webhook URLs (`/webhooks/calls/<provider>/<token>`), created the first time it is asked for.
A conversation seen by a phone system names its source (`twilio:CA…`), once per workspace, so
a delivery applied twice records one call.
Recorded call deliveries are inbox requests of kind `call` (kinds are stored as text).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch_op.create_index("ix_members_phone", ["team_id", "phone"], unique=False)
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("inbound_token", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_workspaces_inbound_token", ["inbound_token"], unique=True)
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=80), nullable=True))
        batch_op.create_index("ix_conversations_source", ["team_id", "source"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index("ix_conversations_source")
        batch_op.drop_column("source")
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_index("ix_workspaces_inbound_token")
        batch_op.drop_column("inbound_token")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_phone")
        batch_op.drop_column("phone")
