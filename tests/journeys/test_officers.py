"""The officers' views from a phone: Jane, the chair, asks who has paid this
cycle and who owes what (MEMBERS), what waits for her decision, each with the
reply that decides it (PENDING), and the last decisions (LOG), by SMS and on
the USSD officers' menu (8). Amina keeps the books in Swahili (WANACHAMA,
YANAYOSUBIRI, KUMBUKUMBU). A member who asks is told who can; nothing a
view shows changes anything, and a decision taken twice is refused."""
import re

from tests.journeys.umoja import AMINA, umoja

FRIENDS = [("+2547120001%02d" % n, f"Member{n:02d} Mwangi") for n in range(1, 9)]


def test_jane_sees_who_has_paid_and_who_owes_and_a_member_is_told_who_can(world):
    jane, otieno, amina, _code = umoja(world)
    otieno.sms("PAY 500")
    assert jane.sms("MEMBERS") == ("Umoja, due 04/02/2027: 1 of 3 paid.\nJane W. owes 500\nAmina A. owes 500\n"
                                   "Otieno O. paid 500")
    assert otieno.sms("MEMBERS") == ("Only the officers of Umoja (Jane Wanjiru) can see that. Send HELP to see what "
                                     "you can do.")
    assert amina.sms("WANACHAMA") == ("Ni viongozi wa Umoja (Jane Wanjiru) pekee wanaoweza kuona hayo. Tuma MSAADA "
                                      "kuona unachoweza kufanya.")
    jane.sms(f"ROLE {AMINA} TREASURER")
    assert amina.sms("WANACHAMA", via="infobip") == ("Umoja, tarehe 04/02/2027: 1 kati ya 3 wamelipa.\nJane W. anadaiwa 500\n"
                            "Amina A. anadaiwa 500\nOtieno O. amelipa 500")
    assert amina.whatsapp("wanachama") == amina.last()
    assert "Jane W." in amina.whatsapp("waliolipa", via="infobip")


def test_the_members_list_comes_a_page_at_a_time_by_sms_and_98_on_ussd(world):
    jane, otieno, _amina, code = umoja(world)
    for phone, name in FRIENDS:
        friend = world.phone(phone)
        friend.sms(f"REGISTER {name}")
        friend.sms(f"JOIN {code}")
    otieno.sms("PAY 500")
    first = jane.sms("MEMBERS")
    assert first.startswith("Umoja, due 04/02/2027: 1 of 11 paid.\nJane W. owes 500\n")
    assert first.endswith("\nSend MEMBERS 2 for more.") and len(first) <= 160
    pages = [first]
    while pages[-1].endswith("for more."):
        pages.append(jane.sms(f"MEMBERS {len(pages) + 1}"))
        assert pages[-1].startswith("Umoja, due 04/02/2027: 1 of 11 paid.\n") and len(pages[-1]) <= 160
    assert pages[-1].endswith("Otieno O. paid 500")
    names = re.findall(r"^(\S+ \S\.) (?:owes|paid)", "\n".join(pages), re.M)
    assert len(names) == len(set(names)) == 11
    assert jane.sms("MEMBERS 9") == pages[-1]  # past the end: the last page
    assert jane.dial().endswith("8 Officers\n9 Settings")
    assert jane.press("8") == "CON Umoja officers\n1 Waiting for you\n2 Members this cycle\n3 Decisions log\n0 Back 00 Menu"
    screen = jane.press("2")
    assert screen.startswith("CON Umoja, due 04/02/2027: 1 of 11 paid.\nJane W. owes 500\n")
    assert screen.endswith("\n98 More\n0 Back 00 Menu") and len(screen) <= 164
    seen = screen
    while "98 More" in screen:
        screen = jane.press("98")
        assert len(screen) <= 164
        seen += screen
    assert "Otieno O. paid 500" in screen and len(set(re.findall(r"^(\S+ \S\.) (?:owes|paid)", seen, re.M))) == 11
    assert "8 Officers" not in otieno.dial()


def closed_with_a_pot(world):
    """Amina is treasurer; Otieno pays; the month ends and the calendar closes the cycle: Jane's pot waits."""
    jane, otieno, amina, code = umoja(world)
    jane.sms(f"ROLE {AMINA} TREASURER")
    otieno.sms("PAY 500")
    world.travel_to("2027-02-08 09:00")
    world.fire("close-cycles")
    return jane, otieno, amina, code


