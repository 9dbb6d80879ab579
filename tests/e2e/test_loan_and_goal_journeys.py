"""Loans and goals end to end, by SMS (Africa's Talking webhook) and by USSD:
a loan from request to last repayment, a goal from creation to completion,
and the chair's UPGRADE. The M-Pesa confirmations of the prompts are applied
as the M-Pesa module applies them (loan_repayments.repay_loan, goals.save_to_goal)."""
import json
from datetime import date

import pytest
from sqlalchemy import select

from chamabora.i18n.gsm7 import is_gsm7
from chamabora.core.money import Money
from chamabora.outbox.store import outbox
from chamabora.services.savings import goals
from chamabora.services.lending import loan_repayments
from chamabora.services.lending import loans
from chamabora.services.savings import accounts as savings
from chamabora.services.savings import subscriptions
from chamabora.services.people.pins import new_pin_hash, set_pin
from chamabora.services.records import chamas, load_chama, member_id_by_phone
from tests.e2e.messaging import JANE, OTIENO, TOKEN, at_sms, messaging
from tests.e2e.ussd_client import Dialer, register

AT = f"/sms/africastalking?token={TOKEN}"
TODAY = date(2027, 1, 10)
K = Money.shillings


@pytest.fixture
def app(engine, make_app, tmp_path):
    return make_app(engine.url.render_as_string(hide_password=False), messaging=messaging(tmp_path))


def run(app, work):
    return app.extensions["chamabora"].run(work)


def replies(app, phone):
    with app.extensions["chamabora"].engine.connect() as conn:
        return list(conn.execute(select(outbox.c.body).where(outbox.c.recipient == phone, outbox.c.channel == "sms",
                                                             outbox.c.purpose == "reply").order_by(outbox.c.id)).scalars())


def stk(app, rows=False):
    with app.extensions["chamabora"].engine.connect() as conn:
        found = conn.execute(select(outbox.c.payload, outbox.c.chama_id, outbox.c.member_id).where(
            outbox.c.channel == "stk_push").order_by(outbox.c.id)).all()
    return found if rows else [json.loads(r.payload) for r in found]


def sms(app, client, phone, text):
    assert client.post(AT, data=at_sms(phone, text)).status_code == 200
    return replies(app, phone)[-1]


def ids(app, code="UMOJA"):
    return run(app, lambda c: (load_chama(c, code).id, member_id_by_phone(c, JANE), member_id_by_phone(c, OTIENO)))


def sms_chama(app, client):
    sms(app, client, JANE, "REGISTER Jane Wanjiru")
    sms(app, client, JANE, "CREATE CHAMA Umoja 1000 MONTHLY")
    code = run(app, lambda c: c.execute(select(chamas.c.join_code)).scalar_one())
    sms(app, client, OTIENO, "REGISTER Otieno Ouma")
    sms(app, client, OTIENO, f"JOIN {code}")
    found = ids(app, code)
    # the provider's messages are dated 10/01/2027: the chama's trial starts that day
    run(app, lambda c: subscriptions.start_subscription(c, found[0], TODAY))
    return found


def pay_prompt(app, key, today=TODAY):
    """Apply the newest STK prompt's payment as the M-Pesa module would on its callback."""
    row = stk(app, rows=True)[-1]
    payload, amount = json.loads(row.payload), Money(json.loads(row.payload)["amount_cents"])
    if payload["purpose"] == "loan_repayment":
        return run(app, lambda c: loan_repayments.repay_loan(c, row.chama_id, row.member_id, amount, key, today))
    return run(app, lambda c: goals.save_to_goal(c, row.chama_id, row.member_id, payload["goal_id"], amount,
                                                 key, today))


def test_a_loan_by_sms_from_request_to_last_repayment(app):
    client = app.test_client()
    chama_id, jane, otieno = sms_chama(app, client)
    run(app, lambda c: savings.record_saving(c, chama_id, otieno, K(2000), "s1"))
    run(app, lambda c: savings.record_saving(c, chama_id, jane, K(1000), "s2"))  # the chama lends only cash it holds
    assert sms(app, client, OTIENO, "LOAN 3000 2 MONTHS").startswith("Loan KES 3,000 over 2 months: interest")
    assert sms(app, client, OTIENO, "YES").startswith("Loan L1 requested: KES 3,000 over 2 months,")
    assert sms(app, client, OTIENO, "LOAN") == "Loan L1 of KES 3,000 is waiting for approval. Total to repay KES 3,045.07."
    assert run(app, lambda c: loans.approve_loan(c, 1, jane, TODAY)) == "approved"
    run(app, lambda c: loan_repayments.record_disbursement(c, 1, "QDS1234567", TODAY))
    assert sms(app, client, OTIENO, "MKOPO") == ("Loan L1: KES 3,045.07 left to repay, KES 0 overdue. Next instalment "
                                                 "KES 1,522.54 due 10/02/2027. Repay with REPAY and the amount.")
    assert sms(app, client, OTIENO, "REPAY 1600").startswith("An M-Pesa prompt for KES 1,600 to repay your loan")
    assert pay_prompt(app, "QRP0000001").repaid is False
    sms(app, client, OTIENO, "LIPA MKOPO 1446")
    assert pay_prompt(app, "QRP0000002").repaid is True
    assert sms(app, client, OTIENO, "LOAN").startswith("You have no loan.")


