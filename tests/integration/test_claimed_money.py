"""Money only claimed stays apart from confirmed cash: a forwarded
confirmation counts toward the member's dues but no outflow draws on it;
the treasurers' daily digest asks them to APPROVE or REJECT it; Daraja's own
record confirms it; a rejected code is dead in every chama and on the
operator's command line; and a PIN lock holds on SMS and WhatsApp too."""
import json
from datetime import date, datetime, timedelta, timezone
from itertools import count

from sqlalchemy import select, update

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.money import Money
from chamabora.services.claims.digest import send_digest
from chamabora.services.payouts.approvals import approve_payout
from chamabora.outbox.store import outbox
from chamabora.services.payouts import closing as payouts
from chamabora.services.ledger import statements
from chamabora.services.contributions.payments import record_payment
from chamabora.services.records import audit, members

# Umoja: Grace chairs (first in line for the pot), Peter is treasurer, Mary and John are members
from tests.integration.test_fraud_flow import CHAIR, CODE, JOHN, MARY, TAIL, TREASURER, WHEN, chama  # noqa: F401

DUE = date(2027, 1, 31)
K = Money.shillings
ids = count(1)


def sent(code: str = CODE, amount: str = "1,000.00") -> str:
    return (f"{code} Confirmed. Ksh{amount} sent to PETER  OTIENO 0722000002 on 10/1/27 at 11:40 AM. "
            f"New M-PESA balance is Ksh4,187.00. Transaction cost, Ksh13.00. {TAIL}")


def say(services, phone, text, when=WHEN, channel=ChannelKind.SMS):
    inbound = Inbound(channel, phone, text, when, "africastalking", f"ATXid_c{next(ids)}")
    return services.run(lambda conn: answer(conn, inbound)).text


def books(services, chama_id):
    return services.run(lambda c: statements.chama_balances(c, chama_id))


def texts_to(services, phone):
    with services.engine.connect() as conn:
        return conn.execute(select(outbox.c.body).where(outbox.c.recipient == phone).order_by(outbox.c.id)).scalars().all()


def audited(services, action):
    with services.engine.connect() as conn:
        return conn.execute(select(audit.c.detail).where(audit.c.action == action)).scalars().all()


def test_a_claim_counts_toward_dues_but_the_pot_pays_only_confirmed_cash(chama):
    services, chama_id, people = chama
    assert "is counted. It is marked unverified" in say(services, MARY, sent())
    services.run(lambda c: record_payment(c, chama_id, people[3], K(1000), "mpesa:VAB0000001", DUE))
    assert say(services, MARY, "BAL").startswith("Umoja: you have paid KES 1,000. You owe KES 0")
    assert (books(services, chama_id)["cash"], books(services, chama_id)["claimed_cash"]) == (K(1000), K(1000))
    closed = services.run(lambda c: payouts.close_cycle(c, chama_id, people[1], DUE))
    # collected: John's 1,000 confirmed; Mary's 1,000 waits; Grace's own 1,000 is settled from her pot
    assert (closed.recipient_member_id, closed.gross, closed.net) == (people[0], K(2000), K(1000))
    assert services.run(lambda c: approve_payout(c, closed.payout_id, people[1], today=DUE)).queued
    assert "(unverified)" in say(services, MARY, "STATEMENT")


