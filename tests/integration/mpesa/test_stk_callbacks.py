"""STK callbacks posted to /mpesa/stk/callback as Daraja posts them: success
posts the contribution once and sends a receipt; every other result tells the
member in their language and leaves the ledger alone."""
import random
from datetime import date

import pytest
from sqlalchemy import select, update

from chamabora.core.money import Money
from chamabora.services.mpesa import prompts
from chamabora.core.payment_gateway import StkAccepted, StkOrder
from chamabora.services.mpesa.callbacks import apply_waiting, callbacks
from chamabora.outbox.store import outbox
from chamabora.services.ledger import statements
from chamabora.services.ledger.store import entries
from chamabora.services.records import members
from tests import daraja
from tests.helpers import make_chama, phone, run, snapshot


def prompt(engine, chama_id, member_id, checkout, amount=500):
    order = StkOrder(None, chama_id, member_id, phone(member_id), Money.shillings(amount), "UMOJA")
    run(engine, lambda c: prompts.record_request(c, order, StkAccepted("m-" + checkout, checkout, "")))


def sms_to(engine, member_id):
    with engine.connect() as conn:
        return [r.body for r in conn.execute(select(outbox).where(
            outbox.c.member_id == member_id, outbox.c.channel == "sms").order_by(outbox.c.id))]


def payments(engine):
    with engine.connect() as conn:
        return conn.execute(select(entries.c.idempotency_key).where(entries.c.kind == "payment")).scalars().all()


def balance(engine, chama_id, member_id):
    return run(engine, lambda c: statements.member_balance(c, chama_id, member_id))


@pytest.fixture
def chama(engine):
    return make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))


def test_a_successful_payment_posts_once_and_the_member_gets_a_receipt(app, client, engine, chama):
    chama_id, ids = chama
    prompt(engine, chama_id, ids[1], "ws_CO_1", amount=1500)
    response = daraja.post(client, "stk/callback", daraja.stk("ws_CO_1", amount=1500))
    assert (response.status_code, response.get_json()) == (200, {"ResultCode": 0, "ResultDesc": "Accepted"})
    assert payments(engine) == ["mpesa:QGH7XK2L9P"]
    assert balance(engine, chama_id, ids[1]).contributed == Money.shillings(1000)
    assert balance(engine, chama_id, ids[1]).credit == Money.shillings(500)
    [receipt] = sms_to(engine, ids[1])
    assert receipt.startswith("Received KES 1,500 for Umoja (M-Pesa QGH7XK2L9P)") and "paid ahead KES 500" in receipt


OUTCOMES = [(1032, "You cancelled"), (1037, "timed out"), (2001, "Wrong M-Pesa PIN"),
            (1, "balance is not enough"), (17, "could not complete your payment of KES 500 to Umoja (code 17)")]


@pytest.mark.parametrize("code, words", OUTCOMES)
def test_each_failure_tells_the_member_and_leaves_the_ledger_alone(app, client, engine, chama, code, words):
    chama_id, ids = chama
    prompt(engine, chama_id, ids[1], "ws_CO_2")
    assert daraja.post(client, "stk/callback", daraja.stk("ws_CO_2", code=code)).status_code == 200
    [message] = sms_to(engine, ids[1])
    assert words in message and "Nothing was charged" in message
    assert payments(engine) == [] and balance(engine, chama_id, ids[1]).contributed == Money(0)
    with engine.connect() as conn:
        row = conn.execute(select(prompts.requests_table)).one()
    assert row.status == {1032: "cancelled", 1037: "timeout"}.get(code, "failed") and row.result_code == str(code)


def test_a_swahili_speaker_is_told_in_swahili(app, client, engine, chama):
    chama_id, ids = chama
    run(engine, lambda c: c.execute(update(members).where(members.c.id == ids[1]).values(language="sw")))
    prompt(engine, chama_id, ids[1], "ws_CO_3")
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_3", code=1032))
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_3", code=1032))
    assert sms_to(engine, ids[1]) == ["Umeghairi ombi la M-Pesa la KES 500 kwa Umoja. Hukutozwa chochote. "
                                      "Tuma LIPA 500 kujaribu tena."]


