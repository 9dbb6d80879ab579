"""Subscriptions (trial into grace into Free, renewal by STK push), the
share-out, a defaulting recipient blocked, and quorum votes passing and
failing, on the database."""
import json
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from chamabora.core import entries
from chamabora.core.default_protection import PayoutBlocked
from chamabora.core.money import Money
from chamabora.core.quorum import Outcome
from chamabora.core.subscriptions import Feature, Plan
from chamabora.db.outbox_tables import OutboxMessage
from chamabora.services.payouts import defaults
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from chamabora.services.lending import policy
from chamabora.services.savings import accounts as savings
from chamabora.services.savings import shareout
from chamabora.services.savings import subscriptions
from chamabora.services.savings import withdrawals
from chamabora.services.ledger.store import LedgerStore
from tests.helpers import make_chama, phone, run

K = Money.shillings
outbox = OutboxMessage.__table__


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc)


def messages(engine, channel="sms"):
    with engine.connect() as conn:
        return conn.execute(select(outbox.c.recipient, outbox.c.body, outbox.c.payload)
                            .where(outbox.c.channel == channel).order_by(outbox.c.id)).all()


def test_a_trial_expires_into_free_and_a_paid_plan_runs_through_grace_into_free(engine):
    chama_id, ids = make_chama(engine, 2)
    run(engine, lambda c: subscriptions.start_subscription(c, chama_id, date(2027, 1, 1)))
    gate = lambda day: run(engine, lambda c: subscriptions.plan_gate(c, chama_id, Feature.LOANS, day))  # noqa: E731
    assert gate(date(2027, 1, 30)) is None and gate(date(2027, 1, 31)) is Plan.STANDARD
    run(engine, lambda c: subscriptions.request_renewal(c, chama_id, ids[0], Plan.STANDARD, 1, date(2027, 2, 1)))
    (recipient, _, payload), = messages(engine, "stk_push")
    assert recipient == phone(1) and json.loads(payload)["amount_cents"] == K(500).cents
    state = run(engine, lambda c: subscriptions.record_renewal(c, chama_id, Plan.STANDARD, 1, K(500), "SUB1",
                                                               date(2027, 2, 1)))
    run(engine, lambda c: subscriptions.record_renewal(c, chama_id, Plan.STANDARD, 1, K(500), "SUB1", date(2027, 2, 1)))
    assert state.paid_until == date(2027, 2, 28)
    assert gate(date(2027, 3, 7)) is None                  # in grace
    assert gate(date(2027, 3, 8)) is Plan.STANDARD         # back on Free
    assert run(engine, lambda c: subscriptions.plan_gate(c, chama_id, Feature.CORE, date(2027, 3, 8))) is None


def test_a_share_out_gives_the_pool_to_savers_by_savings_time_exactly(engine):
    chama_id, ids = make_chama(engine, 3)
    run(engine, lambda c: savings.record_saving(c, chama_id, ids[0], K(1000), "a", at(date(2027, 1, 1))))
    run(engine, lambda c: savings.record_saving(c, chama_id, ids[1], K(1000), "b", at(date(2027, 7, 1))))
    run(engine, lambda c: LedgerStore(c, chama_id).post(entries.fine_entry(ids[2], Money(100001), "f", "Fine")))
    result = run(engine, lambda c: shareout.share_out_cycle(c, chama_id, ids[0], date(2027, 1, 1),
                                                            date(2027, 12, 31), date(2028, 1, 1)))
    assert result.pool == Money(100001) and sum(s.cents for s in result.shares.values()) == 100001
    # 365 against 184 days of KES 1,000: 66,485.25 and 33,515.75 cents, the spare cent to the larger fraction
    assert result.shares == {ids[0]: Money(66485), ids[1]: Money(33516)}
    books = run(engine, lambda c: LedgerStore(c, chama_id).balance(entries.FINE_INCOME))
    assert books == 0 and len(messages(engine)) == 2


