"""The conversation engine over SMS-like messages, in English and Swahili:
each message one unit of work, refusals as friendly replies, retries answered
from the record."""
import json
from datetime import datetime, timezone
from itertools import count

import pytest
from sqlalchemy import select

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.outbox.store import outbox
from tests.helpers import snapshot

JANE, OTIENO = "+254712000001", "+254712000002"
WHEN = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)
ids = count(1)


@pytest.fixture
def say(app):
    services = app.extensions["chamabora"]

    def send(phone, text, message_id=None):
        inbound = Inbound(ChannelKind.SMS, phone, text, WHEN, "africastalking",
                          message_id or f"ATXid_{next(ids)}")
        return services.run(lambda conn: answer(conn, inbound)).text

    send.services = services
    return send


def outbox_rows(services, channel=None):
    with services.engine.connect() as conn:
        query = select(outbox).order_by(outbox.c.id)
        if channel:
            query = query.where(outbox.c.channel == channel)
        return conn.execute(query).all()


def test_a_new_chama_in_english_from_registration_to_a_payment_prompt(say):
    assert "not registered" in say(JANE, "BAL")
    assert say(JANE, "REGISTER Jane Wanjiru").startswith("Karibu Jane Wanjiru!")
    created = say(JANE, "CREATE CHAMA Umoja 1000 MONTHLY")
    code = created.split("Its code is ")[1].split(":")[0]
    assert "First contribution of KES 1,000 is due 10/02/2027" in created
    say(OTIENO, "REGISTER Otieno Ouma")
    assert say(OTIENO, f"JOIN {code}").startswith("Welcome to Umoja!")
    assert "coming to your phone" in say(OTIENO, "PAY 1,000")
    [stk] = outbox_rows(say.services, "stk_push")
    payload = json.loads(stk.payload)
    assert (stk.recipient, payload["amount_cents"], payload["account_reference"]) == (OTIENO, 100000, code)
    assert say(OTIENO, "BAL").startswith("Umoja: you have paid KES 0. You owe KES 0 and fines of KES 0. Next "
                                         "contribution due ")
    assert "the next pot goes to Jane Wanjiru" in say(OTIENO, "NEXT")
    assert "no unpaid fines" in say(OTIENO, "FINES")
    assert "nothing on your statement" in say(OTIENO, "STATEMENT")


def test_a_conversation_in_swahili(say):
    assert say(JANE, "SAJILI Jane Wanjiru").startswith("Karibu Jane Wanjiru! Jiunge")
    assert say(JANE, "LUGHA SW") == "Lugha imewekwa Kiswahili."
    created = say(JANE, "UNDA CHAMA Bidii 500 KILA MWEZI")
    assert "kiko tayari" in created and "Mchango wa kwanza KES 500" in created
    assert "linakuja kwenye simu yako" in say(JANE, "LIPA 500")
    assert say(JANE, "SALIO").startswith("Bidii: umelipa KES 0.")
    assert "Tuma" in say(JANE, "MSAADA")
    assert say(JANE, "LANG EN") == "Language set to English."


def test_an_unregistered_swahili_speaker_is_answered_in_swahili(say):
    assert say(OTIENO, "SALIO").startswith("Bado hujasajiliwa")


def test_a_providers_retry_of_the_same_message_is_answered_the_same_and_changes_nothing(say):
    say(JANE, "REGISTER Jane Wanjiru")
    say(JANE, "CREATE CHAMA Umoja 1000 MONTHLY")
    first = say(JANE, "PAY 500", message_id="ATXid_same")
    before = snapshot(say.services.engine)
    again = say(JANE, "PAY 500", message_id="ATXid_same")
    assert again == first and snapshot(say.services.engine) == before
    assert len(outbox_rows(say.services, "stk_push")) == 1


def test_a_refused_command_is_a_friendly_reply_and_undoes_its_writes(say):
    say(JANE, "REGISTER Jane Wanjiru")
    say(OTIENO, "REGISTER Otieno Ouma")
    say(JANE, "CREATE CHAMA Umoja 1000 MONTHLY")
    before = snapshot(say.services.engine)
    assert say(OTIENO, "JOIN NOPE1") == "No chama has that code. Check the code with your chair."
    assert say(OTIENO, "ROLE 0712000001 TREASURER").startswith("You are not in a chama yet")
    assert say(JANE, "REGISTER Jane Again").startswith("You are already registered")
    assert say(JANE, "ROLE 0799999999 TREASURER").startswith("Nobody is registered with that phone")
    after = snapshot(say.services.engine)
    assert {k: v for k, v in after.items() if k != "inbound_messages"} == \
        {k: v for k, v in before.items() if k != "inbound_messages"}
    assert after["inbound_messages"] == before["inbound_messages"] + 4


def test_text_that_is_no_command_gets_a_hint_naming_the_closest_one(say):
    say(JANE, "REGISTER Jane Wanjiru")
    # no chama yet: the step before paying is joining one, so that is what she is told
    assert say(JANE, "PAY five hundred").startswith("You are not in a chama yet")
    assert say(JANE, "BALANS").startswith("You are not in a chama yet")
    say(JANE, "CREATE CHAMA Umoja 1000 MONTHLY")
    assert "PAY 500" in say(JANE, "PAY five hundred")
    say(JANE, "LUGHA SW")
    assert "LIPA 500" in say(JANE, "LIPA mia tano")


def test_stop_and_start_switch_notices_off_and_on(say):
    say(JANE, "REGISTER Jane Wanjiru")
    assert "no more reminders" in say(JANE, "STOP")
    assert "back on" in say(JANE, "START")


def test_a_forwarded_mpesa_confirmation_is_not_mistaken_for_a_command(say):
    say(JANE, "REGISTER Jane Wanjiru")
    text = ("QGH7XK2L9P Confirmed. Ksh1,000.00 sent to UMOJA CHAMA 0712345678 on 10/1/27 at 9:15 AM. "
            "New M-PESA balance is Ksh2,300.00. Transaction cost, Ksh13.00.")
    say(JANE, "CREATE CHAMA Umoja 1000 MONTHLY")
    assert say(JANE, text).startswith("Thank you. We received M-Pesa payment QGH7XK2L9P of KES 1,000.")


def test_a_member_of_two_chamas_is_asked_which(say):
    say(JANE, "REGISTER Jane Wanjiru")
    say(JANE, "CREATE CHAMA Umoja 1000 MONTHLY")
    say(JANE, "CREATE CHAMA Bidii 500 WEEKLY")
    assert say(JANE, "BAL").startswith("You are in several chamas: add the chama's code, e.g. BAL ")
