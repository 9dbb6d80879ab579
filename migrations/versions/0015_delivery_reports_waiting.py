"""Outbox rows record when their last send attempt began (a row 'sending' past
its lease is an interrupted attempt, however old the row), and delivery
reports that come before their row is marked sent wait to be applied.

Revision ID: 0015
Revises: 0014
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: Union[str, Sequence[str], None] = "0014"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("outbox", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "delivery_reports_waiting",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("provider_message_id", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP"),
                  nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_reports_waiting")),
        sa.UniqueConstraint("provider", "provider_message_id", name="uq_delivery_reports_waiting_id"),
    )


def downgrade() -> None:
    op.drop_table("delivery_reports_waiting")
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.drop_column("claimed_at")
