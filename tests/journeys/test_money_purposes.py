"""Every money purpose through an M-Pesa prompt: Otieno and Amina save (with
and without a goal), repay a loan and pay a fine; Jane renews the chama's
plan. Each prompt goes through the Daraja simulator, the member gets the
receipt, their statement moves and the operator's books show it. A prompt
M-Pesa refuses is explained once, after the reply that promised it, with the
command that asks for the same prompt again; in English and in Swahili, by
SMS, WhatsApp and USSD."""
import re

from tests.journeys.umoja import OTIENO, books, choose_pin, umoja


def test_otieno_saves_by_sms_and_whatsapp_with_and_without_a_goal(world):
    _jane, otieno, _amina, code = umoja(world)
    assert otieno.sms("SAVE 500") == ("An M-Pesa prompt for KES 500 to your savings is coming. "
                                      "Enter your M-Pesa PIN to save.")
    assert re.fullmatch(r"Received KES 500 into your savings in Umoja \(M-Pesa \w{10}\)\. Asante!", otieno.last())
    assert otieno.sms("GOAL School fees 20000 BY 31/12/2027").startswith("Goal School fees set: KES 20,000")
    assert otieno.whatsapp("SAVE 300 School fees").startswith("An M-Pesa prompt for KES 300 to your savings")
    assert otieno.last().startswith("Received KES 300 towards School fees in Umoja (M-Pesa ")
    assert otieno.last().endswith("): KES 300 of KES 20,000 saved. Asante!")
    statement = otieno.sms("STATEMENT")
    assert statement.startswith("Umoja, last entries:") and "04/01 Saved 500" in statement
    assert "04/01 Saved 300" in statement
    assert "Savings: School fees" in world.cli("chama", "statement", code, OTIENO)
    assert (books(world, code, "cash"), books(world, code, "savings")) == ("800.00", "-800.00")
    assert [path for path, status in world.mpesa.callbacks() if status == 200] == ["mpesa/stk/callback"] * 2


def test_amina_saves_to_her_goal_on_ussd_in_swahili(world):
    _jane, _otieno, amina, code = umoja(world)
    assert amina.sms("LENGO Ada 6000 BY 31/12/2027").startswith("Lengo Ada")
    choose_pin(amina)
    amina.dial()
    amina.press("7")
    assert amina.press("4") == "CON Malengo yako:\n1 Ada\n0 Rudi 00 Menyu"
    amina.press("1")
    amina.press("1")
    amina.press("2000")
    assert amina.press("1234").startswith("END Ombi la M-Pesa la KES 2,000")
    assert amina.last().startswith("Tumepokea KES 2,000 kwa lengo Ada katika Umoja (M-Pesa ")
    assert "Akiba 2,000" in amina.sms("TAARIFA")
    assert books(world, code, "savings") == "-2000.00"


def test_the_chair_sets_a_group_goal_and_members_save_towards_their_share(world):
    jane, otieno, amina, code = umoja(world)
    assert jane.sms("GROUP GOAL Tent 9000 BY 31/12/2027").startswith("Group goal Tent set: KES 9,000")
    assert otieno.sms("SAVE 1000 Tent").startswith("An M-Pesa prompt for KES 1,000 to your savings is coming")
    assert re.fullmatch(r"Received KES 1,000 towards Tent in Umoja \(M-Pesa \w{10}\): KES 1,000 of KES 3,000 "
                        r"saved\. Asante!", otieno.last())
    assert amina.whatsapp("WEKA 500 Tent").startswith("Ombi la M-Pesa la KES 500 kwa akiba yako linakuja")
    assert re.fullmatch(r"Tumepokea KES 500 kwa lengo Tent katika Umoja \(M-Pesa \w{10}\): KES 500 kati ya "
                        r"KES 3,000 zimewekwa\. Asante!", amina.last())
    assert "Tent (kikundi): 1,500 kati ya 9,000; yako 500 kati ya 3,000" in amina.sms("MALENGO")
    assert "Savings: Tent" in world.cli("chama", "statement", code, OTIENO)
    assert books(world, code, "savings") == "-1500.00"


def loan_of_1000(world):
    """Jane renews Umoja on Standard (loans need it); Otieno saves and borrows KES 1,000; Jane approves."""
    jane, otieno, amina, code = umoja(world)
    assert jane.sms("UPGRADE STANDARD").startswith("An M-Pesa prompt for KES 500 for the Standard plan")
    assert re.fullmatch(r"Received KES 500 for Umoja's Chamabora plan \(M-Pesa \w{10}\): Standard until "
                        r"\d\d/\d\d/2027\. Asante!", jane.last())
    otieno.sms("SAVE 1000")
    otieno.sms("LOAN 1000 2 MONTHS")
    assert otieno.sms("YES").startswith("Loan L1 requested: KES 1,000 over 2 months,")
    choose_pin(jane)
    jane.dial()
    jane.press("8")  # the officers' menu; 1 is what waits for a decision
    jane.press("1")
    jane.press("1")
    jane.press("1")
    jane.press("1234")
    assert any(m.startswith("Umoja: your loan of KES 1,000 was sent to your M-Pesa") for m in otieno.unread())
    return jane, otieno, amina, code


