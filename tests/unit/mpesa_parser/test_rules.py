"""Accepted and rejected inputs for each rule of the M-Pesa grammar."""
from datetime import datetime

import pytest

from chamabora.core.money import Money
from chamabora.parser.mpesa_errors import UnrecognisedMessage
from chamabora.parser.mpesa_parser import parse_mpesa

SENT = "QLR45W5W0K Confirmed. {amount} sent to JANE WANJIKU {phone} on {date} at {time}. New M-PESA balance is Ksh585.26."


def sent(amount="Ksh2,528.00", phone="0725390765", date="27/12/22", time="9:25 PM"):
    return SENT.format(amount=amount, phone=phone, date=date, time=time)


@pytest.mark.parametrize(
    ("amount", "cents"),
    [("Ksh2,528.00", 252800), ("Ksh 1000", 100000), ("Ksh1000.00", 100000), ("Ksh1,235", 123500),
     ("Ksh.0.50", 50), ("KES1,000,000.00", 100000000), ("ksh7.5", 750)],
)
def test_amount_rule_accepts_every_era_of_shilling_formatting(amount, cents):
    assert parse_mpesa(sent(amount=amount)).amount == Money(cents)


@pytest.mark.parametrize("amount", ["Ksh2,5280.00", "Ksh1,00.00", "Ksh12.345", "2,528.00", "Ksh", "Ksh-500.00", "$2,528.00"])
def test_amount_rule_rejects_edited_or_foreign_formatting(amount):
    with pytest.raises(UnrecognisedMessage):
        parse_mpesa(sent(amount=amount))


@pytest.mark.parametrize(
    ("phone", "expected"),
    [("0725390765", "+254725390765"), ("254725390765", "+254725390765"), ("+254725390765", "+254725390765"),
     ("0112345678", "+254112345678"), ("0799***013", "0799***013"), ("2547XXXXX789", "2547XXXXX789"),
     ("254723***660", "254723***660")],
)
def test_phone_rule_gives_e164_for_full_numbers_and_keeps_masks(phone, expected):
    assert parse_mpesa(sent(phone=phone)).counterparty_phone == expected


@pytest.mark.parametrize(
    ("date", "time", "expected"),
    [("27/12/22", "9:25 PM", datetime(2022, 12, 27, 21, 25)), ("3/5/11", "12:05 AM", datetime(2011, 5, 3, 0, 5)),
     ("1/6/26", "12:00 PM", datetime(2026, 6, 1, 12, 0)), ("5/04/2011", "7:5 AM", datetime(2011, 4, 5, 7, 5)),
     ("27/12/22", "9:25PM", datetime(2022, 12, 27, 21, 25))],
)
def test_when_rule_reads_day_month_year_and_twelve_hour_clock(date, time, expected):
    assert parse_mpesa(sent(date=date, time=time)).occurred_at == expected


@pytest.mark.parametrize(
    ("date", "time"),
    [("31/2/24", "9:25 PM"), ("27/13/22", "9:25 PM"), ("27/12/22", "13:25 PM"), ("27/12/22", "9:75 PM"),
     ("27/12/22", "21:25"), ("2022-12-27", "9:25 PM"), ("27/12", "9:25 PM")],
)
def test_when_rule_rejects_impossible_or_foreign_dates_and_times(date, time):
    with pytest.raises(UnrecognisedMessage):
        parse_mpesa(sent(date=date, time=time))


@pytest.mark.parametrize("code", ["QLR45W5W0K", "BI94HR849", "UF1LA62OX6"])
def test_header_rule_accepts_nine_and_ten_character_codes(code):
    assert parse_mpesa(sent().replace("QLR45W5W0K", code)).code == code


@pytest.mark.parametrize("code", ["QLR45W5", "QLR45W5W0K12", "qlr45w5w0k", "QLR-5W5W0K", "ABCDEFGHIJ"])
def test_header_rule_rejects_codes_of_the_wrong_shape(code):
    with pytest.raises(UnrecognisedMessage):
        parse_mpesa(sent().replace("QLR45W5W0K", code))


@pytest.mark.parametrize(
    "text",
    ["QLR45W5W0K Confirmed.\nKsh2,528.00 sent to JANE WANJIKU 0725390765\non 27/12/22 at 9:25 PM\nNew M-PESA balance is Ksh585.26",
     "QLR45W5W0K  Confirmed.  Ksh2,528.00 sent to JANE  WANJIKU 0725390765 on 27/12/22 at 9:25 PM.New M-PESA balance is Ksh585.26.",
     "QLR45W5W0K confirmed.Ksh2,528.00 sent to JANE WANJIKU 0725390765 on 27/12/22 at 9:25 PMNew M-PESA balance is Ksh585.26"],
)
def test_layout_rule_tolerates_newlines_double_spaces_and_glued_words(text):
    message = parse_mpesa(text)
    assert (message.counterparty_name, message.balance) == ("JANE WANJIKU", Money(58526))


def test_trailing_promotional_text_is_ignored():
    message = parse_mpesa(sent() + " Transaction cost, Ksh0.00. Download My OneApp on https://saf.cx/lPKcC & get 500MB.")
    assert message.cost == Money(0)


@pytest.mark.parametrize(
    "text",
    [sent().replace(" sent to ", " sent too "), sent().replace(" on 27/12/22", ""),
     sent().replace("at 9:25 PM", "at"),
     "QLR45W5W0K Confirmed. Ksh2,528.00 sent to"],
)
def test_sent_rule_rejects_messages_with_missing_or_edited_parts(text):
    with pytest.raises(UnrecognisedMessage):
        parse_mpesa(text)


def test_a_message_without_its_balance_is_read_with_none_for_the_fraud_checks_to_weigh():
    message = parse_mpesa(sent().replace("New M-PESA balance is Ksh585.26.", ""))
    assert message.amount == Money(252800) and message.balance is None


def test_paybill_rule_reads_the_account_number():
    message = parse_mpesa("QLQ42ODWK8 Confirmed. Ksh15,900.00 sent to Equity Paybill Account for account 0702139730 "
                          "on 26/12/22 at 2:18 PM New M-PESA balance is Ksh1,960.26.")
    assert (message.kind.value, message.account) == ("paybill", "0702139730")


def test_paybill_rule_rejects_a_missing_account_number():
    with pytest.raises(UnrecognisedMessage):
        parse_mpesa("QLQ42ODWK8 Confirmed. Ksh15,900.00 sent to Equity Paybill Account for account on 26/12/22 "
                    "at 2:18 PM New M-PESA balance is Ksh1,960.26.")


def test_reversal_rule_names_the_transaction_it_undoes():
    message = parse_mpesa("ER30SR746 Confirmed. Transaction EQ47FM754 has been reversed. Your account balance is now Ksh5,987.00.")
    assert (message.kind.value, message.related_code, message.amount) == ("reversal", "EQ47FM754", None)


def test_reversal_rule_rejects_a_missing_reversed_code():
    with pytest.raises(UnrecognisedMessage):
        parse_mpesa("ER30SR746 Confirmed. Transaction has been reversed. Your account balance is now Ksh5,987.00.")
