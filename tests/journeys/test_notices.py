"""The notices people expect, each in its reader's language and one SMS: the
chair hears of every join (by SMS or USSD); a member given a role hears of
it; a member who is late hears of the fine when the calendar closes the
cycle; the pot's recipient hears that it is in their M-Pesa; a member whose
forwarded payment a treasurer confirms or rejects hears which. A member who
tries to give a role is told who can; a role for a stranger changes nothing.
Notices go on the channel each reader last wrote on: a loan approved and sent
to a member who asked on WhatsApp, and a treasurer's payout request, land there."""
import re

from tests.journeys.umoja import AMINA, OTIENO, umoja

BARAKA, WANJIKU = "+254712000004", "+254712000005"
CODE = "VAA3K7PQ2L"   # an M-Pesa code issued on 10 January 2027
TAIL = "Amount you can transact within the day is 499,000.00. Download My OneApp on https://saf.cx/lPKcC"


def test_the_chair_hears_of_every_join_in_her_language(world):
    jane, otieno, amina, code = umoja(world)
    assert jane.inbox()[-2:] == ["Umoja: Otieno Ouma joined, member 2. Send MEMBERS to see who has paid.",
                                 "Umoja: Amina Atieno joined, member 3. Send MEMBERS to see who has paid."]
    baraka = world.phone(BARAKA)
    baraka.sms("SAJILI Baraka Mwangi")
    tujenge = re.search(r"JIUNGE (\w+)", baraka.sms("UNDA CHAMA Tujenge 1000 KILA MWEZI")).group(1)
    wanjiku = world.phone(WANJIKU)
    wanjiku.sms("REGISTER Wanjiku Kamau")
    wanjiku.dial()
    wanjiku.press("1")  # join a chama, by USSD
    assert wanjiku.press(tujenge).startswith("END ")
    assert baraka.last() == "Tujenge: Wanjiku Kamau amejiunga, mwanachama wa 2. Tuma WANACHAMA kuona waliolipa."
    assert otieno.sms(f"JOIN {tujenge}").startswith("Welcome to Tujenge")
    assert baraka.last() == "Tujenge: Otieno Ouma amejiunga, mwanachama wa 3. Tuma WANACHAMA kuona waliolipa."
    assert otieno.sms(f"JOIN {tujenge}") == "You are already a member of that chama."
    assert baraka.last().startswith("Tujenge: Otieno Ouma amejiunga")  # a second try tells nobody


def test_a_member_given_a_role_is_told_and_only_the_chair_gives_one(world):
    jane, otieno, amina, _code = umoja(world)
    assert jane.sms(f"ROLE {OTIENO} TREASURER") == "+254712000002 is now treasurer of Umoja."
    assert otieno.last() == "Umoja: Jane Wanjiru made you treasurer. Send HELP to see what you can do now."
    assert jane.sms(f"CHEO {AMINA} KATIBU") == "+254712000003 is now secretary of Umoja."
    assert amina.last() == "Umoja: Jane Wanjiru amekuteua kuwa katibu. Tuma MSAADA kuona unachoweza kufanya sasa."
    assert otieno.sms(f"ROLE {AMINA} TREASURER") == ("Only the chair of Umoja (Jane Wanjiru) can do that. Send HELP "
                                                    "to see what you can do.")
    assert amina.sms(f"CHEO {OTIENO} MWANACHAMA") == ("Ni mwenyekiti wa Umoja (Jane Wanjiru) pekee anayeweza kufanya "
                                                     "hivyo. Tuma MSAADA kuona unachoweza kufanya.")
    baraka = world.phone(BARAKA)
    baraka.sms("REGISTER Baraka Mwangi")
    assert jane.sms(f"ROLE {BARAKA} TREASURER") == ("The owner of that phone is not a member of this chama. Invite "
                                                   "them with INVITE and the number.")
    assert baraka.inbox()[-1].startswith("Karibu Baraka Mwangi!")
    assert jane.sms("ROLE 0712999999 TREASURER").startswith("Nobody is registered with that phone number.")
    log = jane.sms("LOG")
    assert "made Amina A. secretary" in log and "Baraka" not in log


# a payment reaches January's 500 before the fine, so the PAY that clears the fine covers both
FINE_AFTER_JANUARY = ("Umoja: faini ambazo hazijalipwa KES 100 (1), baada ya michango ya KES 500. Malipo hulipa "
                      "michango kwanza: LIPA 600 hulipa vyote.")


def test_a_late_member_hears_of_the_fine_when_the_cycle_closes(world):
    jane, otieno, amina, _code = umoja(world)
    jane.sms("SET FINE 100")
    jane.sms(f"ROLE {OTIENO} TREASURER")
    otieno.sms("PAY 500")
    world.travel_to("2027-02-08 09:00")  # past the due date (04/02) and its three days' grace
    world.fire("close-cycles")
    # she owes January's 500 and its fine; February's cycle is open but not yet due
    assert amina.last() == ("Umoja: faini ya kuchelewa ya KES 100 imeongezwa kwa mchango wa 04/02/2027. Unadaiwa "
                            "KES 600 kwa jumla: tuma LIPA 600.")
    assert not any("late fine" in m for m in otieno.inbox())  # he paid on time
    assert amina.sms("FAINI") == FINE_AFTER_JANUARY
    world.fire("close-cycles")  # the calendar running twice fines nobody twice
    assert amina.sms("FAINI") == FINE_AFTER_JANUARY
    assert re.search(r"^Amina A\. owes 1,100 \(fines 100\)$", jane.sms("MEMBERS"), re.M)


