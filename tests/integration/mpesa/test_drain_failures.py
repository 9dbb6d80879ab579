"""The money worker's drain meets a callback it cannot apply: the failure is
recorded on that callback's row, with the reason, and every other callback
is applied; nothing waits to fail again on the next drain (real Redis)."""
import dataclasses
import json
from datetime import date

from sqlalchemy import select

from chamabora.core.money import Money
from chamabora.services.mpesa.callbacks import KINDS, callbacks
from chamabora.worker import tasks
from tests import daraja
from tests.helpers import make_chama
from tests.integration.mpesa.test_deferred_callbacks import drain, paid, services, stored  # noqa: F401
from tests.integration.mpesa.test_stk_callbacks import prompt


def notes(engine):
    with engine.connect() as conn:
        return [r.note for r in conn.execute(select(callbacks.c.note).where(callbacks.c.status == "error"))]


def test_a_receipt_claimed_by_two_prompts_does_not_poison_the_drain(engine, services):
    app, services_ = services
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    client = app.test_client()
    prompt(engine, chama_id, ids[1], "ws_CO_a", amount=500)
    prompt(engine, chama_id, ids[2], "ws_CO_b", amount=500)
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_a", amount=500, receipt="QGH7XK2L4P"))
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_b", amount=500, receipt="QGH7XK2L4P"))
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W9A", "300.00", "UMOJA-3"))
    drain(services_)
    assert stored(engine) == ["applied", "applied", "held"]
    assert paid(engine, chama_id, ids[1]) == Money.shillings(500)
    assert paid(engine, chama_id, ids[2]) == Money.shillings(300)


def test_a_callback_that_fails_is_marked_with_its_reason_and_the_rest_apply(engine, services, monkeypatch):
    app, services_ = services
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    client = app.test_client()
    real = KINDS["stk"]

    def broken(conn, result):
        raise RuntimeError("the ledger is upside down")

    monkeypatch.setitem(KINDS, "stk", dataclasses.replace(real, apply=broken))
    prompt(engine, chama_id, ids[1], "ws_CO_c", amount=500)
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W9B", "100.00", "UMOJA-2"))
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_c", amount=500, receipt="QGH7XK2L5P"))
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W9C", "200.00", "UMOJA-2"))
    drain(services_)
    assert stored(engine) == ["applied", "applied", "error"]
    assert notes(engine) == ["RuntimeError: the ledger is upside down"]
    assert paid(engine, chama_id, ids[1]) == Money.shillings(300)
    # the next drain has nothing to retry
    assert tasks.drain_mpesa_callbacks() == 0


def test_a_body_with_a_byte_order_mark_is_applied_by_the_worker(engine, services):
    app, services_ = services
    chama_id, ids = make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    body = b"\xef\xbb\xbf" + json.dumps(daraja.c2b("RKTQDM7W9D", "500.00", "UMOJA-2")).encode()
    assert daraja.post(app.test_client(), "c2b/confirmation", body).status_code == 200
    drain(services_)
    assert stored(engine) == ["applied"] and paid(engine, chama_id, ids[1]) == Money.shillings(500)
