"""Loans end to end: Otieno asks for more than his limit with Jane as his
guarantor; she accepts; the treasurer is told the loan's number and approves
it by message; M-Pesa sends the money (B2C through the simulator); the
reminder comes before the first instalment; he repays by prompt until the
loan is settled, told at each step. Amina borrows in Swahili on USSD, naming
her guarantor there. Officers decide by SMS, WhatsApp or on USSD with their
PIN; nobody decides their own loan; a wrong number, a second decision, a
member who is not an officer, a zero or huge amount each get a clear reply
and change nothing."""
import re

from tests.journeys.umoja import AMINA, OTIENO, books, choose_pin, umoja


def lending(world, treasurer=AMINA):
    """Umoja on the Standard plan (it has loans), a treasurer named, and savings to lend from."""
    jane, otieno, amina, code = umoja(world)
    jane.sms("UPGRADE STANDARD")
    jane.sms(f"ROLE {treasurer} TREASURER")
    jane.sms("SAVE 3000")
    otieno.sms("SAVE 1000")
    amina.sms("WEKA 1000")
    return jane, otieno, amina, code


def test_otieno_borrows_with_a_guarantor_the_treasurer_approves_by_whatsapp_and_he_repays_in_full(world):
    jane, otieno, amina, code = lending(world)
    assert "above your limit: guarantors Jane KES 1,000." in otieno.sms("LOAN 4000 3 MONTHS GUARANTORS 0712000001")
    assert otieno.sms("YES").startswith("Loan L1 requested: KES 4,000 over 3 months")
    assert jane.last() == ("Umoja: Otieno Ouma asks you to guarantee KES 1,000 of a KES 4,000 loan. "
                           "Reply YES L1 to accept or NO L1 to decline.")
    assert not any("MKOPO 1" in m for m in amina.unread())  # nobody decides before the guarantor answers
    assert amina.sms("KUBALI MKOPO 1") == ("Mkopo L1 unasubiri wadhamini wake wakubali. Utapata SMS ukiwa tayari "
                                           "kwa uamuzi wako.")
    assert jane.sms("YES L1").startswith("You now guarantee loan L1 of Otieno Ouma.")
    assert otieno.last() == "Umoja: your guarantors accepted loan L1. The treasurer will now review it."
    assert amina.last() == ("Umoja: Otieno Ouma anaomba mkopo L1, KES 4,000 kwa miezi 3. Jibu KUBALI MKOPO 1 "
                            "au KATAA MKOPO 1.")
    assert amina.whatsapp("KUBALI MKOPO 1") == "Umeidhinisha. Mkopo L1 utatumwa kwa M-Pesa."
    approved, sent = otieno.unread()  # told once that it is coming and once that it came
    assert approved.startswith("Umoja: your loan of KES 4,000 is approved and coming to your M-Pesa")
    assert re.match(r"Umoja: your loan of KES 4,000 was sent to your M-Pesa \(\w{10}\)\. First instalment "
                    r"KES 1,360\.09 due 04/02/2027\.", sent)
    assert jane.last().startswith("Umoja paid KES 4,000 to Otieno Ouma (+2547****0002) by M-Pesa ")
    assert amina.last().endswith(". Imeidhinishwa na Amina Atieno (mweka hazina).")
    assert books(world, code, "loans_receivable") == "4000.00"
    assert jane.sms("APPROVE LOAN 1") == "Loan L1 was already sent, so nothing changed."

    world.travel_to("2027-02-02 10:00")
    world.fire("contribution-reminders")
    assert any("1,360.09" in m and "04/02/2027" in m for m in otieno.unread())

    assert otieno.sms("REPAY 1361").startswith("An M-Pesa prompt for KES 1,361 to repay your loan is coming")
    assert re.fullmatch(r"Received KES 1,361 for loan L1 in Umoja \(M-Pesa \w{10}\)\. Still to pay: "
                        r"KES 2,719\.\d\d\. Asante!", otieno.last())
    assert otieno.sms("MY LOAN").startswith("Loan L1: KES 2,719.")
    otieno.sms("REPAY 2720")
    repaid = otieno.unread()
    assert "Umoja: your loan is fully repaid. Asante!" in repaid
    assert any(re.fullmatch(r"Received KES 2,720 for loan L1 in Umoja \(M-Pesa \w{10}\)\. The loan is repaid; "
                            r"KES 0\.\d\d over it went to your savings\. Asante!", m) for m in repaid)
    assert otieno.sms("MY LOAN") == "You have no loan. Ask for one with the amount and months, e.g. LOAN 5000 6 MONTHS."
    assert books(world, code, "loans_receivable") == "0.00"


def test_amina_borrows_on_ussd_in_swahili_naming_her_guarantor_and_otieno_approves_by_sms(world):
    jane, otieno, amina, code = lending(world, treasurer=OTIENO)
    choose_pin(amina)
    amina.dial()
    amina.press("7")
    assert amina.press("2") == "CON Omba mkopo\nKikomo chako ni KES 3,000.\nWeka kiasi kwa KES:"
    assert amina.press("4000") == ("CON Kikomo chako ni KES 3,000. Wadhamini lazima wadhamini KES 1,000.\n"
                                   "Weka simu ya mdhamini:\n0 Rudi 00 Menyu")
    assert amina.press("0712000009").startswith("CON Hakuna aliyesajiliwa")
    assert amina.press("0712000001").startswith("CON Utalipa kwa miezi mingapi?")
    assert amina.press("3").startswith("CON Mkopo KES 4,000, miezi 3.")
    assert amina.press("1234") == ("END Ombi la mkopo L1 limetumwa. Wadhamini wako wanaulizwa kwa SMS; kisha "
                                   "mweka hazina ataamua.")
    assert jane.last().startswith("Umoja: Amina Atieno asks you to guarantee KES 1,000")
    jane.sms("YES L1")
    assert amina.last() == "Umoja: wadhamini wako wamekubali mkopo L1. Mweka hazina sasa ataukagua."
    assert otieno.last() == ("Umoja: Amina Atieno asks for loan L1, KES 4,000 over 3 months. Reply APPROVE LOAN 1 "
                             "or REJECT LOAN 1.")
    assert otieno.sms("APPROVE LOAN 1") == "Approved. Loan L1 will be sent by M-Pesa."
    assert any(m.startswith("Umoja: mkopo wako wa KES 4,000 umetumwa kwa M-Pesa yako") for m in amina.unread())
    amina.dial()
    amina.press("7")
    assert amina.press("3").startswith("CON Mkopo L1: unadaiwa KES 4,080.27.")
    amina.press("500")
    assert amina.press("1234").startswith("END ")
    assert amina.last().startswith("Tumepokea KES 500 kwa mkopo L1 katika Umoja (M-Pesa ")
    assert books(world, code, "loans_receivable") != "4000.00"


