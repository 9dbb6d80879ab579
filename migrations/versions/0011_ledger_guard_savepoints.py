"""Join the branches, and let the ledger guard accept postings written inside
a savepoint.

Migration 0002 accepted a posting only when its journal entry's row was
written by the current transaction, comparing the entry's `xmin` with the
transaction id. Inside a savepoint a row's `xmin` is the subtransaction's id,
so postings written by a handler running in a savepoint were refused. Each
entry now records the top-level transaction id (`pg_current_xact_id()`, the
same inside and outside savepoints) in `created_txid`, and the guard compares
that. SQLite keeps the column empty.

Revision ID: 0011
Revises: 0005, 0007, 0008, 0009, 0010
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: Union[str, Sequence[str], None] = ("0005", "0007", "0008", "0009", "0010")
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

PG_UP = [
    """
    CREATE FUNCTION ledger_entry_txid() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.created_txid := pg_current_xact_id()::text::bigint;
      RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER journal_entries_txid BEFORE INSERT ON journal_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_entry_txid()
    """,
    """
    CREATE OR REPLACE FUNCTION ledger_posting_in_entry_txn() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM journal_entries
                     WHERE id = NEW.entry_id AND created_txid = pg_current_xact_id()::text::bigint) THEN
        RAISE EXCEPTION 'postings may only be added with their journal entry (entry %)', NEW.entry_id
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$
    """,
]

PG_DOWN = [
    """
    CREATE OR REPLACE FUNCTION ledger_posting_in_entry_txn() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM journal_entries
                     WHERE id = NEW.entry_id AND xmin = pg_current_xact_id()::text::xid) THEN
        RAISE EXCEPTION 'postings may only be added with their journal entry (entry %)', NEW.entry_id
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$
    """,
    "DROP TRIGGER journal_entries_txid ON journal_entries",
    "DROP FUNCTION ledger_entry_txid()",
]


# Plain ALTER TABLE on SQLite too: batch mode would copy the table and lose
# its append-only triggers from migration 0002.
def upgrade() -> None:
    op.add_column("journal_entries", sa.Column("created_txid", sa.BigInteger(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in PG_DOWN:
            op.execute(statement)
    op.execute("ALTER TABLE journal_entries DROP COLUMN created_txid")
