"""Money: integer cents, one parser, floats refused, shares that always sum."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chamabora.core.errors import InvalidAmount
from chamabora.core.money import Money, ratio_split


@pytest.mark.parametrize("text, cents", [
    ("500", 50000), ("1,500", 150000), ("1500.50", 150050), ("1.5k", 150000), ("2K", 200000),
    ("ksh 500", 50000), ("KES1500", 150000), ("sh500", 50000), ("500/-", 50000),
    ("Ksh1,000.00", 100000), ("0.5", 50), ("  700 ", 70000), ("Shs. 20", 2000),
])
def test_text_amounts_parse_to_exact_cents(text, cents):
    assert Money.parse(text).cents == cents


@pytest.mark.parametrize("text", ["", "five hundred", "1,50", "12.345", "-500", "1e3", "KES", "5 00", "1,5000"])
def test_text_that_is_not_an_amount_is_refused(text):
    with pytest.raises(InvalidAmount):
        Money.parse(text)


@pytest.mark.parametrize("value", [1.5, Decimal("1.5"), "100", True])
def test_money_refuses_anything_but_integer_cents(value):
    with pytest.raises(InvalidAmount):
        Money(value)


def test_adding_a_float_to_money_is_refused():
    with pytest.raises(InvalidAmount):
        Money(100) + 0.5  # type: ignore[operator]


def test_percent_rounds_half_even_to_the_cent():
    assert Money(250).percent(1000).cents == 25       # 10% of 2.50
    assert Money(5).percent(5000).cents == 2          # 2.5 cents -> 2 (even)
    assert Money(15).percent(5000).cents == 8         # 7.5 cents -> 8 (even)


def test_a_hundred_shillings_split_three_ways_sums_exactly():
    shares = Money.shillings(100).split([1, 1, 1])
    assert [s.cents for s in shares] == [3334, 3333, 3333]


def test_display_and_machine_forms():
    assert str(Money(150050)) == "KES 1,500.50"
    assert Money(150000).decimal_string() == "1500.00"
    assert Money(-5).decimal_string() == "-0.05"


@given(st.integers(min_value=-10**12, max_value=10**12),
       st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30).filter(lambda w: sum(w) > 0))
def test_largest_remainder_shares_always_sum_to_the_total(total, weights):
    shares = ratio_split(total, weights)
    assert sum(shares) == total
    for share, weight in zip(shares, weights):
        exact = total * weight / sum(weights)
        assert abs(share - exact) < 1
