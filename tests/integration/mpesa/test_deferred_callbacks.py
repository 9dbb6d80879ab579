"""With RQ running, Daraja's callbacks are stored and acknowledged in the
request and applied by a worker on the money queue, once per event however
often Daraja repeats it (real Redis)."""
import os
from datetime import date

import pytest
import redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer
from sqlalchemy import select, update

from chamabora.core.money import Money
from chamabora.worker import tasks
from chamabora.jobs.queues import queues
from chamabora.channels.mpesa import deferred
from chamabora.services.mpesa import callback_drain
from chamabora.services.mpesa.callbacks import callbacks
from chamabora.outbox.store import outbox
from chamabora.services.ledger import statements
from chamabora.services.records import memberships
from tests import daraja
from tests.helpers import make_chama, run
from tests.integration.mpesa.test_stk_callbacks import prompt

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def services(engine, make_app):
    redis.Redis.from_url(REDIS_URL).flushdb()
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    services = app.extensions["chamabora"]
    tasks.use(services)
    yield app, services
    tasks.use(None)


def drain(services):
    SimpleWorker(queues(services.redis), connection=services.redis, serializer=JSONSerializer).work(
        burst=True, logging_level="WARNING")


def stored(engine):
    with engine.connect() as conn:
        return sorted(conn.execute(select(callbacks.c.status)).scalars())


def paid(engine, chama_id, member_id):
    return run(engine, lambda c: statements.member_balance(c, chama_id, member_id)).contributed


def money_queue(services_):
    return [q for q in queues(services_.redis) if q.name == "money"][0]


def test_repeated_confirmations_are_acknowledged_at_once_and_posted_once_by_the_worker(engine, services):
    app, services_ = services
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    client = app.test_client()
    for _ in range(3):
        response = daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W6S", "1000.00", "UMOJA-2"))
        assert response.get_json() == {"ResultCode": 0, "ResultDesc": "Success"}
    # every copy is stored; the repeats are recognised as they arrive, so only the first waits for the worker
    assert stored(engine) == ["duplicate", "duplicate", "received"] and paid(engine, chama_id, ids[1]) == Money(0)
    assert money_queue(services_).count == 1
    drain(services_)
    assert stored(engine) == ["applied", "duplicate", "duplicate"]
    assert paid(engine, chama_id, ids[1]) == Money.shillings(1000)
    with engine.connect() as conn:
        receipts = conn.execute(select(outbox.c.body).where(outbox.c.member_id == ids[1])).scalars().all()
        first = conn.execute(select(callbacks.c.id).order_by(callbacks.c.id)).scalars().first()
    assert len(receipts) == 1 and receipts[0].startswith("Received KES 1,000")
    # a drain run again (a retry, or a work-horse that died after committing) finds nothing left to do
    assert callback_drain.apply_one(services_.run, first) is None and tasks.drain_mpesa_callbacks() == 0
    assert paid(engine, chama_id, ids[1]) == Money.shillings(1000)


def test_one_drain_is_queued_at_a_time_and_a_callback_after_it_starts_queues_the_next(engine, services):
    app, services_ = services
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    client = app.test_client()
    for n in range(3):
        daraja.post(client, "c2b/confirmation", daraja.c2b(f"RKTQDM7W7{n}", "100.00", "UMOJA-2"))
    money = money_queue(services_)
    assert money.count == 1
    drain(services_)
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W80", "100.00", "UMOJA-2"))
    assert money.count == 1
    drain(services_)
    assert stored(engine) == ["applied"] * 4 and paid(engine, chama_id, ids[1]) == Money.shillings(400)


def test_a_forged_callback_is_refused_and_nothing_is_queued(engine, services):
    app, services_ = services
    make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    response = daraja.post(app.test_client(), "c2b/confirmation", daraja.c2b("RKTQDM7W6S"), token="forged")
    assert response.status_code == 403
    assert stored(engine) == [] and all(q.count == 0 for q in queues(services_.redis))


def test_malformed_json_gets_a_4xx_and_nothing_is_stored_or_queued(engine, services):
    app, services_ = services
    response = daraja.post(app.test_client(), "c2b/confirmation", "{not json")
    assert response.status_code == 400
    assert stored(engine) == [] and all(q.count == 0 for q in queues(services_.redis))


def test_a_payment_naming_no_chama_is_held_by_the_worker(engine, services):
    app, services_ = services
    client = app.test_client()
    # no chama called NOSUCH: the worker holds the money for the operator, and the row says so
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W6U", "500.00", "NOSUCH-2"))
    drain(services_)
    assert stored(engine) == ["held"]


