"""Loans on the database: a loan from request to last repayment, guarantors,
the chair above the threshold, late penalties, idempotent repayments."""
from datetime import date, datetime, timezone

import pytest

from chamabora.core.chama import Role
from chamabora.core.errors import Forbidden
from chamabora.core.loans import LoanLimitExceeded
from chamabora.core.money import Money
from chamabora.services.lending import loan_repayments as repayments
from chamabora.services.lending import loans
from chamabora.services.people import membership
from chamabora.services.lending import policy
from chamabora.services.savings import accounts as savings
from chamabora.services.ledger import statements
from chamabora.services.lending.loans import LoanState
from tests.helpers import make_chama, run, snapshot

K = Money.shillings
DAY = date(2027, 1, 10)
AT = datetime(2027, 1, 10, 9, tzinfo=timezone.utc)


def setup(engine, saved=10000):
    chama_id, ids = make_chama(engine, 4)
    run(engine, lambda c: membership.assign_role(c, chama_id, ids[0], ids[1], Role.TREASURER))
    for i, member_id in enumerate(ids):
        run(engine, lambda c, m=member_id, i=i: savings.record_saving(c, chama_id, m, K(saved), f"s{i}", AT))
    return chama_id, ids


def test_a_loan_runs_from_request_to_last_repayment_and_the_books_balance(engine):
    chama_id, ids = setup(engine)
    quote = run(engine, lambda c: loans.quote_loan(c, chama_id, ids[2], K(30000), 3, DAY))
    assert quote.limit == K(30000) and quote.schedule.total_interest == Money(60199)
    loan_id = run(engine, lambda c: loans.request_loan(c, chama_id, ids[2], K(30000), 3, DAY))
    assert run(engine, lambda c: loans.approve_loan(c, loan_id, ids[1], DAY)) == "approved"
    assert run(engine, lambda c: loans.awaiting_disbursement(c, chama_id)) == [loan_id]
    run(engine, lambda c: repayments.record_disbursement(c, loan_id, "B2C001", DAY, AT))
    again = run(engine, lambda c: repayments.record_disbursement(c, loan_id, "B2C001", DAY, AT))
    assert again > 0 and run(engine, lambda c: loans.awaiting_disbursement(c, chama_id)) == []
    status = run(engine, lambda c: repayments.loan_status(c, chama_id, ids[2], DAY))
    assert (status.owed, status.next_due) == (Money(3060199), date(2027, 2, 10))
    for n, (amount, on) in enumerate([(status.next_amount, date(2027, 2, 10)), (status.next_amount, date(2027, 3, 10)),
                                      (K(20000), date(2027, 4, 10))]):
        result = run(engine, lambda c, a=amount, n=n, on=on: repayments.repay_loan(c, chama_id, ids[2], a, f"r{n}", on))
    # the last instalment is 10,200.67; the rest of the 20,000 is kept as the member's savings
    assert result.repaid and result.to_savings == K(20000) - Money(1020067)
    books = run(engine, lambda c: statements.chama_balances(c, chama_id))
    assert books["loans_receivable"] == Money(0) and books["interest_income"] == Money(-60199)
    assert books["cash"] == K(40000) + Money(60199) + result.to_savings
    assert run(engine, lambda c: savings.savings_balance(c, chama_id, ids[2])) == K(10000) + result.to_savings
    assert run(engine, lambda c: repayments.loan_status(c, chama_id, ids[2], date(2027, 4, 11))) is None


def test_above_the_limit_a_loan_needs_guarantors_who_accept(engine):
    chama_id, ids = setup(engine)
    with pytest.raises(LoanLimitExceeded):
        run(engine, lambda c: loans.request_loan(c, chama_id, ids[2], K(40000), 6, DAY))
    with pytest.raises(LoanLimitExceeded):  # a pledge beyond the guarantor's savings
        run(engine, lambda c: loans.request_loan(c, chama_id, ids[2], K(40000), 6, DAY, {ids[3]: K(10001)}))
    loan_id = run(engine, lambda c: loans.request_loan(c, chama_id, ids[2], K(40000), 6, DAY, {ids[3]: K(10000)}))
    with pytest.raises(LoanLimitExceeded):
        run(engine, lambda c: loans.approve_loan(c, loan_id, ids[1], DAY))
    assert run(engine, lambda c: loans.answer_guarantee(c, loan_id, ids[3], True)) == "accepted"
    assert run(engine, lambda c: savings.held_savings(c, chama_id, ids[3])) == K(10000)
    assert run(engine, lambda c: loans.approve_loan(c, loan_id, ids[1], DAY)) == "approved"


def test_above_the_threshold_the_chair_approves_too_and_never_the_borrower(engine):
    chama_id, ids = setup(engine)
    run(engine, lambda c: policy.set_policy(c, chama_id, ids[0], loan_chair_above_cents=K(20000).cents))
    loan_id = run(engine, lambda c: loans.request_loan(c, chama_id, ids[2], K(25000), 2, DAY))
    with pytest.raises(Forbidden):
        run(engine, lambda c: loans.approve_loan(c, loan_id, ids[3], DAY))
    assert run(engine, lambda c: loans.approve_loan(c, loan_id, ids[1], DAY)) == "requested"
    assert run(engine, lambda c: loans.approve_loan(c, loan_id, ids[0], DAY)) == "approved"
    with pytest.raises(LoanState):
        run(engine, lambda c: loans.approve_loan(c, loan_id, ids[0], DAY))


def test_a_late_instalment_is_fined_and_the_fine_is_paid_first_and_repeats_change_nothing(engine):
    chama_id, ids = setup(engine)
    run(engine, lambda c: policy.set_policy(c, chama_id, ids[0], loan_fine_flat_cents=K(200).cents,
                                            loan_grace_days=3, loan_rate_bp=0))
    loan_id = run(engine, lambda c: loans.request_loan(c, chama_id, ids[2], K(3000), 3, DAY))
    run(engine, lambda c: loans.approve_loan(c, loan_id, ids[1], DAY))
    run(engine, lambda c: repayments.record_disbursement(c, loan_id, "B2C9", DAY, AT))
    paid = run(engine, lambda c: repayments.repay_loan(c, chama_id, ids[2], K(500), "late1", date(2027, 2, 14)))
    assert (paid.penalty, paid.interest, paid.principal) == (K(200), Money(0), K(300))
    before = snapshot(engine)
    again = run(engine, lambda c: repayments.repay_loan(c, chama_id, ids[2], K(500), "late1", date(2027, 2, 14)))
    assert again.duplicate and snapshot(engine) == before
    books = run(engine, lambda c: statements.chama_balances(c, chama_id))
    assert books["fine_income"] == -K(200) and books["loans_receivable"] == K(2700)
