"""The values inside commands: amounts, phones, dates and codes, each in every form members write."""
from __future__ import annotations

from datetime import date

import pytest

from chamabora.core.commands import Invite, Pay, SetGoal
from chamabora.core.money import Money
from chamabora.parser.command_errors import ParseFailure
from chamabora.parser.command_parser import normalise, parse_command

TODAY = date(2026, 5, 14)


@pytest.mark.parametrize(("written", "cents"), [
    ("500", 50000), ("1,500", 150000), ("1500.50", 150050), ("1.5k", 150000), ("2K", 200000),
    ("ksh 500", 50000), ("KES1500", 150000), ("sh500", 50000), ("500/-", 50000), ("Ksh.500", 50000),
    ("KShs 1,000.00", 100000), ("500 bob", 50000), ("1,234,567", 123456700), ("500 /=", 50000),
    ("500 KShs", 50000), ("500kshs", 50000), ("2,500 ksh.", 250000),
])
def test_an_amount_in_any_common_form_becomes_exact_cents(written: str, cents: int) -> None:
    assert parse_command(f"PAY {written}") == Pay(Money(cents))


@pytest.mark.parametrize(("written", "code"), [
    ("five hundred", "amount_not_numeric"), ("0", "bad_amount"), ("0.00", "bad_amount"),
    ("500.123", "bad_amount"), ("9" * 20, "bad_amount"), ("9" * 40, "bad_amount"), ("1,50", "unexpected_text"),
])
def test_an_amount_that_is_not_a_positive_number_of_shillings_is_refused(written: str, code: str) -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_command(f"PAY {written}")
    assert caught.value.code == code


@pytest.mark.parametrize("written", [
    "0712345678", "+254712345678", "254712345678", "712345678", "0712 345 678", "0712-345-678",
    "+254 712 345 678", "254-712-345-678",
])
def test_a_phone_in_any_common_form_becomes_e164(written: str) -> None:
    assert parse_command(f"INVITE {written}") == Invite("+254712345678")


def test_a_number_starting_01_is_a_kenyan_mobile_too() -> None:
    assert parse_command("INVITE 0112345678") == Invite("+254112345678")


@pytest.mark.parametrize("written", ["12345", "0812345678", "+1 202 555 0100", "07123456789", "jane"])
def test_a_phone_that_is_not_a_kenyan_mobile_is_refused(written: str) -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_command(f"INVITE {written}")
    assert caught.value.code == "bad_phone"


@pytest.mark.parametrize(("written", "expected"), [
    ("31/01/2027", date(2027, 1, 31)), ("31-1-2027", date(2027, 1, 31)), ("1.2.2027", date(2027, 2, 1)),
    ("31/1/27", date(2027, 1, 31)), ("Jan 2027", date(2027, 1, 31)), ("february 2028", date(2028, 2, 29)),
    ("Februari 2027", date(2027, 2, 28)), ("Sept 2027", date(2027, 9, 30)), ("Agosti 2027", date(2027, 8, 31)),
    ("end of month", date(2026, 5, 31)), ("the end of the month", date(2026, 5, 31)),
    ("mwisho wa mwezi", date(2026, 5, 31)), ("end of year", date(2026, 12, 31)),
    ("mwisho wa mwaka", date(2026, 12, 31)), ("3rd March 2027", date(2027, 3, 3)),
    ("15 Machi 2027", date(2027, 3, 15)),
])
def test_a_date_in_any_common_form_becomes_a_calendar_date(written: str, expected: date) -> None:
    assert parse_command(f"GOAL Fees 1000 BY {written}", today=TODAY) == SetGoal("Fees", Money(100000), expected)


def test_end_of_month_counts_from_the_day_the_member_sent_it() -> None:
    february = parse_command("GOAL Fees 1000 BY end of month", today=date(2028, 2, 3))
    assert isinstance(february, SetGoal)
    assert february.by == date(2028, 2, 29)


def test_without_a_given_day_end_of_month_counts_from_today_in_nairobi() -> None:
    from chamabora.parser.command_parser import nairobi_today

    goal = parse_command("GOAL Fees 1000 BY end of month")
    assert isinstance(goal, SetGoal)
    assert (goal.by.year, goal.by.month) == (nairobi_today().year, nairobi_today().month)


@pytest.mark.parametrize("written", ["31/02/2027", "32/01/2027", "12/13/2027", "30 Feb 2027", "tomorrow", "2027"])
def test_a_date_that_is_not_on_the_calendar_is_refused(written: str) -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_command(f"GOAL Fees 1000 BY {written}", today=TODAY)
    assert caught.value.code == "bad_date"


@pytest.mark.parametrize(("written", "expected"), [
    ("  #BAL  ", "BAL"), ("*pay   500*", "pay 500"), ("bal?!", "bal"), ("lipa\n500", "lipa 500"),
    ("ＰＡＹ　５００", "PAY 500"), ("\u00a0salio\u200b", "salio"),
])
def test_the_text_is_tidied_at_its_edges_and_in_its_spaces_only(written: str, expected: str) -> None:
    assert normalise(written) == expected
