"""Answers by SMS: a loan offer confirmed or cancelled with YES / NO (NDIO /
HAPANA), a guarantor's KUBALI DHAMANA / DECLINE GUARANTEE, withdrawal votes by
YES W<n>, LOAN / MKOPO status, and the chair's UPGRADE."""
import json
from datetime import date, datetime, timedelta, timezone
from itertools import count

import pytest
from sqlalchemy import select, update

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.money import Money
from chamabora.outbox.store import outbox
from chamabora.services.lending import loans
from chamabora.services.lending import policy
from chamabora.services.savings import accounts as savings
from chamabora.services.savings import subscriptions
from chamabora.services.savings import withdrawals
from chamabora.services.records import members as members_table
from tests.helpers import join_newcomer, make_chama, phone, run

WHEN = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)
K = Money.shillings
ids = count(1)


@pytest.fixture
def say(app, engine):
    services = app.extensions["chamabora"]

    def send(who, text, when=WHEN):
        inbound = Inbound(ChannelKind.SMS, who, text, when, "africastalking", f"ATXid_answer_{next(ids)}")
        return services.run(lambda conn: answer(conn, inbound)).text

    return send


@pytest.fixture
def chama(engine):
    chama_id, members = make_chama(engine, 4)
    run(engine, lambda c: subscriptions.start_subscription(c, chama_id, date(2027, 1, 1)))
    for n, member_id in enumerate(members):
        run(engine, lambda c: savings.record_saving(c, chama_id, member_id, K(2000), f"s{n}", WHEN))
    return chama_id, members


def loan_statuses(engine):
    with engine.connect() as conn:
        return list(conn.execute(select(loans.loans.c.status).order_by(loans.loans.c.id)).scalars())


def test_no_cancels_a_loan_offer_and_nothing_is_recorded(engine, say, chama):
    assert say(phone(2), "MKOPO 3000 MIEZI 2").startswith("Loan KES 3,000 over 2 months: interest")
    assert say(phone(2), "HAPANA") == "Loan request cancelled. Nothing was recorded."
    assert loan_statuses(engine) == []
    assert say(phone(2), "YES") == "Nothing is waiting for your YES or NO."


def test_an_offer_left_longer_than_fifteen_minutes_is_not_recorded_by_a_late_yes(engine, say, chama):
    say(phone(2), "LOAN 3000 2 MONTHS")
    assert say(phone(2), "YES", WHEN + timedelta(minutes=16)) == "Nothing is waiting for your YES or NO."
    assert loan_statuses(engine) == []


def test_loan_status_before_and_after_a_request_in_english_and_swahili(engine, say, chama):
    assert say(phone(2), "LOAN") == "You have no loan. Ask for one with the amount and months, e.g. LOAN 5000 6 MONTHS."
    say(phone(2), "LOAN 3000 2 MONTHS")
    say(phone(2), "YES")
    assert say(phone(2), "LOAN") == "Loan L1 of KES 3,000 is waiting for approval. Total to repay KES 3,045.07."
    run(engine, lambda c: c.execute(update(members_table).where(members_table.c.phone == phone(2)).values(language="sw")))
    assert say(phone(2), "MKOPO") == "Mkopo L1 wa KES 3,000 unasubiri kuidhinishwa. Jumla ya kulipa KES 3,045.07."


def test_a_guarantor_accepts_with_kubali_dhamana_without_touching_claim_approvals(engine, say, chama):
    chama_id, members = chama
    loan_id = run(engine, lambda c: loans.request_loan(c, chama_id, members[1], K(7000), 3, date(2027, 1, 10),
                                                       {members[2]: K(1000)}))
    assert say(phone(3), "KUBALI DHAMANA L1") == ("You now guarantee loan L1 of Member 2. "
                                                  "The treasurer will review the loan.")
    assert say(phone(4), "ACCEPT GUARANTEE L1").startswith("That loan is not waiting for this")  # not asked
    assert run(engine, lambda c: loans.approve_loan(c, loan_id, members[0], date(2027, 1, 10))) == "approved"


def test_a_guarantor_who_declines_leaves_the_loan_unbacked(engine, say, chama):
    chama_id, members = chama
    run(engine, lambda c: loans.request_loan(c, chama_id, members[1], K(7000), 3, date(2027, 1, 10),
                                             {members[2]: K(1000)}))
    assert say(phone(3), "NO L1") == "You declined to guarantee loan L1 of Member 2."
    assert say(phone(3), "YES") == "Nothing is waiting for your YES or NO."