def test_baraka_hears_in_swahili_that_his_pot_is_in_his_mpesa(world):
    baraka, otieno = world.phone(BARAKA), world.phone(OTIENO)
    baraka.sms("SAJILI Baraka Mwangi")
    tujenge = re.search(r"JIUNGE (\w+)", baraka.sms("UNDA CHAMA Tujenge 1000 KILA MWEZI")).group(1)
    otieno.sms("REGISTER Otieno Ouma")
    otieno.sms(f"JOIN {tujenge}")
    baraka.sms(f"CHEO {OTIENO} MWEKA HAZINA")
    otieno.sms("PAY 1000")
    world.travel_to("2027-02-08 09:00")
    world.fire("close-cycles")
    assert otieno.sms("APPROVE PAYOUT 1") == "Approved. KES 1,000 is on its way to Baraka Mwangi by M-Pesa."
    assert re.fullmatch(r"Tujenge: mgao wako wa KES 1,000 umetumwa kwa M-Pesa yako \(\w{10}\)\. Tuma SALIO kuona "
                        r"salio lako\.", baraka.last())
    assert otieno.last().startswith("Tujenge paid KES 1,000 to Baraka Mwangi")


def forwarded() -> str:
    """Amina's M-Pesa SMS for money she says she sent the treasurer."""
    return (f"{CODE} Confirmed. Ksh500.00 sent to OTIENO  OUMA 0712000002 on 10/1/27 at 11:40 AM. "
            f"New M-PESA balance is Ksh4,187.00. Transaction cost, Ksh7.00. {TAIL}")


def test_a_member_hears_when_the_treasurer_confirms_or_rejects_her_forwarded_payment(world):
    world.travel_to("2027-01-10 11:45")
    jane, otieno, amina, _code = umoja(world)
    jane.sms(f"ROLE {OTIENO} TREASURER")
    assert amina.sms(forwarded()).startswith(f"Asante. Malipo ya M-Pesa {CODE} ya KES 500 yamehesabiwa.")
    assert otieno.sms(f"APPROVE {CODE}").startswith(f"Confirmed: KES 500 from Amina ({CODE})")
    assert amina.last() == (f"Malipo yako ya M-Pesa {CODE} ya KES 500 yamethibitishwa na mweka hazina wako. "
                            "Hayaonyeshwi tena kama hayajathibitishwa.")
    assert otieno.sms(f"REJECT {CODE}").startswith(f"Payment {CODE} was already decided")
    assert amina.last().startswith(f"Malipo yako ya M-Pesa {CODE} ya KES 500 yamethibitishwa")
    assert re.search(rf"^\d\d/\d\d Otieno O\. confirmed payment {CODE}$", jane.sms("LOG"), re.M)


def test_a_member_who_writes_on_whatsapp_hears_of_his_loan_there_and_a_treasurer_of_the_payout(world):
    """Notices go where the member last wrote (push when their app is enrolled): Otieno asks for his loan
    on WhatsApp, so its approval and the money's arrival reach him there, not by SMS; Amina, the treasurer, wrote her last
    message on WhatsApp too, so the pot's payout request reaches her there."""
    jane, otieno, amina, _code = umoja(world)
    jane.sms("UPGRADE STANDARD")
    jane.sms(f"ROLE {AMINA} TREASURER")
    jane.sms("SAVE 3000")
    otieno.sms("SAVE 1000")
    assert otieno.whatsapp("LOAN 2000 3 MONTHS").startswith("Loan KES 2,000 over 3 months")
    assert otieno.whatsapp("YES").startswith("Loan L1 requested")
    assert amina.sms("KUBALI MKOPO 1") == "Umeidhinisha. Mkopo L1 utatumwa kwa M-Pesa."
    jane.sms("PAY 500")
    otieno.whatsapp("PAY 500")
    amina.whatsapp("SALIO")   # the treasurer's last message is on WhatsApp too
    world.travel_to("2027-02-08 09:00")
    world.fire("close-cycles")
    approved, sent = otieno.inbox("whatsapp")
    assert approved == ("Umoja: your loan of KES 2,000 is approved and coming to your M-Pesa. Interest KES 40.13; "
                        "first instalment KES 680.04 due 04/02/2027.")
    assert re.fullmatch(r"Umoja: your loan of KES 2,000 was sent to your M-Pesa \(\w{10}\)\. First instalment "
                        r"KES 680\.04 due 04/02/2027\.", sent)
    assert not any("your loan" in m for m in otieno.inbox("sms"))
    assert amina.last("whatsapp").startswith("Umoja: mzunguko 1 umeisha. Jane Wanjiru anapata KES 1,000")
    assert not any("mzunguko 1 umeisha" in m for m in amina.inbox("sms"))
