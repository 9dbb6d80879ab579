"""An STK payment lands where it was asked for: a loan repayment reduces the
loan, a saving goes to the member's savings (and goal), a plan renewal
extends the plan, a contribution pays dues. Each callback books once."""
from dataclasses import replace
from datetime import date, datetime, timezone

from sqlalchemy import select

from chamabora.core.chama import Role
from chamabora.core.money import Money
from chamabora.services.mpesa import prompts
from chamabora.core.payment_gateway import StkAccepted
from chamabora.core.ports import Outgoing
from chamabora.providers.mpesa.senders import order_of
from chamabora.services.savings import goals
from chamabora.services.lending import loans
from chamabora.services.people import membership
from chamabora.services.savings import accounts as savings
from chamabora.services.ledger import statements
from chamabora.services.savings import subscriptions
from chamabora.services.lending import loan_repayments as repayments
from chamabora.services.ledger.store import entries
from tests import daraja
from tests.helpers import make_chama, phone, run

K = Money.shillings
DAY = date(2027, 1, 10)
AT = datetime(2027, 1, 10, 9, tzinfo=timezone.utc)


def prompt(engine, chama_id, member_id, checkout, amount, purpose, **details):
    payload = {"amount_cents": K(amount).cents, "account_reference": "UMOJA", "purpose": purpose, **details}
    # the payload as the engine's outbox row carries it; no outbox row behind it here
    order = replace(order_of(Outgoing(1, "stk_push", "money", phone(member_id), "", payload, member_id, chama_id)),
                    outbox_id=None)
    run(engine, lambda c: prompts.record_request(c, order, StkAccepted("m-" + checkout, checkout, "")))


def deliver_three_times(client, checkout, amount, receipt):
    for _ in range(3):
        response = daraja.post(client, "stk/callback", daraja.stk(checkout, amount=amount, receipt=receipt))
        assert response.status_code == 200


def setup(engine):
    chama_id, ids = make_chama(engine, 3)
    run(engine, lambda c: membership.assign_role(c, chama_id, ids[0], ids[1], Role.TREASURER))
    for i, member_id in enumerate(ids):
        run(engine, lambda c, m=member_id, i=i: savings.record_saving(c, chama_id, m, K(10000), f"s{i}", AT))
    return chama_id, ids


def test_a_loan_repayment_prompt_reduces_the_loan_once(app, client, engine):
    chama_id, ids = setup(engine)
    loan_id = run(engine, lambda c: loans.request_loan(c, chama_id, ids[2], K(3000), 3, DAY))
    run(engine, lambda c: loans.approve_loan(c, loan_id, ids[1], DAY))
    run(engine, lambda c: repayments.record_disbursement(c, loan_id, "B2C1", DAY, AT))
    before = run(engine, lambda c: repayments.loan_status(c, chama_id, ids[2], DAY))
    prompt(engine, chama_id, ids[2], "ws_CO_loan", 1000, "loan_repayment", loan_id=loan_id)
    deliver_three_times(client, "ws_CO_loan", 1000, "RLP1000AAA")
    after = run(engine, lambda c: repayments.loan_status(c, chama_id, ids[2], DAY))
    assert before != after
    with engine.connect() as conn:
        keys = conn.execute(select(entries.c.idempotency_key).where(
            entries.c.idempotency_key.like("%RLP1000AAA%"))).scalars().all()
    assert keys == ["loan_repay:mpesa:RLP1000AAA"]
    assert run(engine, lambda c: statements.member_balance(c, chama_id, ids[2])).contributed == Money(0)


def test_a_saving_prompt_goes_to_the_goal_once(app, client, engine):
    chama_id, ids = setup(engine)
    goal_id = run(engine, lambda c: goals.create_goal(c, chama_id, ids[2], "School fees", K(2000), date(2027, 6, 30), DAY))
    prompt(engine, chama_id, ids[2], "ws_CO_goal", 500, "saving", goal_id=goal_id)
    deliver_three_times(client, "ws_CO_goal", 500, "RSV0500AAA")
    progress = run(engine, lambda c: goals.goal_progress(c, goal_id, DAY))
    assert progress.saved == K(500)


def test_a_renewal_prompt_extends_the_plan_once(app, client, engine):
    chama_id, ids = setup(engine)
    before = run(engine, lambda c: subscriptions.plan_state(c, chama_id))
    price = subscriptions.renewal_price(subscriptions.Plan.STANDARD, 1)
    prompt(engine, chama_id, ids[0], "ws_CO_plan", price.cents // 100, "subscription", plan="standard", months=1)
    deliver_three_times(client, "ws_CO_plan", price.cents // 100, "RPL0001AAA")
    after = run(engine, lambda c: subscriptions.plan_state(c, chama_id))
    assert after.plan is subscriptions.Plan.STANDARD and after.paid_until is not None
    assert after != before
    with engine.connect() as conn:
        paid = conn.execute(select(subscriptions.subscription_payments.c.reference)).scalars().all()
    assert paid == ["mpesa:RPL0001AAA"]


def test_a_forwarded_copy_of_a_loan_repayment_is_not_counted_again_as_a_contribution(app, client, engine):
    from chamabora.conversation.engine import answer
    from chamabora.conversation.messages import ChannelKind, Inbound

    chama_id, ids = setup(engine)
    loan_id = run(engine, lambda c: loans.request_loan(c, chama_id, ids[2], K(3000), 3, DAY))
    run(engine, lambda c: loans.approve_loan(c, loan_id, ids[1], DAY))
    run(engine, lambda c: repayments.record_disbursement(c, loan_id, "B2C1", DAY, AT))
    prompt(engine, chama_id, ids[2], "ws_CO_loan2", 1000, "loan_repayment", loan_id=loan_id)
    deliver_three_times(client, "ws_CO_loan2", 1000, "RLP2000AAA")
    forwarded = ("RLP2000AAA Confirmed. Ksh1,000.00 sent to UMOJA CHAMA for account LOAN1 on 20/1/27 at 10:15 AM "
                 "New M-PESA balance is Ksh2,300.00. Transaction cost, Ksh0.00.")
    inbound = Inbound(ChannelKind.SMS, phone(3), forwarded, AT, "africastalking", "ATXid_fwd")
    reply = app.extensions["chamabora"].run(lambda conn: answer(conn, inbound)).text
    assert "RLP2000AAA of KES 1,000 is confirmed and counted" in reply
    with engine.connect() as conn:
        keys = conn.execute(select(entries.c.idempotency_key).where(
            entries.c.idempotency_key.like("%RLP2000AAA%"))).scalars().all()
    assert keys == ["loan_repay:mpesa:RLP2000AAA"]
    assert run(engine, lambda c: statements.member_balance(c, chama_id, ids[2])).contributed == Money(0)
