"""Reminders and the schedule (issue 9): members' notification preferences (night
reminders, an email address for officers) and the marks that make scheduled
work idempotent per kind, chama and period.

Revision ID: 0009
Revises: 0003
Create Date: 2026-11-26 02:16:10.015609

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('member_preferences',
    sa.Column('member_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('night_reminders', sa.Boolean(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_preferences_member_id_members')),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_member_preferences'))
    )
    op.create_table('schedule_marks',
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('chama_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('period', sa.String(length=24), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['chama_id'], ['chamas.id'], name=op.f('fk_schedule_marks_chama_id_chamas')),
    sa.PrimaryKeyConstraint('kind', 'chama_id', 'period', name=op.f('pk_schedule_marks'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('schedule_marks')
    op.drop_table('member_preferences')
