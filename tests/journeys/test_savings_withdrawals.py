"""Savings withdrawals and the share-out, from request to each member's line.

Otieno saves by M-Pesa prompt and asks for some back; the chair approves by
SMS or WhatsApp and the Daraja simulator's B2C result tells him it is in his
M-Pesa. Amina does the same in Swahili on USSD, and the treasurer decides on
the USSD officers' menu with his PIN. Above the chama's vote threshold the
members vote (YES W1 / NDIO W1). At the end, Jane proposes the share-out
(SHARE OUT by SMS, or on USSD), another officer approves it, and every saver
is told their line in their language. What cannot be done (too much, a
stale or someone else's reference, one's own request, a decision taken
twice, a share-out by a member who is not the chair) is told and changes
nothing."""
import re

from tests.journeys.umoja import OTIENO, umoja


def savers(world):
    """Otieno is treasurer; on 4 January he saves KES 2,000 and Amina KES 1,000, by M-Pesa prompt."""
    jane, otieno, amina, code = umoja(world)
    jane.sms(f"ROLE {OTIENO} TREASURER")
    assert otieno.sms("SAVE 2000").startswith("An M-Pesa prompt for KES 2,000 to your savings is coming")
    assert amina.sms("WEKA 1000").startswith("Ombi la M-Pesa la KES 1,000 kwa akiba yako linakuja")
    return jane, otieno, amina, code


def test_otieno_withdraws_by_sms_the_chair_approves_and_mpesa_sends_it(world):
    jane, otieno, _amina, _code = savers(world)
    assert otieno.sms("WITHDRAW 5000") == "You can withdraw up to KES 2,000 now (savings not pledged or already asked for)."
    assert otieno.sms("WITHDRAW 0").startswith("Send an amount above 0")
    assert otieno.sms("WITHDRAW 500") == ("Request W1 to withdraw KES 500 is with the treasurer. The money comes to "
                                          "your M-Pesa once approved.")
    assert jane.last() == "Umoja: Otieno Ouma asks to withdraw KES 500 from savings (W1). Reply APPROVE W1 or REJECT W1."
    assert otieno.sms("APPROVE W1") == "Withdrawal W1 is yours, so another officer decides it."
    assert jane.sms("PENDING") == ("Umoja, waiting for you. Reply as shown (REJECT to refuse):\n"
                                   "Withdraw KES 500 for Otieno Ouma: APPROVE W1")
    assert jane.whatsapp("APPROVE W1") == "Approved. KES 500 is on its way to Otieno Ouma by M-Pesa."
    assert re.fullmatch(r"Umoja: KES 500 from your savings was sent to your M-Pesa \(\w{10}\)\. Savings left: "
                        r"KES 1,500\.", otieno.last())
    assert jane.sms("APPROVE W1") == "That item was already decided."
    assert jane.sms("REJECT W1") == "That item was already decided."
    assert jane.sms("APPROVE W99") == "There is no W99 in your chama. Send PENDING to see what waits for you."
    assert otieno.sms("WITHDRAW 1600") == ("You can withdraw up to KES 1,500 now (savings not pledged or already "
                                           "asked for).")
    assert re.search(r"^\d\d/\d\d Jane W\. approved withdrawal W1$", jane.sms("LOG"), re.M)


def test_amina_withdraws_on_ussd_in_swahili_and_the_treasurer_decides_on_his_menu(world):
    _jane, otieno, amina, _code = savers(world)
    amina.dial()
    amina.press("7")
    assert amina.press("5") == "CON Toa kutoka akiba\nUnaweza kutoa KES 1,000.\nWeka kiasi kwa KES:"
    assert amina.press("300").startswith("CON Huduma za pesa zinahitaji PIN.")
    amina.press("1234")
    assert amina.press("1234") == ("CON PIN yako imewekwa.\nToa KES 300 kutoka akiba katika Umoja.\n"
                                   "Weka PIN yako kuthibitisha:")
    assert amina.press("1234") == ("END Ombi W1 la kutoa KES 300 limetumwa kwa mweka hazina. Pesa zitakuja kwa "
                                   "M-Pesa yako likiidhinishwa.")
    assert otieno.last() == ("Umoja: Amina Atieno asks to withdraw KES 300 from savings (W1). Reply APPROVE W1 or "
                             "REJECT W1.")
    otieno.dial()
    otieno.press("8")
    assert otieno.press("1") == "CON Waiting for your decision:\n1 Withdraw KES 300 for Amina Atieno\n0 Back 00 Menu"
    otieno.press("1")
    otieno.press("1")
    otieno.press("4321")
    otieno.press("4321")
    assert otieno.press("4321") == "END Approved. KES 300 is on its way to Amina Atieno by M-Pesa."
    assert re.fullmatch(r"Umoja: KES 300 kutoka akiba yako imetumwa kwa M-Pesa yako \(\w{10}\)\. Akiba iliyobaki: "
                        r"KES 700\.", amina.last())
    assert amina.sms("TOA 200").startswith("Ombi W2 la kutoa KES 200 limetumwa kwa mweka hazina.")
    assert otieno.sms("REJECT W2") == "Withdrawal W2 rejected; Amina Atieno has been told."
    assert amina.last() == ("Umoja: ombi lako W2 la kutoa KES 200 halikuidhinishwa. Akiba yako iko kama "
                            "ilivyokuwa.")
    assert amina.sms("TOA 800").startswith("Unaweza kutoa hadi KES 700 sasa")