def test_the_chair_rejects_on_ussd_with_her_pin_and_the_borrower_is_told(world):
    jane, otieno, amina, code = umoja(world)
    jane.sms("UPGRADE STANDARD")
    otieno.sms("SAVE 1000")
    otieno.sms("LOAN 1000 2 MONTHS")
    otieno.sms("YES")
    # no treasurer yet: the chair is the one told
    assert jane.last() == ("Umoja: Otieno Ouma asks for loan L1, KES 1,000 over 2 months. Reply APPROVE LOAN 1 "
                           "or REJECT LOAN 1.")
    choose_pin(jane)
    jane.dial()
    jane.press("8")
    assert jane.press("1") == "CON Waiting for your decision:\n1 Loan KES 1,000, 2 months to Otieno Ouma\n0 Back 00 Menu"
    jane.press("1")
    assert jane.press("2") == "CON Enter your PIN to reject:"
    assert jane.press("1234") == "END Loan L1 rejected."
    assert otieno.last() == ("Umoja: Jane Wanjiru rejected your loan request L1 for KES 1,000. Nothing was sent. "
                             "Ask them why, or send LOAN to ask again.")
    assert jane.sms("REJECT LOAN 1") == "Loan L1 was already rejected, so nothing changed."
    assert books(world, code, "loans_receivable") == "0.00"


def test_a_guarantor_who_declines_leaves_the_borrower_to_withdraw_in_swahili(world):
    jane, otieno, amina, code = lending(world)
    amina.sms("MKOPO 4000 MIEZI 3 WADHAMINI 0712000002")
    amina.sms("NDIO")
    assert otieno.sms("NO L1").startswith("You declined to guarantee loan L1 of Amina Atieno.")
    assert amina.last() == ("Umoja: Otieno Ouma hatadhamini mkopo L1. Tuma KATAA MKOPO 1 kuuondoa, kisha omba tena "
                            "na wadhamini wengine.")
    assert amina.sms("KATAA MKOPO 1") == "Umeondoa ombi lako la mkopo L1. Hakuna kitakachotumwa."
    assert amina.sms("KATAA MKOPO 1") == "Mkopo L1 tayari umekataliwa, kwa hiyo hakuna kilichobadilika."
    assert amina.sms("MKOPO").startswith("Huna mkopo.")


def test_wrong_numbers_second_decisions_outsiders_and_odd_amounts_change_nothing(world):
    jane, otieno, amina, code = lending(world, treasurer=OTIENO)
    assert otieno.sms("LOAN 0 3 MONTHS") == "Send an amount above 0 with at most 2 decimals, e.g. LOAN 5000 6 MONTHS"
    assert otieno.sms("LOAN 10000000 3 MONTHS GUARANTORS 0712000001") == (
        "M-Pesa sends at most KES 250,000 in one payment, so ask for that or less, e.g. LOAN 250000 12 MONTHS.")
    assert amina.sms("MKOPO 300000 MIEZI 3").startswith("M-Pesa hutuma hadi KES 250,000 kwa malipo moja")
    assert otieno.sms("LOAN 10000 3 MONTHS").startswith("Your loan limit is KES 3,000")
    assert amina.sms("MKOPO 0 MIEZI 3") == "Tuma kiasi zaidi ya 0, desimali 2 tu, mfano MKOPO 5000 MIEZI 6"
    otieno.sms("LOAN 2000 2 MONTHS")
    otieno.sms("YES")
    # the treasurer is the borrower: the chair is told, and he cannot approve his own loan
    assert jane.last().startswith("Umoja: Otieno Ouma asks for loan L1, KES 2,000 over 2 months.")
    assert otieno.sms("APPROVE LOAN 1") == ("You cannot approve money to yourself: another treasurer or the chair "
                                            "must approve it.")
    assert amina.sms("KUBALI MKOPO 1") == "Ni mwenyekiti au mweka hazina pekee anayeweza kufanya hivyo."
    assert jane.sms("APPROVE LOAN 9") == "No loan L9 is waiting in your chama. Check the number in our message."
    assert amina.sms("KUBALI MKOPO 9") == ("Hakuna mkopo L9 unaosubiri katika chama chako. Angalia nambari katika "
                                           "ujumbe wetu.")
    assert jane.sms("APPROVE LOAN") == "Add the reference from our message, e.g. APPROVE LOAN 12"
    assert books(world, code, "loans_receivable") == "0.00"
    assert jane.sms("APPROVE LOAN L1") == "Approved. Loan L1 will be sent by M-Pesa."
    assert jane.sms("REJECT LOAN 1") == "Loan L1 was already sent, so nothing changed."
    assert books(world, code, "loans_receivable") == "2000.00"
