"""Money safety, as members and officers meet it from their phones: a pot
pays what was collected and the chama's cash never goes below zero; nobody
approves money to themselves; money only claimed is counted but cannot leave
until someone confirms it, and the treasurer's digest asks; a code rejected
as not paid is dead in every chama; a PIN locked on USSD stops money by SMS
and WhatsApp too, saying when the lock ends. In English and in Swahili."""
import re

JANE, OTIENO, AMINA, BARAKA = "+254712000001", "+254712000002", "+254712000003", "+254712000004"
CODE = "VAA3K7PQ2L"   # an M-Pesa code issued on 10 January 2027
TAIL = "Amount you can transact within the day is 499,000.00. Download My OneApp on https://saf.cx/lPKcC"


def forwarded(amount: str = "500.00") -> str:
    """Amina's M-Pesa SMS for money she says she sent the treasurer."""
    return (f"{CODE} Confirmed. Ksh{amount} sent to OTIENO  OUMA 0712000002 on 10/1/27 at 11:40 AM. "
            f"New M-PESA balance is Ksh4,187.00. Transaction cost, Ksh7.00. {TAIL}")


def weekly_three(world, swahili=False):
    """Jane founds Umoja (KES 500 a week) and is its only officer; Otieno and Amina join."""
    jane, otieno, amina = world.phone(JANE), world.phone(OTIENO), world.phone(AMINA)
    jane.sms("SAJILI Jane Wanjiru" if swahili else "REGISTER Jane Wanjiru")
    created = jane.sms("UNDA CHAMA Umoja 500 KILA WIKI" if swahili else "CREATE CHAMA Umoja 500 WEEKLY")
    code = re.search(r"(?:code is|nambari yake ni|ni) (\w{6})", created).group(1)
    for phone, name in ((otieno, "Otieno Ouma"), (amina, "Amina Atieno")):
        phone.sms(f"{'SAJILI' if swahili else 'REGISTER'} {name}")
        phone.sms(f"{'JIUNGE' if swahili else 'JOIN'} {code}")
    return jane, otieno, amina, code


def cash(world, code) -> str:
    balances = world.cli("chama", "balances", code)
    return re.search(r"^cash\s+(-?[\d.]+)$", balances, re.M).group(1)


def test_the_pot_is_what_was_collected_and_the_chair_cannot_approve_her_own(world):
    jane, otieno, amina, code = weekly_three(world)
    assert amina.sms("PAY 300").startswith("An M-Pesa prompt for KES 300 to Umoja is coming")
    assert cash(world, code) == "300.00"
    world.travel(days=12)  # past the first due date (11/01) and its grace
    world.fire("close-cycles")
    # three owed KES 500 each; only Amina's KES 300 came in, and that is what the pot pays
    assert jane.last() == ("Umoja: cycle 1 closed. Jane Wanjiru gets KES 300 (pot KES 800 less KES 500 owed). To pay "
                           "by M-Pesa: APPROVE PAYOUT 1.")
    assert jane.sms("APPROVE PAYOUT 1") == ("You cannot approve money to yourself and you are the only officer. "
                                            "Name a second first, e.g. ROLE 0712345678 TREASURER.")
    assert cash(world, code) == "300.00"
    assert jane.sms(f"ROLE {OTIENO} TREASURER").endswith("is now treasurer of Umoja.")
    assert jane.sms("APPROVE PAYOUT 1") == ("You cannot approve money to yourself: another treasurer or the chair "
                                            "must approve it.")
    assert otieno.sms("APPROVE PAYOUT 1") == "Approved. KES 300 is on its way to Jane Wanjiru by M-Pesa."
    assert jane.last().startswith("Umoja: your pot of KES 300 was sent to your M-Pesa")
    assert amina.last().startswith("Umoja paid KES 300 to Jane Wanjiru")
    assert cash(world, code) == "0.00"
    # what Otieno and Amina still owe is owed to the chama: paid late, it joins the next pot
    assert otieno.sms("BAL").startswith("Umoja: you have paid KES 0. You owe KES 1,000")


def test_in_swahili_the_chair_is_told_to_name_a_second_officer(world):
    jane, otieno, amina, code = weekly_three(world, swahili=True)
    amina.sms("LIPA 500")
    otieno.sms("LIPA 500")
    world.travel(days=12)
    world.fire("close-cycles")
    assert jane.sms("KUBALI MGAO 1") == ("Huwezi kuidhinisha pesa zako mwenyewe na wewe ndiye kiongozi pekee. "
                                         "Teua mwingine kwanza, mfano CHEO 0712345678 MWEKA HAZINA.")
    jane.sms(f"CHEO {OTIENO} MWEKA HAZINA")
    # the two contributions paid; Jane's own share is settled from her pot
    assert otieno.sms("KUBALI MGAO 1") == "Umeidhinisha. KES 1,000 inatumwa kwa Jane Wanjiru kwa M-Pesa."
    assert cash(world, code) == "0.00"