def test_otieno_repays_his_loan_by_sms_and_the_receipt_says_what_is_left(world):
    _jane, otieno, _amina, code = loan_of_1000(world)
    assert books(world, code, "loans_receivable") == "1000.00"
    assert otieno.sms("REPAY 400").startswith("An M-Pesa prompt for KES 400")
    assert re.fullmatch(r"Received KES 400 for loan L1 in Umoja \(M-Pesa \w{10}\)\. Still to pay: KES [\d,.]+\. "
                        r"Asante!", otieno.last())
    assert "04/01 Loan repaid " in otieno.sms("STATEMENT")
    assert float(books(world, code, "loans_receivable")) < 1000


def test_amina_repays_in_swahili_on_ussd_and_by_sms(world):
    jane, otieno, amina, code = umoja(world)
    jane.sms("UPGRADE STANDARD")
    amina.sms("WEKA 1000")
    amina.sms("MKOPO 1000 MIEZI 2")
    assert amina.sms("NDIO").startswith("Mkopo L1 umeombwa")
    choose_pin(jane)
    jane.dial()
    for key in ("8", "1", "1", "1", "1234"):
        jane.press(key)
    assert any(m.startswith("Umoja: mkopo wako wa KES 1,000 umetumwa") for m in amina.unread())
    choose_pin(amina)
    amina.dial()
    amina.press("7")
    amina.press("3")
    amina.press("300")
    assert amina.press("1234").startswith("END ")
    assert amina.last().startswith("Tumepokea KES 300 kwa mkopo L1 katika Umoja (M-Pesa ")
    assert amina.whatsapp("LIPA MKOPO 200", via="infobip").startswith("Ombi la M-Pesa la KES 200")
    assert amina.last().startswith("Tumepokea KES 200 kwa mkopo L1")
    assert "Rejesho la mkopo 200" in amina.sms("TAARIFA")


def test_baraka_renews_his_chamas_plan_in_swahili_by_whatsapp_and_loans_open(world):
    baraka = world.phone("+254712000004")
    baraka.whatsapp("SAJILI Baraka Mwangi")
    baraka.whatsapp("UNDA CHAMA Tujenge 1000 KILA MWEZI")
    world.travel_to("2027-03-20 09:00")  # the trial is over: loans need a paid plan
    assert baraka.whatsapp("MKOPO").startswith("Tujenge iko kwenye mpango usio na huduma hii.")
    assert baraka.whatsapp("BORESHA STANDARD").startswith("Ombi la M-Pesa la KES 500")
    assert re.fullmatch(r"Tumepokea KES 500 kwa mpango wa Chamabora wa Tujenge \(M-Pesa \w{10}\): Standard hadi "
                        r"19/04/2027\. Asante!", baraka.last())
    assert baraka.whatsapp("MKOPO").startswith("Huna mkopo.")


def test_a_fine_is_paid_by_prompt_with_the_contribution(world):
    jane, otieno, amina, code = umoja(world)
    jane.sms("SET FINE 100")
    world.travel_to("2027-02-10 09:00")  # past the first due date (04/02) and its grace
    world.fire("close-cycles")
    assert otieno.sms("FINES") == ("Umoja: unpaid fines KES 100 (1), after contributions of KES 500. A payment "
                                   "clears contributions first: PAY 600 pays both.")
    assert otieno.sms("PAY 600").startswith("An M-Pesa prompt for KES 600 to Umoja is coming")
    assert re.search(r"contributions KES 500, fines KES 100", otieno.last())
    assert otieno.sms("FINES") == "Umoja: you have no unpaid fines."
    assert amina.sms("FAINI").endswith("LIPA 600 hulipa vyote.")
    choose_pin(amina)
    amina.dial()
    assert amina.press("1").startswith("CON Changia Umoja")
    amina.press("600")
    assert amina.press("1234").startswith("END Ombi la M-Pesa la KES 600")
    assert re.search(r"michango KES 500, faini KES 100", amina.last())
    assert amina.sms("FAINI") == "Umoja: huna faini ambayo haijalipwa."
    assert books(world, code, "fine_income") == "-300.00"  # Jane was fined too
    assert books(world, code, "fines_receivable") == "100.00"


def test_a_prompt_mpesa_refuses_is_explained_once_after_the_reply(world):
    _jane, otieno, amina, _code = umoja(world)
    world.mpesa.next(otieno, "bad_phone")
    before, newest = len(otieno.inbox()), world.newest_id()
    assert otieno.sms("SAVE 500").startswith("An M-Pesa prompt for KES 500 to your savings is coming")
    assert otieno.inbox()[before + 1:] == [
        "Sorry, no M-Pesa prompt for KES 500 to Umoja: M-Pesa refused this number. Nothing was charged. "
        "Send SAVE 500 later."]
    # the operator's outbox says why, in Daraja's words
    [prompt] = [m for m in world.outbox(after=newest) if m.channel == "stk_push"]
    assert (prompt.status, prompt.error) == ("failed", "mpesa_rejected: 400.002.02 Bad Request - Invalid PhoneNumber")
    world.mpesa.next(amina, "busy")
    amina.sms("WEKA 300")
    assert amina.last() == ("Tayari una ombi la M-Pesa lililo wazi. Likamilishe au ulighairi, kisha tuma "
                            "WEKA 300 tena.")
    otieno.sms("GOAL School fees 20000 BY 31/12/2027")
    world.mpesa.next(otieno, "cancelled")
    otieno.sms("SAVE 300 School fees")
    assert otieno.last() == ("You cancelled the M-Pesa prompt for KES 300 to Umoja. Nothing was charged. "
                             "Send SAVE 300 School fees to try again.")
    assert otieno.sms("STATEMENT") == "Umoja: nothing on your statement yet."
