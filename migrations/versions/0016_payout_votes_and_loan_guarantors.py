"""Members ratify large merry-go-round payouts (a threshold per chama, a vote
per payout with one row a voter), and a loan offer keeps the guarantors the
member named in the request.

Revision ID: 0016
Revises: 0015
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: Union[str, Sequence[str], None] = "0015"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # plain ADD COLUMN (nullable, no constraint) works on SQLite without rebuilding the table
    op.add_column("chama_policies", sa.Column("payout_ratify_above_cents", sa.BigInteger(), nullable=True))
    op.add_column("loan_quotes", sa.Column("guarantors", sa.String(length=120), nullable=True))
    op.create_table(
        "payout_ratifications",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("payout_id", Id, nullable=False),
        sa.Column("chama_id", Id, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column("quorum_bp", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["chama_id"], ["chamas.id"], name=op.f("fk_payout_ratifications_chama_id_chamas")),
        sa.ForeignKeyConstraint(["payout_id"], ["payouts.id"],
                                name=op.f("fk_payout_ratifications_payout_id_payouts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_ratifications")),
        sa.UniqueConstraint("payout_id", name=op.f("uq_payout_ratifications_payout_id")),
    )
    op.create_index(op.f("ix_payout_ratifications_chama_id"), "payout_ratifications", ["chama_id"], unique=False)
    op.create_table(
        "payout_votes",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("ratification_id", Id, nullable=False),
        sa.Column("member_id", Id, nullable=False),
        sa.Column("yes", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_payout_votes_member_id_members")),
        sa.ForeignKeyConstraint(["ratification_id"], ["payout_ratifications.id"],
                                name=op.f("fk_payout_votes_ratification_id_payout_ratifications")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_votes")),
        sa.UniqueConstraint("ratification_id", "member_id", name="uq_payout_votes_member"),
    )


def downgrade() -> None:
    op.drop_table("payout_votes")
    op.drop_index(op.f("ix_payout_ratifications_chama_id"), table_name="payout_ratifications")
    op.drop_table("payout_ratifications")
    with op.batch_alter_table("loan_quotes", schema=None) as batch_op:
        batch_op.drop_column("guarantors")
    with op.batch_alter_table("chama_policies", schema=None) as batch_op:
        batch_op.drop_column("payout_ratify_above_cents")
