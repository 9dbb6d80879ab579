"""Ledger guards in the database itself, so code that writes around the ORM
cannot break the books.

PostgreSQL:
- a deferred constraint trigger checks, at commit, that every new journal
  entry has at least two postings summing to zero (one check per entry, so a
  10,000-posting levy costs one indexed sum, not ten thousand);
- postings may only be added in the transaction that created their entry, so
  an old, checked entry cannot be unbalanced later;
- journal entries and postings refuse UPDATE and DELETE: corrections are
  reversing entries.
SQLite (local default): the append-only rule only.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PG_UP = [
    """
    CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE total bigint; n integer;
    BEGIN
      SELECT COALESCE(SUM(amount_cents), 0), COUNT(*) INTO total, n
        FROM postings WHERE entry_id = NEW.id;
      IF total <> 0 OR n < 2 THEN
        RAISE EXCEPTION 'journal entry % is unbalanced: % postings summing to %', NEW.id, n, total
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NULL;
    END $$
    """,
    """
    CREATE CONSTRAINT TRIGGER journal_entries_balanced
      AFTER INSERT ON journal_entries DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION ledger_entry_balanced()
    """,
    """
    CREATE FUNCTION ledger_posting_in_entry_txn() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM journal_entries
                     WHERE id = NEW.entry_id AND xmin = pg_current_xact_id()::text::xid) THEN
        RAISE EXCEPTION 'postings may only be added with their journal entry (entry %)', NEW.entry_id
          USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER postings_with_their_entry BEFORE INSERT ON postings
      FOR EACH ROW EXECUTE FUNCTION ledger_posting_in_entry_txn()
    """,
    """
    CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$
    """,
    """
    CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries
      FOR EACH ROW EXECUTE FUNCTION ledger_append_only()
    """,
    """
    CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE ON postings
      FOR EACH ROW EXECUTE FUNCTION ledger_append_only()
    """,
]

PG_DOWN = [
    "DROP TRIGGER postings_append_only ON postings",
    "DROP TRIGGER journal_entries_append_only ON journal_entries",
    "DROP FUNCTION ledger_append_only()",
    "DROP TRIGGER postings_with_their_entry ON postings",
    "DROP FUNCTION ledger_posting_in_entry_txn()",
    "DROP TRIGGER journal_entries_balanced ON journal_entries",
    "DROP FUNCTION ledger_entry_balanced()",
]

SQLITE_UP = [
    f"""
    CREATE TRIGGER {table}_append_only_{op_name.lower()} BEFORE {op_name} ON {table}
    BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END
    """
    for table in ("journal_entries", "postings") for op_name in ("UPDATE", "DELETE")
]

SQLITE_DOWN = [
    f"DROP TRIGGER {table}_append_only_{op_name.lower()}"
    for table in ("journal_entries", "postings") for op_name in ("UPDATE", "DELETE")
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(PG_UP if dialect == "postgresql" else SQLITE_UP if dialect == "sqlite" else [])


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(PG_DOWN if dialect == "postgresql" else SQLITE_DOWN if dialect == "sqlite" else [])
