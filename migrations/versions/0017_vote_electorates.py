"""A vote remembers who may vote in it: the chama's last join order number
when it opened. A member who joins while it is open does not vote on it
(they were not counted in its electorate either).

Revision ID: 0017
Revises: 0016
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: Union[str, Sequence[str], None] = "0016"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # plain ADD COLUMN (nullable): votes opened before this have no limit, as before
    op.add_column("withdrawals", sa.Column("electorate_seq", sa.Integer(), nullable=True))
    op.add_column("payout_ratifications", sa.Column("electorate_seq", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payout_ratifications", schema=None) as batch_op:
        batch_op.drop_column("electorate_seq")
    with op.batch_alter_table("withdrawals", schema=None) as batch_op:
        batch_op.drop_column("electorate_seq")
