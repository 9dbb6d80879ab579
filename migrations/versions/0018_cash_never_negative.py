"""Cash never goes negative, in the database too; and every chama gets its
`claimed_cash` account (money members forwarded proof of, not yet confirmed).

The services check every outflow against the chama's cash under its row
lock; these triggers refuse a posting that leaves a chama's `cash` or
`claimed_cash` balance below zero even when written around them.

PostgreSQL: a deferred constraint trigger on postings that take money out
of a cash account (a credit) checks the account's balance at commit, after
locking the account's row so two transactions spending the same cash queue
behind each other (FOR NO KEY UPDATE: payments coming in, whose postings
only take a key-share lock on the account, are never held up). Only credits
are checked, so a payment (a debit) costs nothing more.
SQLite (local default): the same check, immediately, per posting.

Revision ID: 0018
Revises: 0017
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0018"
down_revision: Union[str, Sequence[str], None] = "0017"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CASH_KINDS = "('cash', 'claimed_cash')"

OPEN_CLAIMED = """
    INSERT INTO accounts (chama_id, kind, member_id, code)
    SELECT c.id, 'claimed_cash', NULL, 'claimed_cash' FROM chamas c
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.chama_id = c.id AND a.code = 'claimed_cash')
"""

PG_UP = [
    f"""
    CREATE FUNCTION ledger_cash_not_negative() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE account_kind text; account_chama bigint; total bigint;
    BEGIN
      SELECT kind, chama_id INTO account_kind, account_chama FROM accounts
        WHERE id = NEW.account_id AND kind IN {CASH_KINDS} FOR NO KEY UPDATE;
      IF NOT FOUND THEN
        RETURN NULL;
      END IF;
      SELECT COALESCE(SUM(amount_cents), 0) INTO total FROM postings WHERE account_id = NEW.account_id;
      IF total < 0 THEN
        RAISE EXCEPTION 'cash would go negative: % of chama % at % cents', account_kind, account_chama, total
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NULL;
    END $$
    """,
    """
    CREATE CONSTRAINT TRIGGER postings_cash_not_negative
      AFTER INSERT ON postings DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (NEW.amount_cents < 0) EXECUTE FUNCTION ledger_cash_not_negative()
    """,
]

PG_DOWN = [
    "DROP TRIGGER postings_cash_not_negative ON postings",
    "DROP FUNCTION ledger_cash_not_negative()",
]

SQLITE_UP = [
    f"""
    CREATE TRIGGER postings_cash_not_negative AFTER INSERT ON postings
    WHEN NEW.amount_cents < 0
      AND (SELECT kind FROM accounts WHERE id = NEW.account_id) IN {CASH_KINDS}
      AND (SELECT SUM(amount_cents) FROM postings WHERE account_id = NEW.account_id) < 0
    BEGIN SELECT RAISE(ABORT, 'cash would go negative'); END
    """,
]

SQLITE_DOWN = ["DROP TRIGGER postings_cash_not_negative"]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(OPEN_CLAIMED)
    for statement in PG_UP if dialect == "postgresql" else SQLITE_UP if dialect == "sqlite" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in PG_DOWN if dialect == "postgresql" else SQLITE_DOWN if dialect == "sqlite" else []:
        op.execute(statement)
    # claimed_cash accounts stay: postings may refer to them
