"""A merry-go-round pot put to the members, end to end: their YES/NO by SMS
(Africa's Talking webhook), the treasurer's approval by USSD (menu 8) or SMS,
and Daraja's B2C result. Passing, the pot leaves once; failing, it never does."""
import json
from datetime import date

import pytest
from sqlalchemy import select

from chamabora.core.chama import Role
from chamabora.outbox.store import outbox
from chamabora.services.people import membership
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from chamabora.services.lending import policy
from chamabora.services.people.pins import new_pin_hash, set_pin
from chamabora.services.records import load_chama
from tests import daraja
from tests.e2e.messaging import TOKEN, at_sms, messaging
from tests.e2e.ussd_client import Dialer
from tests.helpers import make_chama, phone

AT = f"/sms/africastalking?token={TOKEN}"
ANCHOR = date(2027, 1, 31)


@pytest.fixture
def app(engine, make_app, tmp_path):
    return make_app(engine.url.render_as_string(hide_password=False), messaging=messaging(tmp_path))


def run(app, work):
    return app.extensions["chamabora"].run(work)


def closed_pot(app, engine):
    """Umoja, 4 members at KES 1,000, all paid, the cycle closed: KES 4,000 is owed to Member 1 (chair);
    Member 2 is treasurer with PIN 1234. Pots above KES 2,000 are put to the members (3 vote, 2 pass)."""
    chama_id, ids = make_chama(engine, 4, anchor=ANCHOR)

    def work(conn):
        membership.assign_role(conn, chama_id, ids[0], ids[1], Role.TREASURER)
        set_pin(conn, ids[1], new_pin_hash("1234"))
        policy.set_policy(conn, chama_id, ids[0], payout_ratify_above_cents=200000)
        chama = load_chama(conn, chama_id)
        for n, member_id in enumerate(ids):
            payments.record_payment(conn, chama_id, member_id, chama.terms.contribution, f"pay-{n}", ANCHOR)
        return payouts.close_cycle(conn, chama_id, None, ANCHOR).payout_id

    return ids, run(app, work)


def sms(app, client, who, text):
    assert client.post(AT, data=at_sms(who, text)).status_code == 200
    with app.extensions["chamabora"].engine.connect() as conn:
        return conn.execute(select(outbox.c.body).where(outbox.c.recipient == who, outbox.c.purpose == "reply")
                            .order_by(outbox.c.id.desc()).limit(1)).scalar_one()


def b2c(app):
    with app.extensions["chamabora"].engine.connect() as conn:
        return [json.loads(p) for p in conn.execute(select(outbox.c.payload).where(outbox.c.channel == "b2c"))
                .scalars()]


def approve_by_ussd(client, pending_line):
    treasurer = Dialer(client, phone(2))
    treasurer.dial()
    treasurer.press("8")  # the officers' menu; 1 is what waits for a decision
    assert pending_line in treasurer.press("1")
    treasurer.press("1")
    treasurer.press("1")
    return treasurer.press("1234")


def test_a_quorum_vote_passing_by_sms_sends_the_pot_approved_by_ussd(app, engine):
    client = app.test_client()
    ids, payout_id = closed_pot(app, engine)
    assert approve_by_ussd(client, "Payout KES 4,000 to Member 1") == (
        f"END Approved. The payout now waits for the members' vote on P{payout_id}.")
    assert b2c(app) == []
    assert sms(app, client, phone(3), "NDIO") == f"Your vote on P{payout_id} is counted: 1 yes, 0 no so far."
    assert sms(app, client, phone(4), f"yes mgao {payout_id}") == (
        f"Your vote on P{payout_id} is counted. The payout was approved (2 yes, 0 no).")
    [request] = b2c(app)
    assert (request["payout_id"], request["amount_cents"]) == (payout_id, 400000)
    assert daraja.post(client, "b2c/result", daraja.b2c(request["originator_conversation_id"],
                                                        amount=4000)).status_code == 200
    assert run(app, lambda c: c.execute(select(payouts.payouts.c.status)).scalar_one()) == "disbursed"


def test_a_quorum_vote_failing_by_sms_keeps_the_pot_from_mpesa(app, engine):
    client = app.test_client()
    ids, payout_id = closed_pot(app, engine)
    sms(app, client, phone(3), f"NO P{payout_id}")
    assert sms(app, client, phone(4), "HAPANA") == (
        f"Your vote on P{payout_id} is counted. The payout was not approved (0 yes, 2 no).")
    assert sms(app, client, phone(2), f"APPROVE PAYOUT {payout_id}") == (
        "The members voted against this payout, so it is not sent by M-Pesa.")
    assert b2c(app) == []
    assert run(app, lambda c: c.execute(select(payouts.payouts.c.status)).scalar_one()) == "payable"