def claimed_by_amina(world):
    """Umoja with Otieno as treasurer; on 10 January Amina forwards an M-Pesa SMS nobody can confirm."""
    world.travel_to("2027-01-10 11:45")
    jane, otieno, amina, code = weekly_three(world)
    jane.sms(f"ROLE {OTIENO} TREASURER")
    assert amina.sms(forwarded()).startswith(f"Thank you. M-Pesa payment {CODE} of KES 500 is counted.")
    return jane, otieno, amina, code


def test_a_claim_counts_toward_dues_but_only_confirmed_cash_leaves_and_the_digest_asks(world):
    jane, otieno, amina, code = claimed_by_amina(world)
    assert amina.sms("BAL").startswith("Umoja: you have paid KES 500. You owe KES 0")
    otieno.sms("PAY 500")
    world.fire("claims-digest")
    digest = otieno.last()
    assert digest == (f"Umoja: KES 500 from Amina, M-Pesa {CODE} 10/01, is not confirmed. Reply APPROVE {CODE} "
                      f"if it came, else REJECT {CODE}.")
    assert jane.last() == digest  # the chair decides claims too
    world.travel_to("2027-01-22 09:00")
    world.fire("close-cycles")
    # Otieno's KES 500 is cash; Amina's waits for a decision; Jane's own share is settled from her pot
    assert "Jane Wanjiru gets KES 500 (pot KES 1,000 less KES 500 owed)" in otieno.last()
    amina.dial()
    assert re.search(r"^10/01 \S+ 500\*$", amina.press("3"), re.M)  # her statement marks the claim
    assert otieno.sms(f"APPROVE {CODE}") == f"Confirmed: KES 500 from Amina ({CODE}) is now cash the chama can pay out."
    assert cash(world, code) == "1000.00"
    told = otieno.inbox()
    world.fire("claims-digest")  # nothing is waiting any more
    assert otieno.inbox() == told


def test_a_rejected_code_is_dead_in_every_chama(world):
    jane, otieno, amina, code = claimed_by_amina(world)
    assert otieno.sms(f"REJECT {CODE}") == (f"Rejected: KES 500 from Amina ({CODE}) no longer counts. They owe it "
                                            "again and have been told.")
    assert amina.last() == f"Your M-Pesa payment {CODE} was not accepted by your treasurer, so it does not count."
    assert amina.sms("BAL").startswith("Umoja: you have paid KES 0. You owe KES 500")
    baraka = world.phone(BARAKA)
    baraka.sms("SAJILI Baraka Mwangi")
    baraka.sms("UNDA CHAMA Harambee 1000 KILA MWEZI")
    assert baraka.sms(forwarded()) == (f"Nambari ya M-Pesa {CODE} ilikaguliwa na haikukubaliwa, kwa hivyo haiwezi "
                                       "kutumika tena katika chama chochote. Ikiwa ulilipa, ongea na mweka hazina wako.")
    assert amina.whatsapp(forwarded()).startswith(f"M-Pesa code {CODE} was checked and not accepted")
    refused = world.cli("chama", "pay", code, AMINA, "500", "--ref", CODE)
    assert "rejected as not paid" in refused
    assert amina.sms("BAL").startswith("Umoja: you have paid KES 0.")
    assert cash(world, code) == "0.00"


def locked_on_ussd(amina):
    """Amina chooses a PIN on USSD, then someone with her phone guesses wrong three times."""
    amina.dial()
    for key in ("1", "500", "1234", "1234"):  # chosen on the way to paying; she leaves it there
        amina.press(key)
    amina.dial()
    for key in ("1", "500", "0000", "1111"):
        amina.press(key)
    return re.fullmatch(r"END Wrong PIN 3 times\. Money actions are locked until (\d\d:\d\d)\.",
                        amina.press("2222")).group(1)


def test_a_pin_locked_on_ussd_stops_money_by_sms_and_whatsapp_until_it_ends(world):
    _jane, _otieno, amina, code = weekly_three(world)
    until = locked_on_ussd(amina)
    assert until == "09:30"
    assert f"locked until {until}" in amina.last()
    assert amina.sms("PAY 500") == f"Money actions are locked after wrong PINs until {until}. Try again then."
    assert amina.whatsapp("PAY 500", via="infobip") == (
        f"Money actions are locked after wrong PINs until {until}. Try again then.")
    amina.sms("LANG SW")
    assert amina.sms("LIPA 500") == (f"Huduma za pesa zimefungwa kwa sababu ya PIN zisizo sahihi hadi {until}. "
                                     "Jaribu tena wakati huo.")
    assert cash(world, code) == "0.00"
    world.travel(minutes=31)
    assert amina.sms("LIPA 500").startswith("Ombi la M-Pesa la KES 500 kwa Umoja linakuja")
    assert cash(world, code) == "500.00"
