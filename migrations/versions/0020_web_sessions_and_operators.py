"""The web channel: browser sessions, operators, and login codes beside push codes.

- `operators`: who may use /admin (created from the CLI, argon2 passwords);
- `web_sessions`: one row per logged-in browser, by token hash, so logging
  out everywhere ends them all;
- `push_codes.purpose`: the same one-time SMS codes now also log a member in
  on the web (`web`); existing rows are push codes.

Revision ID: 0020
Revises: 0019
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: Union[str, Sequence[str], None] = "0019"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
NOW = sa.text("CURRENT_TIMESTAMP")


def upgrade() -> None:
    with op.batch_alter_table("push_codes") as batch:
        batch.add_column(sa.Column("purpose", sa.String(10), server_default="push", nullable=False))
    op.create_table(
        "operators",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(60), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_operators"),
        sa.UniqueConstraint("username", name="uq_operators_username"))
    op.create_table(
        "web_sessions",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("member_id", Id, sa.ForeignKey("members.id", name="fk_web_sessions_member_id_members"),
                  nullable=True),
        sa.Column("operator_id", Id, sa.ForeignKey("operators.id", name="fk_web_sessions_operator_id_operators"),
                  nullable=True),
        sa.Column("device_hash", sa.String(64), nullable=False),
        sa.Column("user_agent", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_web_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_web_sessions_token_hash"),
        sa.CheckConstraint("(member_id IS NULL) <> (operator_id IS NULL)", name="ck_web_sessions_one_owner"))
    op.create_index("ix_web_sessions_member_id", "web_sessions", ["member_id"])
    op.create_index("ix_web_sessions_operator_id", "web_sessions", ["operator_id"])


def downgrade() -> None:
    op.drop_index("ix_web_sessions_operator_id", table_name="web_sessions")
    op.drop_index("ix_web_sessions_member_id", table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_table("operators")
    with op.batch_alter_table("push_codes") as batch:
        batch.drop_column("purpose")
