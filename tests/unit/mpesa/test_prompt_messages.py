"""What a member hears about an M-Pesa prompt fits one SMS in English and
Swahili with the longest realistic values, and names the command that asks
for the same prompt again: PAY for a contribution, SAVE (with its goal) for a
saving, REPAY for a loan, UPGRADE for the plan."""
import pytest

from chamabora.i18n.gsm7 import gsm7_length, is_gsm7
from chamabora.core.money import Money
from chamabora.i18n import mpesa as texts
from chamabora.services.mpesa import mpesa_notices

LONG = {"chama": "Umoja Women Self Help Group of Kibera Ward", "receipt": "QGH7XK2L9P", "code": "500.001.1001",
        "dues": Money.shillings(125_000), "fines": Money.shillings(100_000), "credit": Money.shillings(24_999),
        "loan": 123456, "left": Money(123_456_789), "plan": "Standard", "until": "31/12/2027",
        "goal": "School fees for W.", "extra": Money(123_456_789), "saved": Money(123_456_789), "target": Money(123_456_789)}
PURPOSES = [("contribution", {}), ("saving", {}), ("saving", {"goal": "School fees for Wanjiru"}),
            ("loan_repayment", {"loan_id": 7}), ("subscription", {"plan": "premium", "months": 12})]
TEMPLATES = [*texts.STK_OUTCOMES.values(), texts.STK_OTHER, texts.STK_BUSY, texts.STK_UNSURE,
             texts.RECEIPT, texts.LOAN_RECEIPT, texts.LOAN_SETTLED_RECEIPT, texts.SAVING_RECEIPT, texts.GOAL_RECEIPT,
             texts.PLAN_RECEIPT]
REASONS = [msgid for _field, msgid in texts.NOT_SENT_REASONS] + [texts.NOT_SENT_OTHER]


@pytest.mark.parametrize("language", ["en", "sw"])
@pytest.mark.parametrize("purpose, details", PURPOSES)
def test_every_prompt_message_fits_one_sms(language, purpose, details):
    for msgid in TEMPLATES:
        text = mpesa_notices.payer_text(language, msgid, purpose, details, Money.shillings(250_000), **LONG)
        assert gsm7_length(text) <= 160 and is_gsm7(text), text
    for reason in REASONS:
        why = texts.not_sent_reason(language, reason, "500.001.1001")
        text = mpesa_notices.payer_text(language, texts.STK_NOT_SENT, purpose, details, Money.shillings(250_000),
                                   reason=why, **LONG)
        assert gsm7_length(text) <= 160 and is_gsm7(text), text


@pytest.mark.parametrize("language, purpose, details, command", [
    ("en", "contribution", {}, "PAY 500"), ("sw", "contribution", {}, "LIPA 500"),
    ("en", "saving", {"goal": "School fees"}, "SAVE 500 School fees"), ("sw", "saving", {}, "WEKA 500"),
    ("en", "loan_repayment", {"loan_id": 3}, "REPAY 500"), ("sw", "loan_repayment", {}, "LIPA MKOPO 500"),
    ("en", "subscription", {"plan": "standard", "months": 3}, "UPGRADE STANDARD 3"),
    ("sw", "subscription", {"plan": "premium", "months": 1}, "BORESHA PREMIUM 1")])
def test_a_failed_prompt_names_the_command_for_its_own_purpose(language, purpose, details, command):
    text = mpesa_notices.payer_text(language, texts.STK_OUTCOMES["1032"], purpose, details, Money.shillings(500),
                               chama="Umoja")
    assert f" {command} " in text


def test_a_goal_name_too_long_for_one_sms_gives_the_plain_save_command():
    text = mpesa_notices.payer_text("en", texts.STK_OUTCOMES["1"], "saving", {"goal": "G" * 60},
                               Money.shillings(250_000), chama="Umoja Women Self Help Group")
    assert "send SAVE 250000." in text and gsm7_length(text) <= 160


@pytest.mark.parametrize("error, reason", [("Bad Request - Invalid PhoneNumber", "M-Pesa refused this number"),
                                           ("Bad Request - Invalid Amount", "M-Pesa refused the amount"),
                                           ("Merchant does not exist", "M-Pesa refused it (500.001.1001)")])
def test_the_reason_follows_the_field_daraja_names(error, reason):
    assert texts.not_sent_reason("en", error, "500.001.1001") == reason
