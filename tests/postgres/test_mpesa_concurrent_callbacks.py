"""The same M-Pesa callback delivered several times at the same moment, in
real concurrent PostgreSQL transactions through the endpoints: it posts once."""
from datetime import date

from sqlalchemy import select

from chamabora.core.money import Money
from chamabora.services.mpesa import prompts
from chamabora.core.payment_gateway import StkAccepted, StkOrder
from chamabora.services.mpesa.callbacks import callbacks
from chamabora.services.ledger import statements
from chamabora.services.ledger.store import entries
from tests import daraja
from tests.helpers import make_chama, phone, run
from tests.postgres.test_concurrent_payments import race

COPIES = 8


def paid(engine):
    with engine.connect() as conn:
        return conn.execute(select(entries.c.idempotency_key).where(entries.c.kind == "payment")).scalars().all()


def statuses(engine):
    with engine.connect() as conn:
        return sorted(conn.execute(select(callbacks.c.status)).scalars())


def test_simultaneous_copies_of_an_stk_callback_post_once(postgres, make_app):
    chama_id, ids = make_chama(postgres, 2, anchor=date(2027, 1, 31))
    order = StkOrder(None, chama_id, ids[1], phone(ids[1]), Money.shillings(700), "UMOJA")
    run(postgres, lambda c: prompts.record_request(c, order, StkAccepted("m-1", "ws_CO_race", "")))
    app = make_app(postgres.url.render_as_string(hide_password=False))
    body = daraja.stk("ws_CO_race", amount=700, receipt="QRACE00001")
    results, errors = race(COPIES, lambda i: daraja.post(app.test_client(), "stk/callback", body).status_code)
    assert errors == [] and results == [200] * COPIES
    assert paid(postgres) == ["mpesa:QRACE00001"]
    assert statuses(postgres) == ["applied"] + ["duplicate"] * (COPIES - 1)
    balance = run(postgres, lambda c: statements.member_balance(c, chama_id, ids[1]))
    assert balance.contributed == Money.shillings(700)


def test_simultaneous_copies_of_a_c2b_confirmation_post_once(postgres, make_app):
    chama_id, ids = make_chama(postgres, 3, anchor=date(2027, 1, 31))
    app = make_app(postgres.url.render_as_string(hide_password=False))
    body = daraja.c2b("RRACE00002", "1000.00", "UMOJA-3")
    results, errors = race(COPIES, lambda i: daraja.post(app.test_client(), "c2b/confirmation", body).status_code)
    assert errors == [] and results == [200] * COPIES
    assert paid(postgres) == ["mpesa:RRACE00002"]
    assert statuses(postgres).count("applied") == 1
    balance = run(postgres, lambda c: statements.member_balance(c, chama_id, ids[2]))
    assert balance.contributed == Money.shillings(1000)


def test_reconciliation_leaves_a_stuck_callback_a_drain_is_applying_to_that_drain(postgres, make_app):
    import os
    import threading
    from datetime import datetime, timedelta, timezone

    import redis

    from chamabora.services.mpesa import callback_drain
    from chamabora.services.mpesa.reconcile import reconcile

    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    redis.Redis.from_url(redis_url).flushdb()
    chama_id, ids = make_chama(postgres, 3, anchor=date(2027, 1, 31))
    app = make_app(postgres.url.render_as_string(hide_password=False), redis_url=redis_url,
                   mpesa_base_url="http://127.0.0.1:9")
    services = app.extensions["chamabora"]
    assert daraja.post(app.test_client(), "c2b/confirmation",
                       daraja.c2b("RRACE00003", "1000.00", "UMOJA-2")).status_code == 200
    assert statuses(postgres) == ["received"]  # its drain job is not run in this test
    later = datetime.now(timezone.utc) + timedelta(minutes=3)
    held, reconciled, seen = threading.Event(), threading.Event(), {}

    def drain_holding_it():  # a drain in the middle of applying it: the row claimed, not yet committed
        with postgres.begin() as conn:
            conn.execute(callback_drain._CLAIM, {"after": 0, "limit": 50}).all()
            held.set()
            seen["reconciled_while_held"] = reconciled.wait(10)

    drain = threading.Thread(target=drain_holding_it)
    drain.start()
    held.wait(10)
    report = reconcile(services, now=later)
    reconciled.set()
    drain.join(15)
    assert seen["reconciled_while_held"] and report.callbacks_reapplied == 0 and report.errors == []
    assert statuses(postgres) == ["received"] and paid(postgres) == []
    assert reconcile(services, now=later).callbacks_reapplied == 1  # once the drain let go (it rolled back)
    assert statuses(postgres) == ["applied"] and paid(postgres) == ["mpesa:RRACE00003"]