def test_three_deliveries_of_each_callback_in_any_order_post_each_payment_once(app, client, engine, chama):
    chama_id, ids = chama
    checkouts = [f"ws_CO_{n}" for n in range(6)]
    bodies = [daraja.stk(c, receipt=f"QGH7XK2L{n}P", amount=200) for n, c in enumerate(checkouts)] * 3
    random.Random(7).shuffle(bodies)
    for n, checkout in enumerate(checkouts[:3]):
        prompt(engine, chama_id, ids[n % 3], checkout, 200)
    for body in bodies[:9]:  # some arrive before their request is recorded (Daraja can beat our write)
        assert daraja.post(client, "stk/callback", body).status_code == 200
    for n, checkout in enumerate(checkouts[3:], start=3):
        prompt(engine, chama_id, ids[n % 3], checkout, 200)
        apply_waiting(lambda work: run(engine, work), "stk", checkout)
    for body in bodies[9:]:
        daraja.post(client, "stk/callback", body)
    assert sorted(payments(engine)) == [f"mpesa:QGH7XK2L{n}P" for n in range(6)]
    assert sum(balance(engine, chama_id, m).contributed.cents for m in ids) == 6 * 20000
    with engine.connect() as conn:
        statuses = conn.execute(select(callbacks.c.status)).scalars().all()
    assert len(statuses) == 18 and statuses.count("applied") == 6 and "received" not in statuses
    assert all(len(sms_to(engine, m)) == 2 for m in ids)


def test_a_forged_callback_without_the_token_is_refused_and_changes_nothing(app, client, engine, chama):
    chama_id, ids = chama
    prompt(engine, chama_id, ids[1], "ws_CO_4")
    before = snapshot(engine)
    assert daraja.post(client, "stk/callback", daraja.stk("ws_CO_4"), token=None).status_code == 403
    assert daraja.post(client, "stk/callback", daraja.stk("ws_CO_4"), token="guess").status_code == 403
    assert snapshot(engine) == before
    headers = {"X-Webhook-Token": daraja.TOKEN}
    assert daraja.post(client, "stk/callback", daraja.stk("ws_CO_4"), token=None, headers=headers).status_code == 200


def test_callbacks_from_outside_the_allow_list_are_refused(engine, make_app, chama):
    app = make_app(engine.url.render_as_string(hide_password=False), mpesa_allowed_ips=("196.201.214.200",))
    before = snapshot(engine)
    refused = daraja.post(app.test_client(), "stk/callback", daraja.stk("ws_CO_5"))
    allowed = daraja.post(app.test_client(), "stk/callback", daraja.stk("ws_CO_5"),
                          environ_base={"REMOTE_ADDR": "196.201.214.200"})
    assert refused.status_code == 403 and allowed.status_code == 200
    assert snapshot(engine)["mpesa_callbacks"] == before["mpesa_callbacks"] + 1


@pytest.mark.parametrize("body", [b'{"Body": {"stkCallback": ', b"\xff\xfe", b"[]", b'{"Body": {"stkCallback": {}}}',
                                  b'{"Body": {"stkCallback": {"MerchantRequestID": "m", "CheckoutRequestID": "c", '
                                  b'"ResultCode": 0, "CallbackMetadata": {"Item": []}}}}'])
def test_malformed_bodies_get_a_400_and_change_nothing(app, client, engine, chama, body):
    before = snapshot(engine)
    response = daraja.post(client, "stk/callback", body)
    assert response.status_code == 400 and response.get_json()["ResultCode"] == 1
    assert snapshot(engine) == before


def test_a_huge_body_is_refused_with_413(app, client, engine):
    before = snapshot(engine)
    assert daraja.post(client, "stk/callback", b"{" + b" " * 70_000 + b"}").status_code == 413
    assert snapshot(engine) == before


def test_fines_honour_the_mpesa_transaction_time_not_the_callback_time(app, client, engine):
    # due 31 Jan, 3 days' grace: paid 3 Feb 23:59 Nairobi, heard of on 5 Feb
    chama_id, ids = make_chama(engine, 2, contribution=1000, anchor=date(2027, 1, 31), grace=3)
    prompt(engine, chama_id, ids[1], "ws_CO_6", amount=1000)
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_6", amount=1000, when=20270203235900))
    late = balance(engine, chama_id, ids[1])
    assert (late.contributed, late.fines_owed) == (Money.shillings(1000), Money(0))
    prompt(engine, chama_id, ids[0], "ws_CO_7", amount=1000)
    daraja.post(client, "stk/callback", daraja.stk("ws_CO_7", amount=1000, receipt="QGH7XK2L7Q",
                                                    when=20270204000100))
    assert balance(engine, chama_id, ids[0]).fines_owed == Money.shillings(100)


def test_a_payment_from_a_member_who_has_left_is_kept_with_its_reason(app, client, engine, chama):
    from chamabora.services.records import memberships

    chama_id, ids = chama
    prompt(engine, chama_id, ids[2], "ws_CO_8")
    run(engine, lambda c: c.execute(update(memberships).where(memberships.c.member_id == ids[2])
                                    .values(status="left")))
    assert daraja.post(client, "stk/callback", daraja.stk("ws_CO_8")).status_code == 200
    with engine.connect() as conn:
        row = conn.execute(select(callbacks)).one()
    assert row.status == "error" and row.note.startswith("not_a_member") and payments(engine) == []