def test_the_treasurers_digest_asks_and_approve_makes_the_claim_cash(chama):
    services, chama_id, people = chama
    say(services, MARY, sent())
    assert services.run(lambda c: send_digest(c, [chama_id], WHEN)) == 2  # the treasurer and the chair
    digest = ("Umoja: KES 1,000 from Mary, M-Pesa VAA3K7PQ2L 10/01, is not confirmed. "
              "Reply APPROVE VAA3K7PQ2L if it came, else REJECT VAA3K7PQ2L.")
    assert texts_to(services, TREASURER)[-1] == digest and texts_to(services, CHAIR)[-1] == digest
    assert say(services, TREASURER, f"APPROVE {CODE}") == (
        "Confirmed: KES 1,000 from Mary (VAA3K7PQ2L) is now cash the chama can pay out.")
    assert (books(services, chama_id)["cash"], books(services, chama_id)["claimed_cash"]) == (K(1000), K(0))
    assert "(unverified)" not in say(services, MARY, "STATEMENT")
    assert say(services, CHAIR, f"REJECT {CODE}") == "Payment VAA3K7PQ2L was already decided: approved."
    assert services.run(lambda c: send_digest(c, [chama_id], WHEN + timedelta(days=1))) == 0


def test_daraja_s_own_record_confirms_a_claimed_payment(chama):
    services, chama_id, people = chama
    say(services, MARY, sent())
    again = services.run(lambda c: record_payment(c, chama_id, people[2], K(1000), f"mpesa:{CODE}", DUE))
    assert again.duplicate
    assert (books(services, chama_id)["cash"], books(services, chama_id)["claimed_cash"]) == (K(1000), K(0))
    assert say(services, TREASURER, f"KATAA {CODE}").startswith(f"Payment {CODE} was already decided")


def test_a_rejected_claim_is_taken_back_and_its_code_is_dead_everywhere(app, chama):
    services, chama_id, people = chama
    say(services, MARY, sent())
    assert say(services, TREASURER, f"REJECT {CODE}") == (
        "Rejected: KES 1,000 from Mary (VAA3K7PQ2L) no longer counts. They owe it again and have been told.")
    assert say(services, MARY, "BAL").startswith("Umoja: you have paid KES 0. You owe KES 1,000")
    assert books(services, chama_id)["claimed_cash"] == K(0)
    assert texts_to(services, MARY)[-1] == (
        f"Your M-Pesa payment {CODE} was not accepted by your treasurer, so it does not count.")
    # John founds another chama and forwards the same code there, in Swahili
    say(services, JOHN, "UNDA CHAMA Harambee 500 MWEZI")
    assert say(services, JOHN, sent()).startswith(f"M-Pesa code {CODE} was checked and not accepted")
    say(services, MARY, "LUGHA SW")
    assert say(services, MARY, sent()).startswith(f"Nambari ya M-Pesa {CODE} ilikaguliwa na haikukubaliwa")
    result = app.test_cli_runner().invoke(args=["chama", "pay", "UMOJA", JOHN, "1000", "--ref", CODE.lower()])
    assert result.exit_code == 1 and "rejected as not paid" in result.output
    assert [json.loads(d)["channel"] for d in audited(services, "receipt.dead_refused")] == ["sms", "sms", "cli"]
    assert say(services, MARY, "SALIO").startswith("Umoja: umelipa KES 0.")


def test_a_pin_locked_on_ussd_stops_money_by_sms_and_whatsapp_until_it_ends(chama):
    services, chama_id, people = chama
    until = WHEN + timedelta(minutes=20)
    services.run(lambda c: c.execute(update(members).where(members.c.id == people[2]).values(pin_locked_until=until)))
    assert say(services, MARY, "PAY 500") == "Money actions are locked after wrong PINs until 12:20. Try again then."
    assert say(services, MARY, "LIPA 500", channel=ChannelKind.WHATSAPP) == (
        "Money actions are locked after wrong PINs until 12:20. Try again then.")
    say(services, MARY, "LUGHA SW")
    assert say(services, MARY, "LIPA 500") == (
        "Huduma za pesa zimefungwa kwa sababu ya PIN zisizo sahihi hadi 12:20. Jaribu tena wakati huo.")
    assert say(services, MARY, "SALIO").startswith("Umoja: umelipa KES 0.")  # reading is not moving money
    assert say(services, MARY, "LIPA 500", when=until + timedelta(seconds=1)).startswith("Ombi la M-Pesa")
