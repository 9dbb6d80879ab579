"""Loans and goals by SMS through the conversation engine: a gated loan on the
Free plan names the plan that unlocks it; on the trial a loan is quoted and
requested; goals are set and saved to by M-Pesa prompt."""
import json
from datetime import date, datetime, timezone
from itertools import count

import pytest
from sqlalchemy import select, update

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.money import Money
from chamabora.outbox.store import outbox
from chamabora.services.savings import accounts as savings
from chamabora.services.savings import subscriptions
from chamabora.services.lending.loans import loans
from chamabora.services.records import members as members_table
from tests.helpers import make_chama, phone, run

WHEN = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)
ids = count(1)


@pytest.fixture
def say(app, engine):
    services = app.extensions["chamabora"]

    def send(who, text):
        inbound = Inbound(ChannelKind.SMS, who, text, WHEN, "africastalking", f"ATXid_lend_{next(ids)}")
        return services.run(lambda conn: answer(conn, inbound)).text

    return send


def stk_payloads(engine):
    with engine.connect() as conn:
        return [json.loads(p) for p in conn.execute(select(outbox.c.payload).where(
            outbox.c.channel == "stk_push").order_by(outbox.c.id)).scalars()]


def test_a_loan_on_the_free_plan_names_the_plan_that_unlocks_it_in_english_and_swahili(engine, say):
    chama_id, members = make_chama(engine, 2)
    run(engine, lambda c: subscriptions.start_subscription(c, chama_id, date(2026, 11, 1)))  # trial long over
    assert say(phone(2), "LOAN 5000 6 MONTHS") == ("Umoja is on a plan without this. The Standard plan unlocks it: "
                                                   "the chair can send UPGRADE (BORESHA) to renew by M-Pesa.")
    run(engine, lambda c: c.execute(update(members_table).where(members_table.c.id == members[1]).values(language="sw")))
    assert say(phone(2), "MKOPO 5000 MIEZI 6").startswith("Umoja iko kwenye mpango usio na huduma hii.")


def test_on_the_trial_a_loan_is_quoted_with_its_total_interest_and_requested(engine, say):
    chama_id, members = make_chama(engine, 2)
    run(engine, lambda c: subscriptions.start_subscription(c, chama_id, date(2027, 1, 1)))
    run(engine, lambda c: savings.record_saving(c, chama_id, members[1], Money.shillings(2000), "s1", WHEN))
    assert say(phone(2), "LOAN 9000 3 MONTHS").startswith("Your loan limit is KES 6,000")
    reply = say(phone(2), "LOAN 6000 3 MONTHS")
    assert reply == ("Loan KES 6,000 over 3 months: interest KES 120.40, total KES 6,120.40, first KES 2,040.13 "
                     "due 10/02/2027. Reply YES in 15 min, or NO.")
    assert loan_rows(engine) == []  # nothing is recorded before the member confirms
    assert say(phone(2), "YES") == ("Loan L1 requested: KES 6,000 over 3 months, interest KES 120.40, total "
                                    "KES 6,120.40, first KES 2,040.13 due 10/02/2027. The treasurer decides.")
    assert loan_rows(engine) == [("requested", 600000)]
    assert say(phone(2), "REPAY 1000") == "You have no loan to repay."


def loan_rows(engine):
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(loans.c.status, loans.c.principal_cents).order_by(loans.c.id))]


def test_a_goal_is_set_and_saved_to_by_an_mpesa_prompt(engine, say):
    chama_id, members = make_chama(engine, 2)
    assert say(phone(2), "GOAL School fees 20000 BY 31/01/2027") == (
        "Goal School fees set: KES 20,000 by 31/01/2027. Save KES 6,666.67 a week to reach it.")
    assert say(phone(2), "SAVE 500 School fees").startswith("An M-Pesa prompt for KES 500 to your savings")
    (payload,) = stk_payloads(engine)
    assert payload["purpose"] == "saving" and payload["amount_cents"] == 50000 and payload["goal_id"] == 1
