"""The fraud signals, one worked case each: what a genuine message shows (nothing, however it was
reformatted on the way) and the evidence each way of forging one leaves behind."""
import json
from datetime import datetime
from pathlib import Path

import pytest

from chamabora.core.money import Money
from chamabora.core.mpesa_message import MpesaKind
from chamabora.fraud import tariffs
from chamabora.fraud.features import SIGNALS, Context, extract
from chamabora.parser.mpesa_forwarding import REFORMATS

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CORPUS = json.loads((FIXTURES / "mpesa_messages.json").read_text())
REAL = json.loads((FIXTURES / "mpesa_real" / "genuine.json").read_text())["messages"]
SENT = ("UEULA5XMT4 Confirmed. Ksh500.00 sent to Gathogo  Kigotho 0708767392 on 30/5/26 at 8:10 PM. New M-PESA "
        "balance is Ksh11,202.54. Transaction cost, Ksh7.00.  Amount you can transact within the day is 498,340.00.")
FORWARDED = datetime(2026, 5, 30, 20, 30)


def on(text, context=Context(forwarded_at=FORWARDED)):
    features = extract(text, context)
    return {name for name, value in zip(SIGNALS, features.values) if value}


def test_a_genuine_send_shows_no_evidence():
    assert on(SENT) == set()


@pytest.mark.parametrize("edit", [
    lambda t: t.replace("Gathogo  Kigotho", "Gathogo Kigotho"),
    lambda t: t.replace("8:10 PM", "08:10 PM"), lambda t: t.replace("8:10 PM", "8:10 pm"),
    lambda t: t.replace("30/5/26", "30/05/2026"), lambda t: t.replace("Ksh500.00", "Ksh 500.00"),
    lambda t: t.replace("Confirmed.", "confirmed"),
    lambda t: t.replace("  Amount you can transact within the day is 498,340.00.", ""),
    lambda t: t.replace(". ", ".\n"), lambda t: "MPESA: " + t, lambda t: t[:160],
    lambda t: t.replace("Gathogo  Kigotho", "Gathogo K."),
], ids=["single space", "padded hour", "small pm", "padded date", "spaced amount", "small confirmed",
        "no daily line", "line breaks", "sender label", "cut at 160", "initial with a dot"])
def test_format_variation_is_never_evidence(edit):
    assert on(edit(SENT)) == set()


@pytest.mark.parametrize("edit, signal", [
    (lambda t: t.replace("Ksh500.00", "Ksh5,000.00"), "cost_mismatch"),
    (lambda t: t.replace("Ksh500.00", "Ksh5,000.00"), "daily_limit_broken"),
    (lambda t: t.replace("30/5/26", "30/6/26"), "code_date_mismatch"),
    (lambda t: t.replace("UEULA5XMT4", "UEZLA5XMT4"), "code_date_mismatch"),
    (lambda t: t.replace("UEULA5XMT4", "UEULA5XM"), "code_shape"),
    (lambda t: t.replace("UEULA5XMT4", "BS49OR201"), "code_era"),
    (lambda t: t.replace("Ksh11,202.54", "*LOCKED*"), "balance_hidden"),
    (lambda t: t.replace("New M-PESA balance is Ksh11,202.54. ", ""), "balance_hidden"),
    (lambda t: t.replace("sent to", "sent too"), "unrecognised"),
    (lambda t: t.replace("Confirmed", "Comfirmed"), "unrecognised"),
])
def test_each_way_of_forging_a_message_leaves_its_evidence(edit, signal):
    assert signal in on(edit(SENT))


def test_a_receipt_larger_than_the_new_balance_is_evidence():
    received = ("UCHPW9JQXV Confirmed.You have received Ksh110.00 from ORWARU  NYAKERI 0729220356 on 17/3/26 at "
                "2:08 PM  New M-PESA balance is Ksh110.00.")
    assert on(received, Context(datetime(2026, 3, 17, 15, 0))) == set()
    assert "receipt_exceeds_balance" in on(received.replace("Ksh110.00 from", "Ksh1,100.00 from"),
                                           Context(datetime(2026, 3, 17, 15, 0)))


def test_the_forward_time_shows_future_and_recycled_messages():
    assert "date_future" in on(SENT, Context(forwarded_at=datetime(2026, 5, 29, 9, 0)))
    assert "recycled" in on(SENT, Context(forwarded_at=datetime(2026, 7, 1)))
    assert on(SENT, Context(forwarded_at=datetime(2026, 6, 4))) == set()   # five days late is not recycled
    assert on(SENT, Context()) == set()


def test_the_recipient_is_checked_against_the_chamas_expected_payee():
    assert on(SENT, Context(FORWARDED, ("Gathogo Kigotho", "0708767392"))) == set()
    assert on(SENT, Context(FORWARDED, ("+254708767392",))) == set()
    assert "recipient_partial" in on(SENT, Context(FORWARDED, ("Gathogo Kigotho", "0711000111")))
    assert "recipient_mismatch" in on(SENT, Context(FORWARDED, ("Mary Akinyi", "0711000111")))


def test_the_same_days_earlier_message_bounds_the_daily_limit_and_the_balance():
    earlier = dict(previous_at=datetime(2026, 5, 30, 9, 0), previous_remaining=Money.shillings(498_840))
    assert on(SENT, Context(FORWARDED, previous_balance=Money.shillings(11_709), **earlier)) == set()
    assert "balance_chain_broken" in on(SENT, Context(FORWARDED, previous_balance=Money.shillings(20_000), **earlier))
    assert "daily_chain_broken" in on(SENT.replace("Ksh500.00", "Ksh900.00"),
                                      Context(FORWARDED, previous_balance=Money.shillings(11_709), **earlier))
    yesterday = dict(previous_at=datetime(2026, 5, 29, 9, 0), previous_remaining=Money.shillings(400_000))
    assert on(SENT, Context(FORWARDED, previous_balance=Money.shillings(1), **yesterday)) == set()


@pytest.mark.parametrize("how", sorted(REFORMATS))
def test_no_real_message_shows_evidence_however_it_is_forwarded(how):
    for entry in REAL + [e for e in CORPUS if not e["source"].startswith("composed")]:
        assert on(REFORMATS[how](entry["text"]), Context()) == set(), entry["text"]


def test_tariff_bands_match_the_published_tables_and_the_corpus():
    day_2022, day_2026 = datetime(2022, 12, 27).date(), datetime(2026, 5, 30).date()
    assert tariffs.transfer_charge(Money.shillings(2528), day_2022) == Money.shillings(51)
    assert tariffs.transfer_charge(Money.shillings(500), day_2026) == Money.shillings(7)
    assert tariffs.withdrawal_charge(Money.shillings(1000), day_2022) == Money.shillings(28)
    assert tariffs.expected_cost(MpesaKind.BUY_GOODS, Money.shillings(5000), day_2026) == Money(0)
    assert tariffs.transfer_charge(Money.shillings(500), datetime(2019, 5, 1).date()) is None
    assert tariffs.daily_limit(day_2022) == Money.shillings(500_000)
