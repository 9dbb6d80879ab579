"""A paybill payment whose account number matched no member is held and its
treasurer told; the treasurer credits it by SMS with CREDIT <receipt> <phone>
(KABIDHI in Swahili). Only a treasurer or chair can, and only once."""
from datetime import date, datetime, timezone
from itertools import count

import pytest
from sqlalchemy import select

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.chama import Role
from chamabora.core.money import Money
from chamabora.services.mpesa import paybill
from chamabora.outbox.store import outbox
from chamabora.services.people import membership
from chamabora.services.ledger import statements
from tests import daraja
from tests.helpers import forget_notices, make_chama, phone, run, snapshot

WHEN = datetime(2027, 1, 20, 9, 0, tzinfo=timezone.utc)
ids = count(1)


@pytest.fixture
def say(app):
    services = app.extensions["chamabora"]

    def send(who, text):
        inbound = Inbound(ChannelKind.SMS, who, text, WHEN, "africastalking", f"ATXid_credit_{next(ids)}")
        return services.run(lambda conn: answer(conn, inbound)).text

    return send


@pytest.fixture
def chama(engine):
    """Umoja: Member 1 chairs, Member 3 is treasurer, Member 2 is a plain member."""
    chama_id, members = make_chama(engine, 3, contribution=1000, anchor=date(2027, 1, 31))
    run(engine, lambda c: membership.assign_role(c, chama_id, members[0], members[2], Role.TREASURER))
    forget_notices(engine)
    return chama_id, members


def contributed(engine, chama_id, member_id):
    return run(engine, lambda c: statements.member_balance(c, chama_id, member_id)).contributed


def messages_to(engine, member_id):
    with engine.connect() as conn:
        return conn.execute(select(outbox.c.body).where(outbox.c.member_id == member_id)
                            .order_by(outbox.c.id)).scalars().all()


def written(engine):
    """Everything but the record of inbound messages, which every answered SMS adds to."""
    counts = snapshot(engine)
    counts.pop("inbound_messages")
    return counts


def hold(client, receipt, bill_ref="UMOJA jane", amount="500.00"):
    response = daraja.post(client, "c2b/confirmation", daraja.c2b(receipt, amount, bill_ref))
    assert response.get_json() == {"ResultCode": 0, "ResultDesc": "Success"}


def test_the_treasurer_credits_a_held_payment_once_by_replying_to_the_notice(say, client, engine, chama):
    chama_id, members = chama
    hold(client, "RKTQDM7W6T")
    [notice] = messages_to(engine, members[2])
    assert notice.endswith("Reply CREDIT RKTQDM7W6T and their phone.")
    assert contributed(engine, chama_id, members[1]) == Money(0)

    reply = say(phone(3), "CREDIT RKTQDM7W6T 0700000002")
    assert reply == "M-Pesa RKTQDM7W6T: KES 500 credited to Member 2 in Umoja. We have sent them a receipt."
    assert contributed(engine, chama_id, members[1]) == Money.shillings(500)
    [receipt] = messages_to(engine, members[1])
    assert receipt.startswith("Received KES 500 for Umoja (M-Pesa RKTQDM7W6T)")
    assert run(engine, lambda c: paybill.unmatched(c, chama_id)) == []

    before = written(engine)
    assert say(phone(3), "credit rktqdm7w6t to 0700000002") == "That M-Pesa payment is already credited to a member."
    assert say(phone(1), "CREDIT RKTQDM7W6T 0700000001") == "That M-Pesa payment is already credited to a member."
    assert written(engine) == before
    assert contributed(engine, chama_id, members[1]) == Money.shillings(500)
    assert len(messages_to(engine, members[1])) == 1


def test_a_plain_members_credit_is_refused_and_changes_nothing(say, client, engine, chama):
    chama_id, members = chama
    hold(client, "RKTQDM7W6U")
    before = written(engine)
    assert say(phone(2), "CREDIT RKTQDM7W6U 0700000002") == "Only the chair or treasurer can do that."
    assert written(engine) == before
    assert contributed(engine, chama_id, members[1]) == Money(0)
    assert [held[0] for held in run(engine, lambda c: paybill.unmatched(c, chama_id))] == ["RKTQDM7W6U"]


def test_a_swahili_treasurer_is_told_kabidhi_and_answered_in_swahili(say, client, engine, chama):
    chama_id, members = chama
    assert say(phone(3), "LUGHA SW") == "Lugha imewekwa Kiswahili."
    hold(client, "RKTQDM7W6V", amount="750.00")
    [notice] = messages_to(engine, members[2])
    assert "Jibu KABIDHI RKTQDM7W6V na simu yake." in notice
    reply = say(phone(3), "KABIDHI RKTQDM7W6V KWA 0700000001")
    assert reply == "M-Pesa RKTQDM7W6V: KES 750 imewekwa kwa Member 1 katika Umoja. Tumemtumia risiti."
    assert contributed(engine, chama_id, members[0]) == Money.shillings(750)
    assert say(phone(3), "KABIDHI RKTQDM7W6V 0700000001") == "Malipo hayo ya M-Pesa tayari yamewekwa kwa mwanachama."


def test_a_payment_naming_no_chama_goes_to_the_chama_the_treasurer_speaks_for(say, client, engine, chama):
    chama_id, members = chama
    hold(client, "RKTQDM7W6W", bill_ref="whatever")
    assert messages_to(engine, members[2]) == []  # no chama named, so no treasurer was told
    assert say(phone(3), "CREDIT RKTQDM7W6W 0700000003").startswith("M-Pesa RKTQDM7W6W: KES 500 credited to Member 3")
    assert contributed(engine, chama_id, members[2]) == Money.shillings(500)


@pytest.mark.parametrize(("text", "expected"), [
    ("CREDIT RKTQDM7W6X 0799999999",
     "Nobody is registered with that phone number. Invite them with INVITE and the number."),
    ("CREDIT NOSUCHCODE 0700000002",
     "We have no paybill payment with that M-Pesa code. Check the code in our message."),
    ("CREDIT RKTQDM7W6X", "Add the phone number, e.g. CREDIT QGH7XK2L9P 0712345678"),
])
def test_a_credit_that_cannot_be_done_is_answered_with_what_to_fix(say, client, engine, chama, text, expected):
    chama_id, members = chama
    hold(client, "RKTQDM7W6X")
    before = written(engine)
    assert say(phone(3), text) == expected
    assert written(engine) == before
    assert [held[0] for held in run(engine, lambda c: paybill.unmatched(c, chama_id))] == ["RKTQDM7W6X"]


def test_a_payee_outside_the_chama_is_named_as_the_problem(say, client, engine, chama):
    chama_id, _ = chama
    outsider = run(engine, lambda c: membership.register_member(c, phone(9), "Outsider"))
    hold(client, "RKTQDM7W6Y")
    assert say(phone(3), "CREDIT RKTQDM7W6Y 0700000009") == (
        "The owner of that phone is not a member of this chama. Invite them with INVITE and the number.")
    assert messages_to(engine, outsider) == []
    assert [held[0] for held in run(engine, lambda c: paybill.unmatched(c, chama_id))] == ["RKTQDM7W6Y"]
