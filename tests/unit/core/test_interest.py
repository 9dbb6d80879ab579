"""Savings interest: daily compounding on the date-based balance, actual/365,
credited monthly, checked against the closed form (1 + r/365)^days."""
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chamabora.core.errors import InvalidInput
from chamabora.core.interest import BalanceChange, accrued_interest, month_bounds, monthly_credit
from chamabora.core.loans import round_div
from chamabora.core.money import Money

RATE_BP = 1000  # 10% a year
P = Money.shillings(100000)


def closed_form(cents: int, days: int, rate_bp: int = RATE_BP) -> int:
    exact = cents * ((1 + Fraction(rate_bp, 365 * 10000)) ** days - 1)
    return round_div(exact.numerator, exact.denominator)


def test_a_leap_february_earns_29_days_of_compounding():
    credit = monthly_credit(P, [], date(2028, 2, 10), RATE_BP)
    assert credit == Money(closed_form(P.cents, 29)) == Money(79758)


def test_a_leap_year_has_366_earning_days_at_one_365th_of_the_rate():
    whole_year = accrued_interest(P, [], date(2028, 1, 1), date(2028, 12, 31), RATE_BP)
    assert whole_year == Money(closed_form(P.cents, 366)) == Money(1054586)
    # a year's rate of 10% compounded daily over 366/365 of a year is just above 10.54%
    assert Money.shillings(10540) < whole_year < Money.shillings(10550)


def test_monthly_credits_over_a_leap_year_compound_into_the_closed_form_within_rounding():
    balance, credited = P, []
    for month in range(1, 13):
        credit = monthly_credit(balance, [], date(2028, month, 1), RATE_BP)
        credited.append(credit)
        balance += credit
    # each month's credit is rounded once, so twelve credits differ from the
    # uninterrupted daily compounding by at most half a cent a month
    assert abs(sum(c.cents for c in credited) - closed_form(P.cents, 366)) <= 6
    assert credited[1] == Money(closed_form(P.cents + credited[0].cents, 29))


def test_a_deposit_earns_from_its_own_day_to_the_month_end():
    deposit = [BalanceChange(date(2028, 2, 15), P)]
    assert monthly_credit(Money(0), deposit, date(2028, 2, 1), RATE_BP) == Money(closed_form(P.cents, 15))


def test_a_withdrawal_stops_earning_on_its_day_but_the_interest_accrued_keeps_compounding():
    changes = [BalanceChange(date(2027, 4, 11), -P)]
    credit = monthly_credit(P, changes, date(2027, 4, 1), RATE_BP)
    growth = 1 + Fraction(RATE_BP, 365 * 10000)
    exact = P.cents * (growth ** 10 - 1) * growth ** 20  # 10 days on P, then 20 on the interest alone
    assert credit == Money(round_div(exact.numerator, exact.denominator))
    assert Money(closed_form(P.cents, 10)) < credit < Money(closed_form(P.cents, 10) * 1006 // 1000)


def test_savings_never_go_below_zero_and_changes_stay_inside_the_period():
    with pytest.raises(InvalidInput):
        monthly_credit(Money(100), [BalanceChange(date(2027, 4, 2), Money(-200))], date(2027, 4, 1), RATE_BP)
    with pytest.raises(InvalidInput):
        monthly_credit(Money(100), [BalanceChange(date(2027, 5, 1), Money(200))], date(2027, 4, 1), RATE_BP)


def test_month_bounds_know_leap_years():
    assert month_bounds(date(2028, 2, 14)) == (date(2028, 2, 1), date(2028, 2, 29))
    assert month_bounds(date(2027, 2, 14)) == (date(2027, 2, 1), date(2027, 2, 28))


@given(st.integers(0, 10**9), st.integers(0, 5000), st.integers(1, 28))
def test_a_constant_balance_earns_exactly_the_closed_form(cents, rate_bp, day):
    credit = accrued_interest(Money(cents), [], date(2027, 3, day), date(2027, 3, 31), rate_bp)
    assert credit == Money(closed_form(cents, 31 - day + 1, rate_bp))
