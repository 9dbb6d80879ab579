"""Rules from a phone, share-outs paid by M-Pesa, push enrolment.

- `rule_changes`: a change waits for the cycle it applies from;
- `cycles` keep the grace and fine in force when they opened, so a later
  change never fines an earlier cycle retroactively;
- `shareouts` and `shareout_lines`, each line paid as a withdrawal
  (`withdrawals.shareout_id`), and savings withdrawals paid by B2C
  (`mpesa_disbursements.withdrawal_id`, one purpose per disbursement);
- `push_codes`: the SMS codes that prove a phone before an app registers.

Revision ID: 0019
Revises: 0018
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: Union[str, Sequence[str], None] = "0018"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
NOW = sa.text("CURRENT_TIMESTAMP")
TWO_PURPOSES = "(payout_id IS NULL) <> (loan_id IS NULL)"
THREE_PURPOSES = ("(CASE WHEN payout_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN loan_id IS NULL "
                  "THEN 0 ELSE 1 END) + (CASE WHEN withdrawal_id IS NULL THEN 0 ELSE 1 END) = 1")


def upgrade() -> None:
    op.create_table(
        "rule_changes",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("chama_id", Id, sa.ForeignKey("chamas.id", name="fk_rule_changes_chama_id_chamas"), nullable=False),
        sa.Column("actor_member_id", Id, sa.ForeignKey("members.id", name="fk_rule_changes_actor_member_id_members"),
                  nullable=True),
        sa.Column("effective_seq", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_rule_changes"))
    op.create_index("ix_rule_changes_chama_id", "rule_changes", ["chama_id"])
    for column in (sa.Column("grace_days", sa.Integer(), nullable=True),
                   sa.Column("fine_flat_cents", sa.BigInteger(), nullable=True),
                   sa.Column("fine_percent_bp", sa.Integer(), nullable=True),
                   sa.Column("fine_per_day", sa.Boolean(), nullable=True),
                   sa.Column("fine_cap_cents", sa.BigInteger(), nullable=True)):
        op.add_column("cycles", column)
    op.create_table(
        "shareouts",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("chama_id", Id, sa.ForeignKey("chamas.id", name="fk_shareouts_chama_id_chamas"), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("pool_cents", sa.BigInteger(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("proposed_by", Id, sa.ForeignKey("members.id", name="fk_shareouts_proposed_by_members"),
                  nullable=False),
        sa.Column("decided_by", Id, sa.ForeignKey("members.id", name="fk_shareouts_decided_by_members"),
                  nullable=True),
        sa.Column("entry_id", Id, sa.ForeignKey("journal_entries.id", name="fk_shareouts_entry_id_journal_entries"),
                  nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_shareouts"))
    op.create_index("ix_shareouts_chama_id", "shareouts", ["chama_id"])
    with op.batch_alter_table("withdrawals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shareout_id", Id, nullable=True))
        batch_op.create_foreign_key("fk_withdrawals_shareout_id_shareouts", "shareouts", ["shareout_id"], ["id"])
    op.create_table(
        "shareout_lines",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("shareout_id", Id, sa.ForeignKey("shareouts.id", name="fk_shareout_lines_shareout_id_shareouts"),
                  nullable=False),
        sa.Column("member_id", Id, sa.ForeignKey("members.id", name="fk_shareout_lines_member_id_members"),
                  nullable=False),
        sa.Column("savings_cents", sa.BigInteger(), nullable=False),
        sa.Column("share_cents", sa.BigInteger(), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=False),
        sa.Column("withdrawal_id", Id, sa.ForeignKey("withdrawals.id",
                                                     name="fk_shareout_lines_withdrawal_id_withdrawals"),
                  nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_shareout_lines"),
        sa.UniqueConstraint("shareout_id", "member_id", name="uq_shareout_lines_member"))
    with op.batch_alter_table("mpesa_disbursements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawal_id", Id, nullable=True))
        batch_op.create_foreign_key("fk_mpesa_disbursements_withdrawal_id_withdrawals", "withdrawals",
                                    ["withdrawal_id"], ["id"])
        batch_op.create_unique_constraint("uq_mpesa_disbursements_withdrawal_attempt", ["withdrawal_id", "attempt"])
        batch_op.drop_constraint(batch_op.f("ck_mpesa_disbursements_one_purpose"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_mpesa_disbursements_one_purpose"), THREE_PURPOSES)
    op.create_table(
        "push_codes",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("member_id", Id, sa.ForeignKey("members.id", name="fk_push_codes_member_id_members"),
                  nullable=False),
        sa.Column("code_hash", sa.String(200), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_push_codes"))
    op.create_index("ix_push_codes_member_id", "push_codes", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_push_codes_member_id", table_name="push_codes")
    op.drop_table("push_codes")
    # withdrawals paid by M-Pesa have no place in the older schema; the withdrawals keep their status
    op.execute("DELETE FROM mpesa_disbursements WHERE withdrawal_id IS NOT NULL")
    with op.batch_alter_table("mpesa_disbursements", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_mpesa_disbursements_one_purpose"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_mpesa_disbursements_one_purpose"), TWO_PURPOSES)
        batch_op.drop_constraint("uq_mpesa_disbursements_withdrawal_attempt", type_="unique")
        batch_op.drop_constraint("fk_mpesa_disbursements_withdrawal_id_withdrawals", type_="foreignkey")
        batch_op.drop_column("withdrawal_id")
    op.drop_table("shareout_lines")
    with op.batch_alter_table("withdrawals", schema=None) as batch_op:
        batch_op.drop_constraint("fk_withdrawals_shareout_id_shareouts", type_="foreignkey")
        batch_op.drop_column("shareout_id")
    op.drop_index("ix_shareouts_chama_id", table_name="shareouts")
    op.drop_table("shareouts")
    with op.batch_alter_table("cycles", schema=None) as batch_op:
        for name in ("fine_cap_cents", "fine_per_day", "fine_percent_bp", "fine_flat_cents", "grace_days"):
            batch_op.drop_column(name)
    op.drop_index("ix_rule_changes_chama_id", table_name="rule_changes")
    op.drop_table("rule_changes")
