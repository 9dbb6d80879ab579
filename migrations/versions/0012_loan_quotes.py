"""Loan quotes awaiting the member's confirmation (issue 8): a loan is offered
with its total interest and recorded only when the member says YES.

Revision ID: 0012
Revises: 0011
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: Union[str, Sequence[str], None] = "0011"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "loan_quotes",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("chama_id", ID, nullable=False),
        sa.Column("member_id", ID, nullable=False),
        sa.Column("principal_cents", sa.BigInteger(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("total_interest_cents", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["chama_id"], ["chamas.id"], name=op.f("fk_loan_quotes_chama_id_chamas")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_loan_quotes_member_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_quotes")),
        sa.UniqueConstraint("chama_id", "member_id", name="uq_loan_quotes_member"),
    )
    op.create_index(op.f("ix_loan_quotes_member_id"), "loan_quotes", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_loan_quotes_member_id"), table_name="loan_quotes")
    op.drop_table("loan_quotes")
