"""A chama's first quarter, told as its ledger.

Umoja: 10 members, KES 1,000 monthly due on the 31st (clamped), 3 days'
grace, KES 100 flat fine per late cycle, payouts in join order. Member 11
joins mid-round on 10 February. Every figure below was worked by hand.

A pot is what was collected: contributions paid late join the next pot,
and the recipient's own unpaid contribution is settled from their pot.
"""
from datetime import date

import pytest

from chamabora.core.chama import Role
from chamabora.core.money import Money
from chamabora.services.people import membership
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from chamabora.services.ledger import statements
from tests.helpers import make_chama, phone, run

KES = Money.shillings


def pay(engine, chama_id, member_id, shillings, ref, day):
    return run(engine, lambda c: payments.record_payment(c, chama_id, member_id, KES(shillings), ref, day))


def close(engine, chama_id, day):
    return run(engine, lambda c: payouts.close_cycle(c, chama_id, None, day))


def balance(engine, chama_id, member_id):
    return run(engine, lambda c: statements.member_balance(c, chama_id, member_id))


@pytest.fixture
def umoja(engine):
    chama_id, ids = make_chama(engine, 10, join_day=date(2027, 1, 5))
    run(engine, lambda c: membership.assign_role(c, chama_id, ids[0], ids[1], Role.TREASURER))
    return chama_id, dict(enumerate(ids, start=1))


def test_three_months_of_late_and_partial_payments_end_in_exact_books(engine, umoja):
    chama_id, m = umoja
    # January: eight pay in full, M9 half, M10 nothing
    for n in range(1, 9):
        pay(engine, chama_id, m[n], 1000, f"JAN{n}", date(2027, 1, 20))
    pay(engine, chama_id, m[9], 500, "JAN9", date(2027, 1, 25))
    first = close(engine, chama_id, date(2027, 2, 5))
    # collected: eight full contributions and M9's half
    assert (first.recipient_member_id, first.gross, first.net, first.fines_levied) == (m[1], KES(8500), KES(8500), KES(200))

    m[11] = run(engine, lambda c: membership.register_member(c, phone(11), "Member 11"))
    joined = run(engine, lambda c: membership.join_chama(c, m[11], chama_id, date(2027, 2, 10)))
    assert joined.first_cycle == 2

    # February: M9 clears arrears and fine; M10 pays one month late, leaving February unpaid
    for n in range(1, 9):
        pay(engine, chama_id, m[n], 1000, f"FEB{n}", date(2027, 2, 20))
    nine = pay(engine, chama_id, m[9], 1600, "FEB9", date(2027, 2, 20))
    assert (nine.to_contributions, nine.to_fines, nine.credit) == (KES(1500), KES(100), KES(0))
    ten = pay(engine, chama_id, m[10], 1000, "MAR10a", date(2027, 3, 2))
    assert (ten.to_contributions, ten.to_fines) == (KES(1000), KES(0))
    second = close(engine, chama_id, date(2027, 3, 5))
    # February's nine contributions and January's KES 1,500 paid late
    assert (second.recipient_member_id, second.net, second.fines_levied) == (m[2], KES(10500), KES(100))

    # March: the joiner pays; M3 (whose turn it is) pays short; M9 pays ahead
    for n in (1, 2, 4, 5, 6, 7, 8, 11):
        pay(engine, chama_id, m[n], 1000, f"MAR{n}", date(2027, 3, 20))
    pay(engine, chama_id, m[3], 600, "MAR3", date(2027, 3, 20))
    ahead = pay(engine, chama_id, m[9], 2000, "MAR9", date(2027, 3, 20))
    assert ahead.credit == KES(1000)
    pay(engine, chama_id, m[10], 500, "APR10", date(2027, 4, 2))
    third = close(engine, chama_id, date(2027, 4, 5))
    # collected KES 10,100 (March's 9,600 and M10's late 500); M3's own KES 400 short is settled from the
    # pot (gross 10,500) and her fine netted
    assert (third.recipient_member_id, third.gross, third.net, third.fines_levied) == (m[3], KES(10500), KES(10000), KES(200))

    run(engine, lambda c: payouts.disburse_payout(c, first.payout_id, m[2], "B2C-1"))  # the treasurer signs the chair's
    run(engine, lambda c: payouts.disburse_payout(c, second.payout_id, m[1], "B2C-2"))

    books = run(engine, lambda c: statements.chama_balances(c, chama_id))
    assert books["cash"] == KES(11200)
    assert books["dues_receivable"] == KES(11500)
    assert books["fines_receivable"] == KES(300)
    assert books["pot_payable"] == -KES(12500)
    assert books["payout_payable"] == -KES(10000)
    assert books["fine_income"] == -KES(500)
    assert books["member_credit"] == KES(0)
    assert sum(v.cents for v in books.values()) == 0

    m9, m10, m3 = (balance(engine, chama_id, m[n]) for n in (9, 10, 3))
    assert (m9.contributed, m9.dues_owed, m9.fines_owed, m9.credit) == (KES(4000), KES(0), KES(0), KES(0))
    assert (m10.contributed, m10.dues_owed, m10.fines_owed) == (KES(1500), KES(2500), KES(300))
    assert (m3.contributed, m3.dues_owed, m3.fines_owed, m3.payout_owed) == (KES(3000), KES(1000), KES(0), KES(10000))