def test_withdrawal_votes_by_yes_and_ndio_decide_the_withdrawal(engine, say, chama):
    chama_id, members = chama
    run(engine, lambda c: policy.set_policy(c, chama_id, members[0], ratify_above_cents=K(500).cents, quorum_bp=5000))
    w1 = run(engine, lambda c: withdrawals.request_withdrawal(c, chama_id, members[3], K(1000), date(2027, 1, 10)))
    w2 = run(engine, lambda c: withdrawals.request_withdrawal(c, chama_id, members[2], K(600), date(2027, 1, 10)))
    assert say(phone(2), "YES") == ("Several things wait for your answer: W1, W2. Reply YES or NO and one of them, "
                                    "e.g. YES W1.")
    assert say(phone(2), "YES W1") == "Your vote on W1 is counted: 1 yes, 0 no so far."
    assert say(phone(1), "NDIO 1") == ("Your vote on W1 is counted. The withdrawal was approved (2 yes, 0 no).")
    with engine.connect() as conn:
        statuses = dict(conn.execute(select(withdrawals.withdrawals.c.id, withdrawals.withdrawals.c.status)).all())
    assert statuses == {w1: "approved", w2: "voting"}
    assert say(phone(2), "NO W1") == "That vote is already closed."
    # W2 closed on 13/01 (three voting days); a vote after that is not counted, and the member is told so
    late = WHEN + timedelta(days=8)
    assert say(phone(1), "YES W2", when=late) == ("Voting on W2 had closed, so your vote was not counted. "
                                                  "The withdrawal was not approved (0 yes, 0 no).")
    assert say(phone(4), "NDIO W2", when=late) == "That vote is already closed."


def test_a_withdrawal_vote_nobody_acts_on_is_decided_the_day_after_it_closes(app, engine, say, chama):
    from chamabora.core.schedule import NAIROBI
    from chamabora.schedule.entries import BY_ID
    from chamabora.schedule.runner import run_firing

    chama_id, members = chama
    run(engine, lambda c: policy.set_policy(c, chama_id, members[0], ratify_above_cents=K(500).cents, quorum_bp=5000))
    wid = run(engine, lambda c: withdrawals.request_withdrawal(c, chama_id, members[3], K(1000), date(2027, 1, 10)))
    assert say(phone(2), f"YES W{wid}") == f"Your vote on W{wid} is counted: 1 yes, 0 no so far."
    services = app.extensions["chamabora"]

    def status():
        with engine.connect() as conn:
            return conn.execute(select(withdrawals.withdrawals.c.status)).scalar_one()

    run_firing(services, BY_ID["close-votes"], datetime(2027, 1, 13, 0, 15, tzinfo=NAIROBI))
    assert status() == "voting"  # 13/01 is its closing date: votes still count that day
    run_firing(services, BY_ID["close-votes"], datetime(2027, 1, 14, 0, 15, tzinfo=NAIROBI))
    assert status() == "rejected"
    told = "Umoja: the withdrawal of KES 1,000 by Member 4 was not approved (1 yes, 0 no)."
    with engine.connect() as conn:
        bodies = conn.execute(select(outbox.c.body).where(outbox.c.channel == "sms")).scalars().all()
    assert bodies.count(told) == 2  # the member who asked and the one who voted
    run_firing(services, BY_ID["close-votes"], datetime(2027, 1, 15, 0, 15, tzinfo=NAIROBI))
    with engine.connect() as conn:
        assert conn.execute(select(outbox.c.body).where(outbox.c.channel == "sms")).scalars().all() == bodies


def test_a_member_who_joins_while_a_withdrawal_vote_is_open_does_not_vote_on_it(engine, say, chama):
    chama_id, members = chama
    run(engine, lambda c: policy.set_policy(c, chama_id, members[0], ratify_above_cents=K(500).cents, quorum_bp=6000))
    wid = run(engine, lambda c: withdrawals.request_withdrawal(c, chama_id, members[3], K(1000), date(2027, 1, 10)))
    join_newcomer(engine, chama_id, 9, date(2027, 1, 11))
    assert say(phone(9), "YES") == "Nothing is waiting for your YES or NO."
    assert say(phone(9), f"YES W{wid}") == "You joined after this vote opened, so you do not vote on it."
    assert say(phone(1), f"YES W{wid}") == f"Your vote on W{wid} is counted: 1 yes, 0 no so far."
    assert say(phone(2), f"NDIO W{wid}") == (f"Your vote on W{wid} is counted. The withdrawal was approved "
                                            "(2 yes, 0 no).")


def test_the_chair_upgrades_by_an_mpesa_prompt_and_a_member_cannot(engine, say, chama):
    assert say(phone(1), "UPGRADE PREMIUM 2 MONTHS") == (
        "An M-Pesa prompt for KES 3,000 for the Premium plan (2 month(s)) for Umoja is coming. "
        "Enter your M-Pesa PIN to pay.")
    with engine.connect() as conn:
        payloads = [json.loads(p) for p in conn.execute(select(outbox.c.payload).where(
            outbox.c.channel == "stk_push")).scalars()]
    assert payloads == [{"purpose": "subscription", "amount_cents": 300000, "plan": "premium", "months": 2,
                         "account_reference": f"PLAN{chama[0]}"}]
    assert say(phone(1), "BORESHA PREMIUM MIEZI 2").startswith("The M-Pesa prompt for this renewal was already sent")
    assert say(phone(2), "UPGRADE") == "Only the chair or treasurer can do that."
