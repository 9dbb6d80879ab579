"""Payments that arrive at the same moment, in real concurrent PostgreSQL
transactions: every one lands, each is allocated exactly once, and the same
outside event racing itself is recorded once."""
import threading
from datetime import date

from sqlalchemy import func, select

from chamabora.core.money import Money
from chamabora.services.contributions import payments
from chamabora.services.ledger import statements
from chamabora.services.contributions.dues import dues
from chamabora.services.ledger.store import entries
from chamabora.db.transaction import unit_of_work
from tests.helpers import make_chama

DAY = date(2027, 3, 20)  # three cycles open, so allocation has old dues to fight over


def race(count, work):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def runner(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def test_simultaneous_payments_by_one_member_all_land_and_allocate_once_each(postgres):
    chama_id, ids = make_chama(postgres, 2, join_day=date(2027, 1, 1))
    member = ids[1]
    unit_of_work(postgres, lambda c: payments.record_payment(c, chama_id, ids[0], Money(100), "warm", DAY))

    results, errors = race(8, lambda i: unit_of_work(postgres, lambda c: payments.record_payment(
        c, chama_id, member, Money(70000), f"same-moment-{i}", DAY)))
    assert errors == []
    assert all(r is not None and not r.duplicate for r in results)
    assert len({r.entry_id for r in results}) == 8

    balance = unit_of_work(postgres, lambda c: statements.member_balance(c, chama_id, member))
    # 8 x 700 = 5,600: cycles 1 and 2 (late) 2,000, their fines 200, cycle 3 1,000, credit 2,400
    assert (balance.contributed, balance.fines_owed, balance.dues_owed, balance.credit) == (
        Money(300000), Money(0), Money(0), Money(240000))
    with postgres.connect() as conn:
        fines_paid = conn.execute(select(func.sum(dues.c.paid_cents)).where(dues.c.kind == "fine")).scalar_one()
    assert fines_paid == 20000


def test_the_same_receipt_racing_itself_is_recorded_once(postgres):
    chama_id, ids = make_chama(postgres, 5, join_day=date(2027, 1, 1))
    results, errors = race(4, lambda i: unit_of_work(postgres, lambda c: payments.record_payment(
        c, chama_id, ids[i], Money(100000), "mpesa:RACE000001", DAY)))
    assert errors == []
    assert sum(1 for r in results if not r.duplicate) == 1
    assert len({r.entry_id for r in results}) == 1
    with postgres.connect() as conn:
        assert conn.execute(select(func.count()).select_from(entries)
                            .where(entries.c.idempotency_key == "mpesa:RACE000001")).scalar_one() == 1


def test_simultaneous_first_payments_open_each_cycle_once(postgres):
    chama_id, ids = make_chama(postgres, 6, join_day=date(2027, 1, 1))
    results, errors = race(6, lambda i: unit_of_work(postgres, lambda c: payments.record_payment(
        c, chama_id, ids[i], Money(100000), f"first-{i}", DAY)))
    assert errors == [] and all(not r.duplicate for r in results)
    with postgres.connect() as conn:
        levies = conn.execute(select(func.count()).select_from(entries).where(entries.c.kind == "levy")).scalar_one()
        owed = conn.execute(select(func.count()).select_from(dues).where(dues.c.kind == "contribution")).scalar_one()
    assert (levies, owed) == (3, 18)
