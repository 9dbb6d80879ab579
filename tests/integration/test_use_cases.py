"""Use cases end to end on the database: idempotent payments, and bad input
that raises a typed error and leaves every table as it was."""
from datetime import date

import pytest

from chamabora.core.chama import Role
from chamabora.core.errors import (AlreadyMember, AlreadyRegistered, ChamaError, CycleState, Forbidden,
                                   InvalidAmount, InvalidInput, InvalidPhone, NotAMember, PayoutState,
                                   UnknownChama, UnknownMember)
from chamabora.core.money import Money
from chamabora.services.people import membership
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from chamabora.services.ledger import statements
from chamabora.services.records import member_id_by_phone
from tests.helpers import make_chama, phone, run, snapshot

DAY = date(2027, 1, 20)


def test_the_same_payment_reported_twice_is_recorded_once(engine):
    chama_id, ids = make_chama(engine, 3)
    first = run(engine, lambda c: payments.record_payment(c, chama_id, ids[1], Money(150000), "mpesa:QGH7XK2L9P", DAY))
    before = snapshot(engine)
    again = run(engine, lambda c: payments.record_payment(c, chama_id, ids[1], Money(150000), "mpesa:QGH7XK2L9P", DAY))
    assert again.duplicate and again.entry_id == first.entry_id
    assert snapshot(engine) == before
    balance = run(engine, lambda c: statements.member_balance(c, chama_id, ids[1]))
    assert (balance.contributed, balance.credit) == (Money(100000), Money(50000))


def test_credit_from_an_overpayment_settles_the_next_cycle_when_it_opens(engine):
    chama_id, ids = make_chama(engine, 2)
    run(engine, lambda c: payments.record_payment(c, chama_id, ids[1], Money(250000), "k1", DAY))
    run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[0], date(2027, 2, 1)))
    balance = run(engine, lambda c: statements.member_balance(c, chama_id, ids[1]))
    assert (balance.contributed, balance.dues_owed, balance.credit) == (Money(200000), Money(0), Money(50000))


def test_a_cycle_cannot_close_before_it_is_due_or_twice(engine):
    chama_id, ids = make_chama(engine, 2)
    with pytest.raises(CycleState):
        run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[0], date(2027, 1, 30)))
    run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[0], date(2027, 1, 31)))
    with pytest.raises(CycleState):
        run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[0], date(2027, 1, 31)))


def test_a_payout_is_disbursed_once_and_only_by_a_treasurer_or_chair(engine):
    chama_id, ids = make_chama(engine, 3)
    for i, member_id in enumerate(ids):
        run(engine, lambda c, m=member_id, i=i: payments.record_payment(c, chama_id, m, Money(100000), f"p{i}", DAY))
    closed = run(engine, lambda c: payouts.close_cycle(c, chama_id, ids[0], date(2027, 2, 1)))
    assert closed.net == Money(300000)
    with pytest.raises(Forbidden):
        run(engine, lambda c: payouts.disburse_payout(c, closed.payout_id, ids[2], "B2C1"))
    run(engine, lambda c: membership.assign_role(c, chama_id, ids[0], ids[1], Role.TREASURER))
    run(engine, lambda c: payouts.disburse_payout(c, closed.payout_id, ids[1], "B2C1"))
    with pytest.raises(PayoutState):
        run(engine, lambda c: payouts.disburse_payout(c, closed.payout_id, ids[1], "B2C2"))
    books = run(engine, lambda c: statements.chama_balances(c, chama_id))
    assert books["cash"] == Money(0) and books["payout_payable"] == Money(0)


BAD_INPUT = {
    "zero amount": (InvalidAmount, lambda c, ch, ids: payments.record_payment(c, ch, ids[1], Money(0), "k", DAY)),
    "negative amount": (InvalidAmount, lambda c, ch, ids: payments.record_payment(c, ch, ids[1], Money(-500), "k", DAY)),
    "no reference": (InvalidInput, lambda c, ch, ids: payments.record_payment(c, ch, ids[1], Money(500), "", DAY)),
    "unknown member": (UnknownMember, lambda c, ch, ids: payments.record_payment(c, ch, 999_999, Money(500), "k", DAY)),
    "unknown chama": (UnknownChama, lambda c, ch, ids: payments.record_payment(c, 999_999, ids[1], Money(500), "k", DAY)),
    "non-member pays": (NotAMember, lambda c, ch, ids: payments.record_payment(c, ch, ids[3], Money(500), "k", DAY)),
    "plain member closes a cycle": (Forbidden, lambda c, ch, ids: payouts.close_cycle(c, ch, ids[1], date(2027, 3, 1))),
    "plain member assigns a role": (Forbidden, lambda c, ch, ids: membership.assign_role(c, ch, ids[1], ids[2], Role.TREASURER)),
    "duplicate join": (AlreadyMember, lambda c, ch, ids: membership.join_chama(c, ids[1], ch, DAY)),
    "malformed phone": (InvalidPhone, lambda c, ch, ids: membership.register_member(c, "07123", "Jane Doe")),
    "phone registered twice": (AlreadyRegistered, lambda c, ch, ids: membership.register_member(c, phone(1), "Jane Doe")),
    "unknown phone": (UnknownMember, lambda c, ch, ids: member_id_by_phone(c, "0799999999")),
    "join unknown chama": (UnknownChama, lambda c, ch, ids: membership.join_chama(c, ids[3], "NOPE", DAY)),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_input_raises_a_typed_error_and_changes_nothing(engine, case):
    chama_id, ids = make_chama(engine, 3)
    outsider = run(engine, lambda c: membership.register_member(c, phone(50), "Outsider"))
    ids = ids + [outsider]
    run(engine, lambda c: payments.record_payment(c, chama_id, ids[1], Money(30000), "earlier", DAY))
    before = snapshot(engine)
    error_type, action = BAD_INPUT[case]
    with pytest.raises(error_type) as caught:
        run(engine, lambda c: action(c, chama_id, ids))
    assert isinstance(caught.value, ChamaError) and caught.value.code
    assert snapshot(engine) == before


def test_an_error_halfway_through_a_use_case_leaves_no_partial_write(engine):
    chama_id, ids = make_chama(engine, 2)
    before = snapshot(engine)

    def pay_then_fail(conn):
        payments.record_payment(conn, chama_id, ids[1], Money(100000), "half", DAY)
        raise InvalidInput("a later step refused")

    with pytest.raises(InvalidInput):
        run(engine, pay_then_fail)
    assert snapshot(engine) == before