def test_a_loan_by_ussd_from_request_to_last_repayment(app):
    client = app.test_client()
    jane, otieno = Dialer(client, JANE), Dialer(client, OTIENO)
    register(jane)
    register(otieno, "Otieno Ouma", "4321")
    jane.dial()
    code = [jane.press(s) for s in ("2", "Umoja", "1000", "2")][-1].split("Its code is ")[1].split(":")[0]
    otieno.dial()
    otieno.press("1")
    otieno.press(code)
    chama_id, jane_id, otieno_id = ids(app, code)
    run(app, lambda c: savings.record_saving(c, chama_id, otieno_id, K(2000), "s1"))
    run(app, lambda c: savings.record_saving(c, chama_id, jane_id, K(1000), "s2"))  # the chama lends only cash it holds
    screens = []
    otieno.dial()
    screens.append(otieno.press("7"))
    assert screens[-1] == ("CON Loans & goals\n1 My loan\n2 Request a loan\n3 Repay loan\n4 My goals\n"
                           "5 Withdraw savings\n0 Back 00 Menu")
    screens.append(otieno.press("2"))
    assert screens[-1] == "CON Request a loan\nYour limit is KES 6,000.\nEnter amount in KES:"
    screens.append(otieno.press("9000"))  # over the limit: guarantors are asked for before the months
    assert screens[-1] == ("CON Your limit is KES 6,000. Guarantors must back KES 3,000.\nEnter a guarantor's "
                           "phone:\n0 Back 00 Menu")
    assert otieno.press("0") == "CON Request a loan\nYour limit is KES 6,000.\nEnter amount in KES:"
    otieno.press("3000")
    screens.append(otieno.press("2"))
    assert screens[-1].startswith("CON Loan KES 3,000, 2 months.\nInterest KES 45.07, total KES 3,045.07.")
    assert run(app, lambda c: c.execute(select(loans.loans.c.id)).all()) == []  # not before the PIN
    screens.append(otieno.press("4321"))
    assert screens[-1] == "END Loan request L1 sent. You will get an SMS when the treasurer decides."
    jane.dial()
    jane.press("8")  # the officers' menu; 1 is what waits for a decision
    screens.append(jane.press("1"))
    assert "1 Loan KES 3,000, 2 months to Otieno Ouma" in screens[-1]
    jane.press("1")
    jane.press("1")
    screens.append(jane.press("1234"))
    assert screens[-1] == "END Approved. Loan L1 will be sent by M-Pesa."
    run(app, lambda c: loan_repayments.record_disbursement(c, 1, "QDS1234567", date.today()))
    for amount, key in (("1600", "QRP0000001"), ("1446", "QRP0000002")):
        otieno.dial()
        otieno.press("7")
        screens.append(otieno.press("3"))
        assert screens[-1].startswith("CON Loan L1: you owe KES ")
        screens.append(otieno.press(amount))
        screens.append(otieno.press("4321"))
        assert screens[-1].startswith(f"END An M-Pesa prompt for KES {amount[0]},{amount[1:]} to repay your loan")
        outcome = pay_prompt(app, key, date.today())
    assert outcome.repaid is True
    otieno.dial()
    otieno.press("7")
    assert otieno.press("1").startswith("CON You have no loan.")
    assert all(len(s[4:]) <= 160 and is_gsm7(s[4:]) for s in screens)


def test_a_goal_by_sms_and_ussd_from_creation_to_completion(app):
    client = app.test_client()
    chama_id, jane, otieno = sms_chama(app, client)
    assert sms(app, client, OTIENO, "GOAL School fees 3000 BY 31/03/2027").startswith("Goal School fees set: KES 3,000")
    assert sms(app, client, OTIENO, "SAVE 1000 School fees").startswith("An M-Pesa prompt for KES 1,000")
    assert pay_prompt(app, "QSV0000001").complete is False
    run(app, lambda c: set_pin(c, otieno, new_pin_hash("4321")))  # registered by SMS: a USSD PIN set later
    dialer = Dialer(client, OTIENO)
    dialer.dial()
    dialer.press("7")
    assert dialer.press("4") == "CON Your goals:\n1 School fees\n0 Back 00 Menu"
    progress = dialer.press("1")  # the weekly amount depends on today's date (USSD runs in real time)
    assert progress.startswith("CON School fees: KES 1,000 of KES 3,000 saved. Save KES ")
    assert progress.endswith(" a week to stay on track.\n1 Save to this goal\n0 Back 00 Menu")
    assert dialer.press("1") == "CON Save to School fees\nEnter amount in KES:"
    assert dialer.press("2000") == "CON Save KES 2,000 to School fees.\nEnter your PIN to confirm:"
    assert dialer.press("4321").startswith("END An M-Pesa prompt for KES 2,000 to your savings")
    assert pay_prompt(app, "QSV0000002").complete is True


def test_the_chair_upgrades_by_sms_and_the_prompt_goes_to_the_chairs_phone(app):
    client = app.test_client()
    chama_id, jane, otieno = sms_chama(app, client)
    assert sms(app, client, JANE, "UPGRADE").startswith("An M-Pesa prompt for KES 500 for the Standard plan")
    assert stk(app)[-1] == {"purpose": "subscription", "amount_cents": 50000, "plan": "standard", "months": 1,
                            "account_reference": f"PLAN{chama_id}"}
    assert sms(app, client, OTIENO, "BORESHA") == "Only the chair or treasurer can do that."
