"""The split deal: terms accepted before the submittal; interviews and their feedback

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-22

A job order carries its split terms (split and fee existed; the guarantee in days and a note are
new); a workspace keeps the terms a new job order takes when it names none. An exporter accepts a
job order's terms before their first submittal to it: `terms_acceptances` records the terms as
they read then, who accepted and when, once per job order and exporter. A submission names the
terms it went under, and keeps the window agreed for the importer's answer while they await
acceptance. The new follow-up kind `accept_terms` is stored as text.

Interviews: each round of a submitted candidate's interviews, at most one per instant; the
feedback the importer owes after one is a follow-up of kind `give_feedback` naming it, due
`feedback_days` business days after it (a workspace setting; None means one).

Acceptance and placement: a submission records when the candidate accepted the offer and who said
so; a placement (`P-3`, once per submission) keeps the start date and the fee in whole cents with
its currency as typed, then the client's payment and the exporter's share. Follow-ups of kinds
`report_placement` and `pay_share` name their placement; workspaces keep `placement_days` and
`payout_days`. A placement keeps the last day of its guarantee and, if the candidate falls off,
when and why; a fall-off inside the guarantee opens a follow-up of kind `guarantee`.

Ownership: a submission keeps its candidate's normalized name (indexed) and an email or profile
URL when one was given, to find an earlier submittal of the same candidate to the same client
within the workspace's `ownership_days`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("default_split_importer", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("default_fee_percent", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("default_guarantee_days", sa.Integer(), nullable=True))
    with op.batch_alter_table("job_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guarantee_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("terms_note", sa.Text(), nullable=True))
    op.create_table(
        "terms_acceptances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("job_order_id", sa.Integer(), nullable=False),
        sa.Column("exporter_id", sa.Integer(), nullable=False),
        sa.Column("split_importer", sa.Integer(), nullable=False),
        sa.Column("fee_percent", sa.Float(), nullable=True),
        sa.Column("guarantee_days", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_order_id"],
            ["job_orders.id"],
            name=op.f("fk_terms_acceptances_job_order_id_job_orders"),
        ),
        sa.ForeignKeyConstraint(
            ["exporter_id"],
            ["members.id"],
            name=op.f("fk_terms_acceptances_exporter_id_members"),
        ),
        sa.ForeignKeyConstraint(
            ["accepted_by_id"],
            ["members.id"],
            name=op.f("fk_terms_acceptances_accepted_by_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terms_acceptances")),
        sa.UniqueConstraint(
            "job_order_id", "exporter_id", name=op.f("uq_terms_acceptances_job_order_id")
        ),
    )
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feedback_days", sa.Integer(), nullable=True))
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_interviews_submission_id_submissions"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["members.id"],
            name=op.f("fk_interviews_recorded_by_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
        sa.UniqueConstraint("submission_id", "at", name=op.f("uq_interviews_submission_id")),
    )
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interviews_submission_id"), ["submission_id"], unique=False
        )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("offer_accepted_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("offer_accepted_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("candidate_key", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("candidate_contact", sa.String(length=200), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_submissions_candidate_key"), ["candidate_key"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_submissions_offer_accepted_by_id_members"),
            "members",
            ["offer_accepted_by_id"],
            ["id"],
        )
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("placement_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("payout_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ownership_days", sa.Integer(), nullable=True))
    op.create_table(
        "placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("fee_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=True),
        sa.Column("currency_first", sa.Boolean(), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("share_cents", sa.BigInteger(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("guarantee_until", sa.Date(), nullable=True),
        sa.Column("guarantee_noted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fell_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("falloff_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_placements_submission_id_submissions"),
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"],
            ["members.id"],
            name=op.f("fk_placements_reported_by_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placements")),
        sa.UniqueConstraint("submission_id", name=op.f("uq_placements_submission_id")),
    )
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placements_team_id"), ["team_id"], unique=False)
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("placement_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_follow_ups_placement_id_placements"),
            "placements",
            ["placement_id"],
            ["id"],
        )
        batch_op.add_column(sa.Column("interview_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_follow_ups_interview_id_interviews"),
            "interviews",
            ["interview_id"],
            ["id"],
        )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("window", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("terms_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_submissions_terms_id_terms_acceptances"),
            "terms_acceptances",
            ["terms_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_follow_ups_placement_id_placements"), type_="foreignkey"
        )
        batch_op.drop_column("placement_id")
    with op.batch_alter_table("placements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placements_team_id"))
    op.drop_table("placements")
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("ownership_days")
        batch_op.drop_column("payout_days")
        batch_op.drop_column("placement_days")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_submissions_offer_accepted_by_id_members"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_submissions_candidate_key"))
        batch_op.drop_column("candidate_contact")
        batch_op.drop_column("candidate_key")
        batch_op.drop_column("offer_accepted_by_id")
        batch_op.drop_column("offer_accepted_at")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_follow_ups_interview_id_interviews"), type_="foreignkey"
        )
        batch_op.drop_column("interview_id")
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interviews_submission_id"))
    op.drop_table("interviews")
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("feedback_days")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_submissions_terms_id_terms_acceptances"), type_="foreignkey"
        )
        batch_op.drop_column("terms_id")
        batch_op.drop_column("window")
    op.drop_table("terms_acceptances")
    with op.batch_alter_table("job_orders", schema=None) as batch_op:
        batch_op.drop_column("terms_note")
        batch_op.drop_column("guarantee_days")
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("default_guarantee_days")
        batch_op.drop_column("default_fee_percent")
        batch_op.drop_column("default_split_importer")
