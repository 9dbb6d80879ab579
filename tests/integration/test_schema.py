"""The schema: Alembic builds exactly the models, and the database itself
guards the ledger (append-only everywhere; balanced entries on PostgreSQL)."""
from datetime import datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, text, update
from sqlalchemy.exc import DBAPIError

from chamabora.db.schema import Base
from chamabora.services.ledger.store import entries, postings
from chamabora.db.transaction import unit_of_work
from tests.conftest import alembic_config
from tests.helpers import make_chama


def test_migrations_build_exactly_the_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrations_run_down_to_nothing_and_back_up(engine):
    from alembic import command

    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
        assert "postings" not in _tables(conn)
        command.upgrade(config, "heads")
        assert {"postings", "journal_entries", "dues"} <= _tables(conn)


def _tables(conn) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(conn).get_table_names())


def _account_ids(engine):
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT id FROM accounts ORDER BY id LIMIT 2"))]


def _raw_entry(conn, chama_id, amounts, accounts):
    entry_id = conn.execute(insert(entries).returning(entries.c.id), {
        "chama_id": chama_id, "kind": "payment", "memo": "raw", "posted_at": datetime.now(timezone.utc)}).scalar_one()
    conn.execute(insert(postings), [{"entry_id": entry_id, "account_id": a, "amount_cents": c}
                                    for a, c in zip(accounts, amounts)])
    return entry_id


@pytest.mark.parametrize("dml", ["UPDATE postings SET amount_cents = amount_cents * 2",
                                 "DELETE FROM postings", "DELETE FROM journal_entries",
                                 "UPDATE journal_entries SET memo = 'edited'"])
def test_the_ledger_refuses_updates_and_deletes(engine, dml):
    chama_id, _ = make_chama(engine, 2)
    accounts = _account_ids(engine)
    unit_of_work(engine, lambda c: _raw_entry(c, chama_id, [500, -500], accounts))
    with pytest.raises(DBAPIError):
        with engine.begin() as conn:
            conn.execute(text(dml))


def test_dues_cannot_be_overpaid_even_by_hand(engine):
    from chamabora.services.contributions.dues import dues

    chama_id, ids = make_chama(engine, 2)
    from datetime import date

    from chamabora.core.money import Money
    from chamabora.services.contributions.payments import record_payment
    unit_of_work(engine, lambda c: record_payment(c, chama_id, ids[0], Money(100), "x", date(2027, 1, 10)))
    with pytest.raises(DBAPIError):
        with engine.begin() as conn:
            conn.execute(update(dues).values(paid_cents=dues.c.amount_cents + 1))


def test_every_migration_keeps_the_ledger_append_only(engine):
    """Rebuilding a table (SQLite's batch migrations) would silently drop its triggers."""
    with pytest.raises(DBAPIError):
        with engine.begin() as conn:
            conn.execute(insert(entries).values(chama_id=None, kind="x", memo="", posted_at=datetime.now(timezone.utc)))
            conn.execute(text("UPDATE journal_entries SET memo = 'edited'"))