def test_a_recipient_who_falls_behind_is_flagged_blocked_and_cleared_when_paid(engine):
    chama_id, ids = make_chama(engine, 3)
    for n, member_id in enumerate(ids):
        run(engine, lambda c, m=member_id, n=n: payments.record_payment(c, chama_id, m, K(1000), f"c0{n}", date(2027, 1, 20)))
    closed = run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[0], date(2027, 1, 31)))
    assert closed.recipient_member_id == ids[0]
    run(engine, lambda c: defaults.set_rotation_guarantor(c, chama_id, ids[0], ids[0], ids[2]))
    for n, member_id in enumerate(ids[1:]):
        run(engine, lambda c, m=member_id, n=n: payments.record_payment(c, chama_id, m, K(1000), f"c1{n}", date(2027, 2, 20)))
    assert run(engine, lambda c: defaults.flag_defaulters(c, chama_id, date(2027, 3, 3))) == []   # within grace
    assert run(engine, lambda c: defaults.flag_defaulters(c, chama_id, date(2027, 3, 4))) == [ids[0]]
    assert run(engine, lambda c: defaults.flag_defaulters(c, chama_id, date(2027, 3, 5))) == []   # flagged once
    assert {r for r, _, _ in messages(engine)} == {phone(1), phone(3)}  # the chair (also the defaulter) and guarantor
    with pytest.raises(PayoutBlocked):
        run(engine, lambda c: defaults.require_payout_allowed(c, chama_id, ids[0]))
    run(engine, lambda c: payments.record_payment(c, chama_id, ids[0], K(1100), "late", date(2027, 3, 6)))
    run(engine, lambda c: defaults.flag_defaulters(c, chama_id, date(2027, 3, 6)))
    assert run(engine, lambda c: defaults.is_blocked(c, chama_id, ids[0])) is False


def ratified_chama(engine, members=5):
    chama_id, ids = make_chama(engine, members)
    run(engine, lambda c: policy.set_policy(c, chama_id, ids[0], ratify_above_cents=K(5000).cents, quorum_bp=6000))
    run(engine, lambda c: savings.record_saving(c, chama_id, ids[1], K(20000), "s", at(date(2027, 1, 2))))
    return chama_id, ids


def test_a_large_withdrawal_goes_ahead_once_the_quorum_says_yes(engine):
    chama_id, ids = ratified_chama(engine)
    wid = run(engine, lambda c: withdrawals.request_withdrawal(c, chama_id, ids[1], K(10000), date(2027, 1, 5)))
    assert len(messages(engine)) == 4  # every other member is asked
    for voter in ids[2:4]:
        tally, counted = run(engine, lambda c, v=voter: withdrawals.cast_vote(c, wid, v, True, date(2027, 1, 6)))
    assert tally.outcome is Outcome.PENDING and counted   # 60% of 4 voters is 3
    tally, counted = run(engine, lambda c: withdrawals.cast_vote(c, wid, ids[0], True, date(2027, 1, 6)))
    assert tally.outcome is Outcome.PASSED and counted
    run(engine, lambda c: withdrawals.record_withdrawal_paid(c, wid, "B2CW1", at(date(2027, 1, 6))))
    assert run(engine, lambda c: savings.savings_balance(c, chama_id, ids[1])) == K(10000)


def test_a_large_withdrawal_fails_when_the_quorum_cannot_be_reached_or_time_runs_out(engine):
    chama_id, ids = ratified_chama(engine)
    wid = run(engine, lambda c: withdrawals.request_withdrawal(c, chama_id, ids[1], K(10000), date(2027, 1, 5)))
    run(engine, lambda c: withdrawals.cast_vote(c, wid, ids[2], False, date(2027, 1, 6)))
    assert run(engine, lambda c: withdrawals.cast_vote(c, wid, ids[3], False, date(2027, 1, 6)))[0].outcome is Outcome.FAILED
    with pytest.raises(withdrawals.WithdrawalState):
        run(engine, lambda c: withdrawals.record_withdrawal_paid(c, wid, "B2CW2"))
    late = run(engine, lambda c: withdrawals.request_withdrawal(c, chama_id, ids[1], K(6000), date(2027, 1, 10)))
    run(engine, lambda c: withdrawals.cast_vote(c, late, ids[2], True, date(2027, 1, 11)))
    assert run(engine, lambda c: withdrawals.close_vote(c, late, date(2027, 1, 14))).outcome is Outcome.FAILED
    # a vote after the closing date is not counted, and the member is told so
    after = run(engine, lambda c: withdrawals.request_withdrawal(c, chama_id, ids[1], K(6000), date(2027, 1, 20)))
    tally, counted = run(engine, lambda c: withdrawals.cast_vote(c, after, ids[2], True, date(2027, 2, 1)))
    assert not counted and (tally.outcome, tally.yes) == (Outcome.FAILED, 0)
