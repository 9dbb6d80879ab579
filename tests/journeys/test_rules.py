"""The chama's rules from a phone: Jane, the chair, sets the fine, the grace
and the payout order by SMS and on USSD, in English; Baraka chairs his
chama in Swahili. A change made once the chama is running waits for the next
cycle; every member is told, in their own language; a member who tries is
told who can; the operator sees the same rules and what is waiting."""
import re

from tests.journeys.umoja import OTIENO, umoja

BARAKA = "+254712000004"


def test_jane_sets_a_fine_before_the_first_cycle_and_everyone_is_told_in_their_language(world):
    jane, otieno, amina, code = umoja(world)
    assert jane.sms("SET FINE 50 PER DAY CAP 500") == ("Done: fine KES 50 a day late, at most KES 500. "
                                                       "Every member has been told.")
    assert otieno.last() == ("Umoja: fine KES 50 a day late, at most KES 500 from now. Changed by Jane Wanjiru; "
                             "RULES shows all.")
    assert amina.last() == ("Umoja: faini KES 50 kwa kila siku ya kuchelewa, isizidi KES 500 kuanzia sasa. "
                            "Imewekwa na Jane Wanjiru; tuma SHERIA.")
    assert otieno.sms("RULES 2") == ("Umoja rules 2/5: fine KES 50 a day late, at most KES 500; payout order: "
                                     "join order. Send RULES 3 for more.")
    assert amina.sms("SHERIA").startswith("Umoja sheria 1/5: mchango KES 500 kila mwezi; tarehe ijayo ya kulipa 04/02/2027")
    shown = world.cli("chama", "rules", code)
    assert re.search(r"fine_flat_cents\s+5000", shown) and re.search(r"fine_cap_cents\s+50000", shown)


def test_a_change_once_the_chama_runs_waits_for_the_next_cycle(world):
    jane, otieno, amina, code = umoja(world)
    otieno.sms("PAY 500")  # the first cycle is under way
    assert jane.sms("SET GRACE 5") == "Done. From 05/02/2027: grace 5 days. Every member has been told."
    assert otieno.last() == "Umoja: from 05/02/2027 grace 5 days. Changed by Jane Wanjiru; RULES shows all."
    assert amina.sms("SHERIA 5") == "Umoja sheria 5/5: kuanzia 05/02/2027: siku 5 za ziada."
    assert "grace 3 days" in otieno.sms("RULES")
    assert "waiting for cycle 2: grace_days=5" in world.cli("chama", "rules", code)
    world.travel_to("2027-02-06 09:00")
    otieno.sms("PAY 500")  # the second cycle opens under the new grace
    assert "grace 5 days" in otieno.sms("RULES")
    assert "waiting for cycle" not in world.cli("chama", "rules", code)


def test_a_member_who_tries_is_told_who_can_and_nothing_changes(world):
    _jane, otieno, amina, code = umoja(world)
    assert otieno.sms("SET FINE 500") == ("Only the chair or treasurer of Umoja (Jane Wanjiru) can do that. "
                                          "Send HELP to see what you can do.")
    assert amina.sms("BADILISHA ZAMU NASIBU") == ("Ni mwenyekiti wa Umoja (Jane Wanjiru) pekee anayeweza kufanya "
                                                  "hivyo. Tuma MSAADA kuona unachoweza kufanya.")
    assert re.search(r"fine_flat_cents\s+0\b", world.cli("chama", "rules", code))
    assert "waiting" not in world.cli("chama", "rules", code)


