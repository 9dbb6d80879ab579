"""Callbacks that once hurt us: a receipt claimed by two prompts, an amount
that was not the prompt's, a receipt in lowercase, a fraction of a cent, and
a body with a byte-order mark. Each has a defined outcome; none is booked
twice, none is booked as sent when it is not what we asked, none is a crash."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from chamabora.core.money import Money
from chamabora.services.mpesa import prompts
from chamabora.services.mpesa.callbacks import callbacks
from chamabora.parser.daraja import StkResult
from chamabora.outbox.store import outbox
from tests import daraja
from tests.helpers import make_chama, phone, run, snapshot
from tests.integration.mpesa.test_stk_callbacks import balance, payments, prompt, sms_to


@pytest.fixture
def chama(engine):
    return make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))


def requests_by_checkout(engine):
    with engine.connect() as conn:
        return {r.checkout_request_id: r for r in conn.execute(select(prompts.requests_table))}


def statuses(engine):
    with engine.connect() as conn:
        return conn.execute(select(callbacks.c.status).order_by(callbacks.c.id)).scalars().all()


def sms_to_phone(engine, number):
    with engine.connect() as conn:
        return conn.execute(select(outbox.c.body).where(outbox.c.recipient == number, outbox.c.channel == "sms")
                            .order_by(outbox.c.id)).scalars().all()


def test_a_receipt_claimed_by_two_prompts_pays_the_first_and_holds_the_second_for_the_treasurer(
        app, client, engine, chama):
    chama_id, ids = chama
    prompt(engine, chama_id, ids[1], "ws_CO_first", amount=500)
    prompt(engine, chama_id, ids[2], "ws_CO_second", amount=500)
    first = daraja.post(client, "stk/callback", daraja.stk("ws_CO_first", amount=500, receipt="QGH7XK2L9P"))
    second = daraja.post(client, "stk/callback", daraja.stk("ws_CO_second", amount=500, receipt="QGH7XK2L9P"))
    assert (first.status_code, second.status_code) == (200, 200)
    assert payments(engine) == ["mpesa:QGH7XK2L9P"]
    assert balance(engine, chama_id, ids[1]).contributed == Money.shillings(500)
    assert balance(engine, chama_id, ids[2]).contributed == Money(0)
    rows = requests_by_checkout(engine)
    assert (rows["ws_CO_first"].status, rows["ws_CO_first"].receipt) == ("paid", "QGH7XK2L9P")
    assert (rows["ws_CO_second"].status, rows["ws_CO_second"].receipt) == ("held", None)
    assert statuses(engine) == ["applied", "held"]
    # the chair (no treasurer in this chama) is told, with both prompts' ids
    [notice] = sms_to_phone(engine, phone(1))
    assert "QGH7XK2L9P" in notice and "ws_CO_first" in notice and "ws_CO_second" in notice
    assert len(notice) <= 160
    # Daraja's retry of the held one changes nothing
    before = snapshot(engine)
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_second", amount=500, receipt="QGH7XK2L9P"))
    after = snapshot(engine)
    assert {k: v for k, v in after.items() if k != "mpesa_callbacks"} == \
        {k: v for k, v in before.items() if k != "mpesa_callbacks"}


def test_a_callback_for_more_than_the_prompt_asked_is_held_and_settled_by_the_stk_query(
        app, client, engine, chama):
    chama_id, ids = chama
    prompt(engine, chama_id, ids[1], "ws_CO_big", amount=500)
    response = daraja.post(client, "stk/callback", daraja.stk("ws_CO_big", amount=1_000_000, receipt="QGH7XK2L1M"))
    assert response.status_code == 200
    assert payments(engine) == [] and balance(engine, chama_id, ids[1]).contributed == Money(0)
    assert sms_to(engine, ids[1]) == []  # no receipt: nothing was booked
    assert requests_by_checkout(engine)["ws_CO_big"].status == "checking"
    [notice] = sms_to_phone(engine, phone(1))
    assert "KES 1,000,000" in notice and "KES 500" in notice and "ws_CO_big" in notice
    # the same forged copy again: still held, the treasurer not told twice
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_big", amount=1_000_000, receipt="QGH7XK2L1M"))
    assert len(sms_to_phone(engine, phone(1))) == 1 and payments(engine) == []
    # reconciliation asks M-Pesa about held prompts whatever their age; its answer books what was asked
    from datetime import datetime, timezone
    assert run(engine, lambda c: prompts.overdue(c, datetime(2000, 1, 1, tzinfo=timezone.utc))) == ["ws_CO_big"]
    run(engine, lambda c: prompts.apply_stk_result(c, StkResult("", "ws_CO_big", "0", "ok"), resolved_by="query"))
    assert balance(engine, chama_id, ids[1]).contributed == Money.shillings(500)
    assert payments(engine) == ["stk:ws_CO_big"]


def test_a_held_prompt_whose_query_says_unpaid_books_nothing(app, client, engine, chama):
    chama_id, ids = chama
    prompt(engine, chama_id, ids[1], "ws_CO_fake", amount=500)
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_fake", amount=499, receipt="QGH7XK2L2M"))
    run(engine, lambda c: prompts.apply_stk_result(c, StkResult("", "ws_CO_fake", "1032", "cancelled"),
                                               resolved_by="query"))
    assert requests_by_checkout(engine)["ws_CO_fake"].status == "cancelled" and payments(engine) == []


def test_a_confirmation_repeated_in_lowercase_is_the_same_payment(app, client, engine, chama):
    chama_id, ids = chama
    daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W6S", "500.00", "UMOJA-2"))
    daraja.post(client, "c2b/confirmation", daraja.c2b("rktqdm7w6s", "500.00", "UMOJA-2"))
    daraja.post(client, "c2b/confirmation", daraja.c2b(" RktqDM7W6s ", "500.00", "UMOJA-2"))
    assert payments(engine) == ["mpesa:RKTQDM7W6S"]
    assert balance(engine, chama_id, ids[1]).contributed == Money.shillings(500)


def test_an_stk_receipt_in_lowercase_is_the_same_payment_as_its_paybill_copy(app, client, engine, chama):
    chama_id, ids = chama
    prompt(engine, chama_id, ids[1], "ws_CO_low", amount=500)
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_low", amount=500, receipt="qgh7xk2l3p"))
    daraja.post(client, "c2b/confirmation", daraja.c2b("QGH7XK2L3P", "500.00", "UMOJA-2"))
    assert payments(engine) == ["mpesa:QGH7XK2L3P"]
    assert balance(engine, chama_id, ids[1]).contributed == Money.shillings(500)


@pytest.mark.parametrize("amount", [Decimal("500.999"), "500.999", "12.345", Decimal("0.001")])
def test_a_fraction_of_a_cent_is_refused_as_number_or_text(app, client, engine, chama, amount):
    chama_id, ids = chama
    prompt(engine, chama_id, ids[1], "ws_CO_frac", amount=500)
    before = snapshot(engine)
    body = daraja.stk("ws_CO_frac", amount=float(amount) if isinstance(amount, Decimal) else amount)
    stk_reply = daraja.post(client, "stk/callback", body)
    c2b_reply = daraja.post(client, "c2b/confirmation", daraja.c2b("RKTQDM7W7S", str(amount), "UMOJA-2"))
    assert (stk_reply.status_code, c2b_reply.status_code) == (400, 400)
    assert snapshot(engine) == before


def test_a_body_with_a_byte_order_mark_is_stored_as_parsed_and_applied(app, client, engine, chama):
    import json
    chama_id, ids = chama
    body = b"\xef\xbb\xbf" + json.dumps(daraja.c2b("RKTQDM7W8S", "500.00", "UMOJA-2")).encode()
    assert daraja.post(client, "c2b/confirmation", body).status_code == 200
    assert balance(engine, chama_id, ids[1]).contributed == Money.shillings(500)
    with engine.connect() as conn:
        stored = conn.execute(select(callbacks.c.body)).scalar_one()
    assert stored.startswith("{") and json.loads(stored)["TransID"] == "RKTQDM7W8S"

