"""Forged M-Pesa callbacks, as the chama meets them: someone who has our
webhook address posts a "success" for Amina's open prompt saying she paid a
million, or replays Amina's real receipt on Otieno's prompt. Nothing is
counted that M-Pesa did not confirm, the treasurer (here the chair) is told
with the prompt's id, and M-Pesa's own answer settles it. In English and in
Swahili."""
import re

from tests.journeys.test_money_safety import AMINA, weekly_three
from tests.journeys.world import TOKEN


def open_prompt(world) -> str:
    """The CheckoutRequestID of the newest prompt, as Daraja (the simulator) issued it."""
    return list(world.mpesa.state.stk)[-1]


def forged(checkout: str, amount: int, receipt: str) -> dict:
    return {"Body": {"stkCallback": {
        "MerchantRequestID": "1-2-3", "CheckoutRequestID": checkout, "ResultCode": 0,
        "ResultDesc": "The service request is processed successfully.",
        "CallbackMetadata": {"Item": [{"Name": "Amount", "Value": amount}, {"Name": "MpesaReceiptNumber",
                                                                             "Value": receipt},
                                      {"Name": "TransactionDate", "Value": 20270104100000},
                                      {"Name": "PhoneNumber", "Value": int(AMINA.lstrip("+"))}]}}}}


def paid(reply: str) -> str:
    return re.search(r"(?:paid|umelipa) KES ([\d,]+)", reply).group(1)


def test_a_callback_claiming_a_million_for_a_500_prompt_is_held_and_mpesa_settles_it(world):
    jane, otieno, amina, code = weekly_three(world)
    world.mpesa.next(amina, deliver=False)  # Amina's own callback is slow to come
    assert amina.sms("PAY 500").startswith("An M-Pesa prompt for KES 500 to Umoja is coming")
    checkout = open_prompt(world)
    world.post(f"/mpesa/stk/callback?token={TOKEN}", json=forged(checkout, 1_000_000, "UA4FAKE001"))
    world.settle()
    assert paid(amina.sms("BAL")) == "0"
    held = jane.last()
    assert "KES 1,000,000" in held and "KES 500" in held and checkout in held and len(held) <= 160
    assert world.cli("chama", "balances", code).count("1000000") == 0
    # the next reconciliation asks M-Pesa about the held prompt: it was paid, for what was asked
    world.fire("stk-reconcile")
    assert paid(amina.sms("BAL")) == "500"
    assert amina.inbox()[-2].startswith("Received KES 500 for Umoja")


def test_a_real_receipt_replayed_on_another_prompt_counts_once_and_the_chair_sees_both(world):
    jane, otieno, amina, code = weekly_three(world)
    amina.sms("PAY 500")
    world.settle()
    receipt = re.search(r"M-Pesa (\w{10})", amina.last()).group(1)
    world.mpesa.next(otieno, deliver=False)
    otieno.sms("PAY 500")
    checkout = open_prompt(world)
    world.post(f"/mpesa/stk/callback?token={TOKEN}", json=forged(checkout, 500, receipt.lower()))
    world.settle()
    assert paid(amina.sms("BAL")) == "500" and paid(otieno.sms("BAL")) == "0"
    held = jane.last()
    assert receipt in held and checkout in held and "held" in held


def test_in_swahili_the_chair_is_told_in_swahili(world):
    jane, otieno, amina, code = weekly_three(world, swahili=True)
    world.mpesa.next(amina, deliver=False)
    amina.sms("LIPA 500")
    checkout = open_prompt(world)
    world.post(f"/mpesa/stk/callback?token={TOKEN}", json=forged(checkout, 1_000_000, "UA4FAKE002"))
    world.settle()
    held = jane.last()
    assert held.startswith("Umoja: M-Pesa ilisema KES 1,000,000 kwa ombi la KES 500") and "Imezuiwa" in held