def test_above_the_vote_threshold_the_members_decide_and_mpesa_sends_it(world):
    jane, otieno, amina, _code = savers(world)
    assert jane.sms("SET VOTE 1000") == "Done: members vote on withdrawals above KES 1,000. Every member has been told."
    assert otieno.sms("WITHDRAW 1200") == ("Request W1 to withdraw KES 1,200 goes to the members' vote until "
                                           "07/01/2027. You will get an SMS when it is decided.")
    assert amina.last() == ("Umoja: Otieno Ouma anaomba kutoa KES 1,200. Jibu NDIO W1 au HAPANA W1 (YES/NO) kabla "
                            "ya 07/01/2027.")
    assert jane.sms("PENDING") == ("Umoja, waiting for you. Reply as shown (REJECT to refuse):\n"
                                   "Vote: Otieno O. withdraws KES 1,200: YES W1 or NO W1")
    assert amina.sms("NDIO W1") == "Kura yako kuhusu W1 imehesabiwa. Utoaji umeidhinishwa (ndio 1, hapana 0)."
    assert otieno.inbox()[-2] == "Umoja: the withdrawal of KES 1,200 by Otieno Ouma was approved (1 yes, 0 no)."
    assert otieno.last().startswith("Umoja: KES 1,200 from your savings was sent to your M-Pesa")
    assert jane.sms("YES W1") == "That vote is already closed."
    assert re.search(r"^\d\d/\d\d withdrawal W1 approved by vote, 1-0$", jane.sms("LOG"), re.M)


def test_jane_shares_out_by_sms_another_officer_approves_and_each_saver_reads_their_line(world):
    jane, otieno, amina, code = savers(world)
    world.travel(days=1)  # the share-out counts savings to the end of yesterday
    assert otieno.sms("SHARE OUT") == ("Only the chair of Umoja (Jane Wanjiru) can do that. Send HELP to see what "
                                       "you can do.")
    proposed = jane.sms("SHARE OUT")
    assert proposed == ("Share-out S1: KES 3,000 to 2 members (earned KES 0). Another officer must approve it: "
                        "they were sent APPROVE S1.")
    assert otieno.last() == ("Umoja: share-out S1 by Jane Wanjiru, KES 3,000 to 2 members (earned KES 0). "
                             "APPROVE S1 or REJECT S1?")
    assert jane.sms("SHARE OUT") == "A share-out is already waiting for approval."
    assert jane.sms("APPROVE S1") == "You proposed share-out S1, so another officer approves it."
    assert otieno.sms("PENDING") == ("Umoja, waiting for you. Reply as shown (REJECT to refuse):\n"
                                     "Share-out KES 3,000 to 2: APPROVE S1")
    assert otieno.sms("APPROVE S1") == "Approved. Share-out S1 is on its way by M-Pesa to 2 members."
    assert re.fullmatch(r"Umoja share-out: your savings KES 2,000 and share KES 0, KES 2,000 in all, sent to your "
                        r"M-Pesa \(\w{10}\)\.", otieno.last())
    assert re.fullmatch(r"Umoja mgawanyo: akiba yako KES 1,000 na faida KES 0, jumla KES 1,000, imetumwa kwa M-Pesa "
                        r"yako \(\w{10}\)\.", amina.last())
    assert otieno.sms("APPROVE S1") == "That item was already decided."
    assert re.search(r"^cash\s+0\.00$", world.cli("chama", "balances", code), re.M)
    log = jane.sms("LOG")
    assert re.search(r"^\d\d/\d\d Otieno O\. approved share-out S1$", log, re.M)
    assert re.search(r"^\d\d/\d\d Jane W\. proposed share-out S1$", log, re.M)


def test_jane_proposes_the_share_out_on_ussd_and_a_rejection_pays_nothing(world):
    jane, otieno, amina, code = savers(world)
    world.travel(days=1)
    jane.dial()
    jane.press("9")
    assert jane.press("5") == "CON Money actions need a PIN. Choose a 4-digit PIN:"
    jane.press("1111")
    assert jane.press("1111").startswith("CON Your PIN is set.\nShare out everyone's savings and earnings in Umoja? "
                                         "Another officer approves.")
    assert jane.press("1111") == ("END Share-out S1: KES 3,000 to 2 members (earned KES 0). Another officer must "
                                  "approve it: they were sent APPROVE S1.")
    assert otieno.sms("REJECT S1") == "Share-out S1 rejected. Nothing was paid."
    assert jane.last() == "Umoja: share-out S1 was not approved by Otieno Ouma. Nothing was paid."
    assert amina.sms("SALIO").startswith("Umoja:")
    assert amina.sms("TOA 1000").startswith("Ombi W1 la kutoa KES 1,000")  # her savings are all still hers
    assert re.search(r"^cash\s+3000\.00$", world.cli("chama", "balances", code), re.M)
    assert otieno.sms("APPROVE S1") == "That item was already decided."
