"""Limits, as members and providers meet them: Amina's phone floods the
service and she hears once, in Swahili, to slow down, not silence and not an
error; every provider webhook meanwhile is acknowledged and stored, and
M-Pesa's callback for a prompt she asked for before the limit still pays her
contribution."""
import re

import pytest

from chamabora.config.ops import DEFAULT_LIMITS, OpsSettings

JANE, AMINA, OTIENO = "+254712000001", "+254712000003", "+254712000002"
# small numbers, so a few messages reach them; windows long enough that the journey fits in one
LIMITS = OpsSettings(limits={**DEFAULT_LIMITS, "sms_phone": "6/minute", "ussd_phone": "2/minute",
                             "money_phone": "1/10minutes"})
SLOW_DOWN_SW = "Umetuma jumbe nyingi kwa muda mfupi. Tafadhali subiri dakika chache, kisha utume tena."


def founded(world):
    jane = world.phone(JANE)
    jane.sms("REGISTER Jane Wanjiru")
    return re.search(r"code is (\w+)", jane.sms("CREATE CHAMA Umoja 500 MONTHLY")).group(1)


@pytest.mark.world_settings(ops=LIMITS)
def test_amina_floods_by_sms_and_hears_once_in_swahili_while_every_webhook_is_acknowledged(world):
    code = founded(world)
    amina = world.phone(AMINA)
    assert amina.sms("SAJILI Amina Atieno").startswith("Karibu Amina Atieno!")
    assert amina.sms(f"JIUNGE {code}").startswith("Karibu Umoja!")
    answered = [amina.sms("SALIO", via=via) for via in ("africastalking", "infobip", "africastalking", "infobip")]
    assert all(reply.startswith("Umoja: umelipa KES 0") for reply in answered)
    flood = [amina.sms("SALIO", via=via) for via in ("africastalking", "infobip", "africastalking", "infobip")]
    assert flood == [SLOW_DOWN_SW, "", "", ""] and world.last_status == 200
    assert len(SLOW_DOWN_SW) <= 160
    assert amina.inbox().count(SLOW_DOWN_SW) == 1
    otieno = world.phone(OTIENO)   # one noisy phone holds back no one else
    assert otieno.sms("REGISTER Otieno Ouma").startswith("Karibu Otieno Ouma!")


@pytest.mark.world_settings(ops=LIMITS)
def test_a_member_who_dials_again_and_again_gets_a_friendly_end_screen_in_her_language(world):
    amina = world.phone(AMINA)
    amina.sms("SAJILI Amina Atieno")
    assert amina.dial().startswith("CON ") and amina.dial().startswith("CON ")
    assert amina.dial() == "END Umepiga mara nyingi kwa muda mfupi. Tafadhali subiri dakika chache, kisha upige tena."
    assert world.last_status == 200


@pytest.mark.world_settings(ops=LIMITS)
def test_over_the_money_limit_her_paybill_payment_is_still_taken_and_counts(world):
    code = founded(world)
    amina = world.phone(AMINA)
    amina.sms("SAJILI Amina Atieno")
    amina.sms(f"JIUNGE {code}")
    assert amina.sms("LIPA 500").startswith("Ombi la M-Pesa la KES 500 kwa Umoja linakuja")
    assert amina.last().startswith("Tumepokea KES 500 kwa Umoja")
    assert amina.sms("LIPA 500") == ("Umeomba malipo mengi kwa muda mfupi. Tafadhali subiri dakika chache kabla "
                                    "ya ombi lingine.")
    # she pays from her own M-Pesa menu, account "<code> <her phone>": Daraja's webhook is never limited
    world.mpesa.paybill(amina, 300, f"{code} 0712000003")
    world.settle()
    assert world.mpesa.callbacks()[-1] == ("mpesa/c2b/confirmation", 200)
    assert amina.last().startswith("Tumepokea KES 300 kwa Umoja")
