"""Out of office from Slack: a member's away status, kept apart from the vacation they type

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24

Members gain the away spell read from their Slack status (🌴, "OOO", "on leave" … with an
expiration): the instant it was first seen (its local day is the first day away), the instant it
ends, the status as it read, and the `updated` stamp of the user object it came from, so an
older event never overrides a newer one. A nudge of kind `away` records that a creditor was told
once per spell that reminders wait (nudge kinds are stored as text: no schema change).

What an importer owes about a submission now reads "answer about Jane Doe" (it read "respond to
Jane Doe", which lapse notices turned into "did not respond: respond to …"); stored follow-ups
are reworded to match, and back on downgrade.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("away_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("away_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("away_says", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("status_seen", sa.DateTime(timezone=True), nullable=True))
    _reword("respond to ", "answer about ")


def downgrade() -> None:
    _reword("answer about ", "respond to ")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_column("status_seen")
        batch_op.drop_column("away_says")
        batch_op.drop_column("away_until")
        batch_op.drop_column("away_since")


def _reword(old: str, new: str) -> None:
    """Change the opening words of what is owed about a submission."""
    follow_ups = sa.table("follow_ups", sa.column("kind", sa.String), sa.column("what", sa.String))
    op.execute(
        follow_ups.update()
        .where(follow_ups.c.kind == "respond", follow_ups.c.what.startswith(old, autoescape=True))
        .values(what=sa.literal(new) + sa.func.substr(follow_ups.c.what, len(old) + 1))
    )