def test_a_refused_callback_in_a_batch_is_kept_with_its_reason_and_the_rest_post(engine, services):
    app, services_ = services
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    client = app.test_client()
    prompt(engine, chama_id, ids[2], "ws_CO_left")
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W90", "100.00", "UMOJA-2"))
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_left", amount=500, receipt="QGH7XK2L0L"))
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W91", "200.00", "UMOJA-2"))
    # the payer left the chama after the prompt: the batch holding its payment is refused as a whole
    run(engine, lambda c: c.execute(update(memberships).where(memberships.c.member_id == ids[2])
                                    .values(status="left")))
    drain(services_)
    assert stored(engine) == ["applied", "applied", "error"]
    assert paid(engine, chama_id, ids[1]) == Money.shillings(300)
    with engine.connect() as conn:
        note = conn.execute(select(callbacks.c.note).where(callbacks.c.status == "error")).scalar_one()
    assert note.startswith("not_a_member")


def test_a_copy_arriving_after_a_refusal_is_tried_afresh(engine, services):
    app, services_ = services
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    client = app.test_client()
    prompt(engine, chama_id, ids[2], "ws_CO_back")
    body = daraja.stk("ws_CO_back", amount=500, receipt="QGH7XK2L0B")
    leave = update(memberships).where(memberships.c.member_id == ids[2])
    run(engine, lambda c: c.execute(leave.values(status="left")))
    daraja.post(client, "stk/callback", body)
    drain(services_)
    run(engine, lambda c: c.execute(leave.values(status="active")))  # back in the chama before Daraja's retry
    daraja.post(client, "stk/callback", body)
    drain(services_)
    assert stored(engine) == ["applied", "error"] and paid(engine, chama_id, ids[2]) == Money.shillings(500)


def test_a_drain_past_its_time_hands_the_rest_to_a_successor(engine, services, monkeypatch):
    app, services_ = services
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    client = app.test_client()
    for n in range(5):
        daraja.post(client, "c2b/confirmation", daraja.c2b(f"RKTQDM7X0{n}", "100.00", "UMOJA-2"))
    monkeypatch.setattr(callback_drain, "BATCH", 2)
    monkeypatch.setattr(callback_drain, "DRAIN_SECONDS", 0)
    assert tasks.drain_mpesa_callbacks() == 2  # one batch, then its time is up
    assert stored(engine).count("applied") == 2 and money_queue(services_).count == 2
    drain(services_)
    assert stored(engine) == ["applied"] * 5 and paid(engine, chama_id, ids[1]) == Money.shillings(500)


def test_a_repeat_queues_no_drain_and_a_fresh_event_does(engine, services):
    app, services_ = services
    make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    client = app.test_client()
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W95", "100.00", "UMOJA-2"))
    services_.redis.delete(deferred.FLAG)  # as a drain does when it starts
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W95", "100.00", "UMOJA-2"))
    assert services_.redis.get(deferred.FLAG) is None and money_queue(services_).count == 1
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W96", "100.00", "UMOJA-2"))
    assert services_.redis.get(deferred.FLAG) is not None and money_queue(services_).count == 2


def test_a_callback_whose_drain_was_lost_is_applied_once_by_reconciliation(engine, make_app):
    from datetime import datetime, timedelta, timezone

    from chamabora.services.mpesa.reconcile import reconcile

    redis.Redis.from_url(REDIS_URL).flushdb()
    # a Daraja address nothing answers at: reconciliation has no prompt or payout to ask it about
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL,
                   mpesa_base_url="http://127.0.0.1:9")
    services_ = app.extensions["chamabora"]
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    client = app.test_client()
    assert daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W6T", "1000.00", "UMOJA-2")).status_code == 200
    money_queue(services_).empty()  # the drain job is lost
    services_.redis.delete(deferred.FLAG)
    assert stored(engine) == ["received"]
    report = reconcile(services_, now=datetime.now(timezone.utc) + timedelta(minutes=1))
    assert report.callbacks_reapplied == 0 and stored(engine) == ["received"]  # not stuck yet: a drain may be on it
    later = datetime.now(timezone.utc) + timedelta(minutes=3)
    report = reconcile(services_, now=later)
    assert (report.callbacks_reapplied, report.errors) == (1, []) and stored(engine) == ["applied"]
    assert paid(engine, chama_id, ids[1]) == Money.shillings(1000)
    assert reconcile(services_, now=later).callbacks_reapplied == 0
    tasks.use(services_)
    try:
        assert tasks.drain_mpesa_callbacks() == 0  # a drain that does run later finds nothing to do
    finally:
        tasks.use(None)
    assert paid(engine, chama_id, ids[1]) == Money.shillings(1000)
