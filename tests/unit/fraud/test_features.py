"""The fraud signals, one worked case each: what a genuine message shows and
what each way of forging one leaves behind."""
import json
from datetime import datetime
from pathlib import Path

import pytest

from chamabora.core.money import Money
from chamabora.core.mpesa_message import MpesaKind
from chamabora.fraud import tariffs
from chamabora.fraud.features import SIGNALS, Context, extract, grams_of

CORPUS = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "mpesa_messages.json").read_text())
SENT = ("UEULA5XMT4 Confirmed. Ksh500.00 sent to Gathogo  Kigotho 0708767392 on 30/5/26 at 8:10 PM. New M-PESA "
        "balance is Ksh11,202.54. Transaction cost, Ksh7.00.  Amount you can transact within the day is 498,340.00.")
FORWARDED = datetime(2026, 5, 30, 20, 30)


def on(text, context=Context(forwarded_at=FORWARDED)):
    features = extract(text, context)
    return {name for name, value in zip(SIGNALS, features.values) if value}


def test_a_genuine_send_shows_only_neutral_signals():
    assert on(SENT) == {"cost_ok", "no_expected_recipient"}


@pytest.mark.parametrize("edit, signal", [
    (lambda t: t.replace("Ksh500.00", "Ksh5,000.00"), "cost_mismatch"),
    (lambda t: t.replace("Ksh500.00", "Ksh5,000.00"), "daily_limit_broken"),
    (lambda t: t.replace("30/5/26", "30/6/26"), "code_date_far"),
    (lambda t: t.replace("UEULA5XMT4", "UEZLA5XMT4"), "code_date_invalid"),
    (lambda t: t.replace("UEULA5XMT4", "UEULA5XMT"), "code_shape"),
    (lambda t: t.replace("UEULA5XMT4", "BS49OR201"), "code_era"),
    (lambda t: t.replace("Gathogo  Kigotho", "Gathogo Kigotho"), "name_single_space"),
    (lambda t: t.replace("8:10 PM", "08:10 PM"), "time_padded"),
    (lambda t: t.replace("8:10 PM", "8:10 pm"), "meridiem_lower"),
    (lambda t: t.replace("30/5/26", "30/05/2026"), "date_padded"),
    (lambda t: t.replace("Ksh500.00", "Ksh 500"), "amount_spaced"),
    (lambda t: t.replace("Confirmed.", "confirmed"), "confirmed_no_stop"),
    (lambda t: t.replace("Ksh11,202.54", "*LOCKED*"), "masked_value"),
    (lambda t: t.replace("sent to", "sent too"), "grammar_broken"),
    (lambda t: t.replace(" Amount you can transact within the day is 498,340.00.", ""), "daily_line_missing"),
])
def test_each_way_of_editing_a_message_leaves_its_trace(edit, signal):
    assert signal in on(edit(SENT))


def test_the_forward_time_shows_future_and_stale_dates():
    assert "date_future" in on(SENT, Context(forwarded_at=datetime(2026, 5, 29, 9, 0)))
    assert {"date_stale", "date_very_stale"} <= on(SENT, Context(forwarded_at=datetime(2026, 7, 1)))
    assert "no_forward_time" in on(SENT, Context())


def test_the_recipient_is_checked_against_the_chamas_expected_payee():
    assert "recipient_match" in on(SENT, Context(FORWARDED, ("Gathogo Kigotho", "0708767392")))
    assert "recipient_match" in on(SENT, Context(FORWARDED, ("+254708767392",)))
    assert "recipient_partial" in on(SENT, Context(FORWARDED, ("Gathogo Kigotho", "0711000111")))
    assert "recipient_mismatch" in on(SENT, Context(FORWARDED, ("Mary Akinyi", "0711000111")))


def test_the_balance_chain_follows_the_members_previous_forwarded_balance():
    exact = Context(FORWARDED, previous_balance=Money(1_170_954), previous_at=datetime(2026, 5, 30, 8, 0))
    broken = Context(FORWARDED, previous_balance=Money(2_000_000), previous_at=datetime(2026, 5, 30, 8, 0))
    assert "balance_chain_exact" in on(SENT, exact)
    assert "balance_chain_broken" in on(SENT, broken)


def test_every_real_message_in_the_parser_corpus_keeps_its_money_honest():
    for entry in CORPUS:
        if entry["source"].startswith("composed"):
            continue
        signals = on(entry["text"], Context())
        assert not signals & {"cost_mismatch", "daily_limit_broken", "code_date_far", "code_date_invalid",
                              "masked_value", "grammar_broken"}, entry["text"]


def test_tariff_bands_match_the_published_tables_and_the_corpus():
    day_2022, day_2026 = datetime(2022, 12, 27).date(), datetime(2026, 5, 30).date()
    assert tariffs.transfer_charge(Money.shillings(2528), day_2022) == Money.shillings(51)
    assert tariffs.transfer_charge(Money.shillings(500), day_2026) == Money.shillings(7)
    assert tariffs.withdrawal_charge(Money.shillings(1000), day_2022) == Money.shillings(28)
    assert tariffs.expected_cost(MpesaKind.BUY_GOODS, Money.shillings(5000), day_2026) == Money(0)
    assert tariffs.cost_fits(MpesaKind.PAYBILL, Money.shillings(500), Money.shillings(5), day_2026) is True
    assert tariffs.transfer_charge(Money.shillings(500), datetime(2019, 5, 1).date()) is None
    assert tariffs.daily_limit(day_2022) == Money.shillings(500_000)


def test_n_grams_are_hashed_the_same_way_in_every_process():
    assert grams_of("QLR Confirmed") == grams_of("QLR Confirmed")
    assert grams_of("Ksh123") == grams_of("Ksh900")   # digits are shape, not content