def test_pending_lists_each_item_with_the_reply_that_decides_it_and_the_log_keeps_the_decision(world):
    jane, otieno, amina, _code = closed_with_a_pot(world)
    assert jane.sms("PENDING") == ("Umoja, waiting for you. Reply as shown (REJECT to refuse):\n"
                                   "Payout KES 500 to Jane Wanjiru: APPROVE PAYOUT 1")
    assert amina.sms("YANAYOSUBIRI") == ("Umoja, yanayokusubiri. Jibu kama ilivyo (KATAA kukataa):\n"
                                         "Mgao wa KES 500 kwa Jane Wanjiru: KUBALI MGAO 1")
    assert otieno.sms("PENDING") == ("Only the officers of Umoja (Jane Wanjiru, Amina Atieno) can see that. "
                                     "Send HELP to see what you can do.")
    assert amina.sms("KUBALI MGAO 1") == "Umeidhinisha. KES 500 inatumwa kwa Jane Wanjiru kwa M-Pesa."
    assert re.fullmatch(r"Umoja: your pot of KES 500 was sent to your M-Pesa \(\w{10}\)\. Send BAL to see your "
                        r"balance\.", jane.last())
    assert amina.sms("YANAYOSUBIRI") == "Umoja: hakuna kinachokusubiri."
    assert amina.sms("KUBALI MGAO 1") == "Jambo hilo tayari limeamuliwa."
    log = jane.sms("LOG")
    assert re.fullmatch(r"Umoja, last decisions:\n\d\d/\d\d Amina A\. approved payout 1\n"
                        r"\d\d/\d\d Jane W\. made Amina A\. treasurer", log)
    assert re.fullmatch(r"Umoja, maamuzi ya mwisho:\n\d\d/\d\d Amina A\. aliidhinisha mgao 1\n"
                        r"\d\d/\d\d Jane W\. alimteua Amina A\. kuwa mweka hazina", amina.sms("KUMBUKUMBU"))
    assert otieno.sms("LOG").startswith("Only the officers of Umoja")


def test_amina_decides_on_the_ussd_officers_menu_and_reads_the_log_in_swahili(world):
    jane, _otieno, amina, _code = closed_with_a_pot(world)
    assert amina.dial().endswith("8 Viongozi\n9 Mipangilio")
    assert amina.press("8") == ("CON Viongozi wa Umoja\n1 Yanayokusubiri\n2 Wanachama mzunguko huu\n"
                                "3 Kumbukumbu ya maamuzi\n0 Rudi 00 Menyu")
    assert "1 Mgao wa KES 500 kwa Jane Wanjiru" in amina.press("1")
    amina.press("1")
    # a first-time officer chooses her PIN on the way and comes straight back to the decision
    assert amina.press("1") == "CON Huduma za pesa zinahitaji PIN. Chagua PIN ya tarakimu 4:"
    amina.press("4321")
    assert amina.press("4321") == "CON PIN yako imewekwa.\nWeka PIN yako ili kuidhinisha:"
    assert amina.press("4321") == "END Umeidhinisha. KES 500 inatumwa kwa Jane Wanjiru kwa M-Pesa."
    assert jane.last().startswith("Umoja: your pot of KES 500 was sent to your M-Pesa")
    amina.dial()
    amina.press("8")
    assert re.search(r"^\d\d/\d\d Amina A\. aliidhinisha mgao 1$", amina.press("3"), re.M)


def every_page(phone, keyword):
    pages = [phone.sms(keyword)]
    while re.search(rf"{keyword} {len(pages) + 1} ", pages[-1]):
        pages.append(phone.sms(f"{keyword} {len(pages) + 1}"))
    return pages


def test_help_offers_the_views_to_officers_and_a_secretary_reads_them_in_swahili(world):
    jane, otieno, amina, _code = umoja(world)
    assert jane.sms(f"ROLE {AMINA} SECRETARY") == "+254712000003 is now secretary of Umoja."
    assert ("Officers: MEMBERS (who has paid), PENDING (what waits for you), LOG (last decisions), GROUP GOAL "
            "Land 100000 BY 31/12/2027.") in "\n".join(every_page(jane, "HELP"))
    secretary = every_page(amina, "MSAADA")
    assert secretary[-1] == ("Katibu: WANACHAMA (waliolipa), YANAYOSUBIRI (kura zinazokusubiri), KUMBUKUMBU "
                             "(maamuzi).")
    assert not any("MEMBERS" in page for page in every_page(otieno, "HELP"))
    assert amina.sms("WANACHAMA").startswith("Umoja, tarehe 04/02/2027: 0 kati ya 3 wamelipa.")
    assert amina.sms("YANAYOSUBIRI") == "Umoja: hakuna kinachokusubiri."
    assert amina.sms("LENGO LA KIKUNDI Hema 20000 HADI 31/12/2027").startswith("Ni mwenyekiti au mweka hazina wa Umoja")


def test_a_loan_waiting_shows_in_pending_with_its_reply_in_either_language(world):
    jane, otieno, amina, _code = umoja(world)
    jane.sms("UPGRADE STANDARD")
    jane.sms(f"ROLE {AMINA} TREASURER")
    otieno.sms("SAVE 1000")
    otieno.sms("LOAN 1000 2 MONTHS")
    otieno.sms("YES")
    assert jane.sms("PENDING") == ("Umoja, waiting for you. Reply as shown (REJECT to refuse):\n"
                                   "Loan KES 1,000, 2 months to Otieno Ouma: APPROVE LOAN 1")
    assert amina.sms("YANAYOSUBIRI").endswith(": KUBALI MKOPO 1")
    assert amina.sms("KUBALI MKOPO 1").startswith("Umeidhinisha.")
    assert jane.sms("PENDING") == "Umoja: nothing is waiting for you."
    assert re.search(r"^\d\d/\d\d Amina A\. approved loan L1$", jane.sms("LOG"), re.M)
