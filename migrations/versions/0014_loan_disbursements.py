"""An approved loan leaves by B2C like a payout: a disbursement belongs to a
payout or to a loan, never both.

Revision ID: 0014
Revises: 0013
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: Union[str, Sequence[str], None] = "0013"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("mpesa_disbursements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("loan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                                      nullable=True))
        batch_op.alter_column("payout_id", existing_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                              nullable=True)
        batch_op.create_foreign_key(batch_op.f("fk_mpesa_disbursements_loan_id_loans"), "loans",
                                    ["loan_id"], ["id"])
        batch_op.create_unique_constraint("uq_mpesa_disbursements_loan_attempt", ["loan_id", "attempt"])
        batch_op.create_check_constraint(batch_op.f("ck_mpesa_disbursements_one_purpose"),
                                         "(payout_id IS NULL) <> (loan_id IS NULL)")


def downgrade() -> None:
    # loan disbursements have no place in the older schema; their loans keep their own status and receipt
    op.execute("DELETE FROM mpesa_disbursements WHERE loan_id IS NOT NULL")
    with op.batch_alter_table("mpesa_disbursements", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_mpesa_disbursements_one_purpose"), type_="check")
        batch_op.drop_constraint("uq_mpesa_disbursements_loan_attempt", type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_mpesa_disbursements_loan_id_loans"), type_="foreignkey")
        batch_op.alter_column("payout_id", existing_type=sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                              nullable=False)
        batch_op.drop_column("loan_id")
