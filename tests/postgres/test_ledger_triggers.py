"""PostgreSQL's own guards on the ledger: a deferred constraint trigger
rejects unbalanced entries, even when written around the ORM, and postings
cannot be added to an entry after its transaction."""
import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import DBAPIError

from chamabora.services.ledger.store import postings
from chamabora.db.transaction import unit_of_work
from tests.helpers import make_chama
from tests.integration.test_schema import _account_ids, _raw_entry


def test_postgres_rejects_an_unbalanced_entry_written_around_the_orm(postgres):
    chama_id, _ = make_chama(postgres, 2)
    accounts = _account_ids(postgres)
    with pytest.raises(DBAPIError, match="unbalanced"):
        unit_of_work(postgres, lambda c: _raw_entry(c, chama_id, [500, -499], accounts))
    with pytest.raises(DBAPIError, match="unbalanced"):
        unit_of_work(postgres, lambda c: _raw_entry(c, chama_id, [500], accounts))
    with postgres.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM journal_entries")).scalar_one() == 0


def test_postgres_refuses_postings_added_to_an_old_entry(postgres):
    chama_id, _ = make_chama(postgres, 2)
    accounts = _account_ids(postgres)
    entry_id = unit_of_work(postgres, lambda c: _raw_entry(c, chama_id, [500, -500], accounts))
    with pytest.raises(DBAPIError, match="only be added with their journal entry"):
        with postgres.begin() as conn:
            conn.execute(insert(postings), [{"entry_id": entry_id, "account_id": accounts[0], "amount_cents": 1},
                                            {"entry_id": entry_id, "account_id": accounts[1], "amount_cents": -1}])


def test_postgres_accepts_an_entry_and_its_postings_written_inside_a_savepoint(postgres):
    chama_id, _ = make_chama(postgres, 2)
    accounts = _account_ids(postgres)

    def in_savepoint(conn):
        with conn.begin_nested():
            return _raw_entry(conn, chama_id, [700, -700], accounts)

    entry_id = unit_of_work(postgres, in_savepoint)
    with postgres.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM postings WHERE entry_id = :e"), {"e": entry_id}).scalar_one() == 2


def test_postgres_lets_only_one_of_two_overlapping_outflows_spend_the_same_cash(postgres):
    from tests.integration.test_money_safety import raw_entry

    chama_id, ids = make_chama(postgres, 2)
    unit_of_work(postgres, lambda c: raw_entry(c, chama_id, "cash", "pot_payable", 1000))
    first, second = postgres.connect(), postgres.connect()
    try:
        one, two = first.begin(), second.begin()
        raw_entry(first, chama_id, f"payout_payable:{ids[0]}", "cash", 600)
        raw_entry(second, chama_id, f"payout_payable:{ids[1]}", "cash", 600)
        one.commit()  # the check runs at commit, after the cash account's row is locked
        with pytest.raises(DBAPIError, match="cash would go negative"):
            two.commit()
    finally:
        first.close()
        second.close()
    with postgres.connect() as conn:
        assert conn.execute(text("SELECT sum(p.amount_cents) FROM postings p JOIN accounts a ON a.id = p.account_id "
                                 "WHERE a.chama_id = :c AND a.kind = 'cash'"), {"c": chama_id}).scalar_one() == 400