def test_jane_draws_a_random_order_and_then_sets_her_own_and_every_member_reads_it(world):
    jane, otieno, amina, _code = umoja(world)
    assert jane.sms("SET ORDER RANDOM", via="twilio") == ("Done: payout order: random draw. "
                                                          "Every member has been told.")
    drawn = otieno.last()
    assert re.fullmatch(r"Umoja payout order \(random draw, seed \d{6}\): 1\.\w+ \w\. 2\.\w+ \w\. 3\.\w+ \w\.", drawn)
    assert amina.last().startswith("Umoja mpangilio wa zamu (bahati nasibu, nambari ")
    assert jane.sms("SET ORDER 0712000003 0712000002") == ("Done: payout order: set by the chair. "
                                                          "Every member has been told.")
    assert otieno.last() == "Umoja payout order: 1.Amina A. 2.Otieno O. 3.Jane W."
    assert "the next pot goes to Amina Atieno" in otieno.sms("NEXT")
    assert jane.sms("SET ORDER 0712000009") == ("Nobody is registered with that phone number. Invite them "
                                                "with INVITE and the number.")


def test_jane_changes_the_grace_on_ussd_with_her_pin(world):
    jane, otieno, _amina, _code = umoja(world)
    assert jane.dial().startswith("CON Umoja")
    assert "4 Chama rules" in jane.press("9")
    assert jane.press("2") == "CON Choose a new 4-digit PIN:"  # she chooses her PIN first
    for typed in ("1234", "1234"):
        jane.press(typed)
    jane.press("9")
    rules = jane.press("4")
    assert rules.startswith("CON Rules 1/") and "contribution KES 500 monthly" in rules and "1 Change a rule" in rules
    assert jane.press("98").startswith("CON Rules 2/")
    assert "2 Grace days" in jane.press("1")
    assert jane.press("2").startswith("CON Grace days after the due date (0-60):")
    assert jane.press("99").startswith("CON Enter a number from 0 to 60.")
    assert jane.press("7") == "CON Change: grace 7 days.\nEnter your PIN to confirm:"
    assert jane.press("1234") == "END Done: grace 7 days. Every member has been told."
    assert otieno.last() == "Umoja: grace 7 days from now. Changed by Jane Wanjiru; RULES shows all."


def test_otieno_reads_the_rules_on_ussd_and_is_not_offered_a_change(world):
    _jane, otieno, _amina, _code = umoja(world)
    otieno.dial()
    otieno.press("9")
    screen = otieno.press("4")
    assert screen.startswith("CON Rules 1/") and "Change" not in screen
    seen = [otieno.press("98") for _ in range(5)]
    assert any("payout order: join order" in page for page in seen)
    assert any("vote quorum 50%" in page for page in seen)
    assert otieno.press("1").startswith("CON Invalid choice.")


def test_baraka_chairs_in_swahili_and_sets_loan_and_vote_rules(world):
    baraka, otieno = world.phone(BARAKA), world.phone(OTIENO)
    baraka.sms("SAJILI Baraka Mwangi")
    code = re.search(r"JIUNGE (\w+)", baraka.sms("UNDA CHAMA Tujenge 1000 KILA MWEZI")).group(1)
    otieno.sms("REGISTER Otieno Ouma")
    otieno.sms(f"JOIN {code}")
    assert baraka.sms("BADILISHA RIBA 10% SALIO") == ("Imefanyika: riba ya mkopo 10% kwa mwezi, kwa salio "
                                                      "linalopungua. Kila mwanachama amearifiwa.")
    assert otieno.last() == ("Tujenge: loans 10% a month, reducing balance from now. Changed by Baraka Mwangi; "
                             "RULES shows all.")
    assert baraka.whatsapp("BADILISHA KURA 5000").startswith("Imefanyika: wanachama hupiga kura kwa utoaji zaidi "
                                                             "ya KES 5,000.")
    assert baraka.sms("BADILISHA AKIDI 60%").startswith("Imefanyika: akidi ya kura 60%.")
    assert baraka.sms("SHERIA 4") == ("Tujenge sheria 4/5: wanachama hupiga kura kwa utoaji zaidi ya KES 5,000; "
                                      "hakuna kura kwa mgao; akidi ya kura 60%. Tuma SHERIA 5 kwa zaidi.")
    assert baraka.sms("BADILISHA RIBA 90%").startswith("Hiyo ni nje ya mipaka ya sheria")
