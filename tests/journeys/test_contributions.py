"""Contributing: Jane founds a chama by SMS, members join and pay their share
by M-Pesa prompt, in English and in Swahili, by SMS, WhatsApp and USSD.
The Daraja simulator confirms or refuses each prompt over HTTP."""
import re

import pytest

JANE, OTIENO, AMINA = "+254712000001", "+254712000002", "+254712000003"


def founded(world, amount="500"):
    jane = world.phone(JANE)
    jane.sms("REGISTER Jane Wanjiru")
    created = jane.sms(f"CREATE CHAMA Umoja {amount} MONTHLY")
    return jane, re.search(r"code is (\w+)", created).group(1)


def test_otieno_joins_by_sms_and_pays_his_share_by_mpesa_prompt_in_english(world):
    jane, code = founded(world)
    otieno = world.phone(OTIENO)
    assert otieno.sms("REGISTER Otieno Ouma").startswith("Karibu Otieno Ouma!")
    assert otieno.sms(f"JOIN {code}").startswith("Welcome to Umoja")
    assert otieno.sms("PAY 500").startswith("An M-Pesa prompt for KES 500 to Umoja is coming")
    assert otieno.last().startswith("Received KES 500 for Umoja (M-Pesa ")
    assert otieno.sms("BAL").startswith("Umoja: you have paid KES 500. You owe KES 0")
    assert world.mpesa.callbacks() == [("mpesa/stk/callback", 200)]
    assert re.search(r"cash\s+500\.00", world.cli("chama", "balances", code))


def test_amina_pays_in_swahili_on_ussd_and_a_repeated_callback_counts_once(world):
    _jane, code = founded(world)
    amina = world.phone(AMINA)
    assert amina.sms("SAJILI Amina Atieno").startswith("Karibu Amina Atieno!")
    assert amina.sms(f"JIUNGE {code}").startswith("Karibu Umoja!")
    assert amina.sms("LIPA 500").startswith("Ombi la M-Pesa la KES 500 kwa Umoja linakuja")
    assert amina.last().startswith("Tumepokea KES 500 kwa Umoja")
    assert amina.sms("SALIO") == ("Umoja: umelipa KES 500. Unadaiwa KES 0 na faini ya KES 0. Mchango ujao ni tarehe "
                                  "04/02/2027.")
    screen = amina.dial()
    assert screen.startswith("CON Umoja\n1 Changia\n2 Salio")
    assert "Ulilipa 500" in amina.press("3")


@pytest.mark.parametrize("outcome, english", [("cancelled", "cancelled"), ("insufficient", "M-Pesa balance")])
def test_a_refused_prompt_is_told_to_the_member_and_moves_no_money(world, outcome, english):
    _jane, code = founded(world)
    otieno = world.phone(OTIENO)
    otieno.sms("REGISTER Otieno Ouma")
    otieno.sms(f"JOIN {code}")
    world.mpesa.next(otieno, outcome)
    otieno.sms("PAY 500")
    assert english in otieno.last()
    assert otieno.sms("BAL").startswith("Umoja: you have paid KES 0.")
    assert re.search(r"cash\s+0\.00", world.cli("chama", "balances", code))


def test_members_reach_the_same_chama_through_twilio_and_infobip(world):
    _jane, code = founded(world)
    otieno, amina = world.phone(OTIENO), world.phone(AMINA)
    assert otieno.sms("REGISTER Otieno Ouma", via="twilio").startswith("Karibu Otieno Ouma!")
    assert otieno.sms(f"JOIN {code}", via="twilio").startswith("Welcome to Umoja")
    assert amina.whatsapp("SAJILI Amina Atieno", via="infobip").startswith("Karibu Amina Atieno!")
    assert amina.whatsapp(f"JIUNGE {code}", via="twilio").startswith("Karibu Umoja!")
    assert amina.whatsapp("LIPA 500", via="infobip").startswith("Ombi la M-Pesa la KES 500")
    assert amina.whatsapp("SALIO", via="infobip").startswith("Umoja: umelipa KES 500. Unadaiwa KES 0 na faini ya KES 0.")
