"""STK prompts record what the money is for (contribution, loan repayment,
saving, subscription) so the callback books it in the right place.

Revision ID: 0013
Revises: 0012
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: Union[str, Sequence[str], None] = "0012"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("mpesa_stk_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(length=16), nullable=False, server_default="contribution"))
        batch_op.add_column(sa.Column("details", sa.Text(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("mpesa_stk_requests", schema=None) as batch_op:
        batch_op.drop_column("details")
        batch_op.drop_column("purpose")
