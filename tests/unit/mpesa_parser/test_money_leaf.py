"""The amount leaf reads every figure to exactly the Money that Decimal
arithmetic gives, whichever road it takes, and refuses the impossible."""
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chamabora.core.errors import ChamaError
from chamabora.core.money import Money
from chamabora.parser.mpesa_transformer import BadValue, money_from


def by_decimal(text: str) -> Money:
    digits = text.strip(" \t\r\n\u00a0.,")
    for prefix in ("ksh.", "ksh", "kes"):
        if digits.lower().startswith(prefix):
            digits = digits[len(prefix):]
            break
    else:
        if digits.lower().endswith("ksh"):
            digits = digits[:-3]
    return Money.from_decimal(Decimal(digits.strip().replace(",", "")))


@pytest.mark.parametrize("text, cents", [
    ("Ksh1,000.00", 100_000), ("Ksh0.50 .", 50), ("KES5", 500), ("Ksh.2,528.00. ", 252_800), ("0Ksh", 0),
    ("Ksh 139.46", 13_946), ("499,870.00", 49_987_000), ("Ksh12.5", 1_250), ("ksh007", 700),
    ("Ksh\u0661\u0662", 1_200),   # Arabic-Indic digits: Decimal reads them, so the leaf must too
])
def test_amounts_of_every_era_read_to_their_cents(text, cents):
    assert money_from(text) == Money(cents) == by_decimal(text)


def test_an_amount_past_moneys_range_is_an_impossible_value():
    with pytest.raises(BadValue):
        money_from("Ksh" + "9" * 20)


@settings(max_examples=400, derandomize=True)
@given(st.sampled_from(["Ksh", "KES", "Ksh.", "ksh ", ""]), st.integers(0, 10**14),
       st.sampled_from(["", ".", ".5", ".05", ".50", ".99"]), st.booleans(), st.sampled_from(["", ". ", " ,"]))
def test_any_shilling_figure_reads_as_decimal_arithmetic_reads_it(prefix, whole, cents, grouped, tail):
    figure = f"{whole:,}" if grouped else str(whole)
    text = prefix + figure + cents + tail
    try:
        expected = by_decimal(text)
    except ChamaError:
        with pytest.raises(BadValue):
            money_from(text)
        return
    assert money_from(text) == expected
