"""HELP lists what this member can do, a page per SMS: a newcomer, a member,
a treasurer and a chair each read their own list, in English and Swahili;
loans are offered only where the chama's plan has them."""
import re

from tests.journeys.umoja import umoja as founded

NEWCOMER = "+254712000009"


def umoja(world):
    jane, otieno, amina, _code = founded(world)
    jane.sms("ROLE 0712000002 TREASURER")
    return jane, otieno, amina


def every_page(phone, keyword="HELP"):
    pages, number = [phone.sms(keyword)], 2
    while re.search(rf"(HELP|MSAADA) {number} ", pages[-1]):
        pages.append(phone.sms(f"{keyword} {number}"))
        number += 1
    return pages


def test_a_newcomer_is_told_how_to_start(world):
    newcomer = world.phone(NEWCOMER)
    assert newcomer.sms("HELP") == ("Send: REGISTER and your name, JOIN and a chama's code, or CREATE CHAMA Umoja "
                                    "1000 MONTHLY. LANG SW for Kiswahili.")
    assert newcomer.sms("MSAADA").startswith("Tuma: SAJILI na jina lako, JIUNGE na nambari ya chama")


def test_each_member_reads_what_their_role_allows_one_sms_a_page(world):
    jane, otieno, amina = umoja(world)
    member = every_page(amina, "MSAADA")
    assert member[0].startswith("Tuma: LIPA 500, SALIO, TAARIFA, ZAMU (zamu ya nani), FAINI, SHERIA, WEKA 500, TOA")
    assert not any("BADILISHA" in page or "KUBALI" in page for page in member)
    treasurer = every_page(otieno)
    assert treasurer[-1].startswith("Treasurer: APPROVE or REJECT W7 (withdrawal), S3 (share-out), PAYOUT 12")
    assert not any("SHARE OUT" in page for page in treasurer)
    chair = every_page(jane, "help")
    assert any("SET ORDER RANDOM" in page and "SHARE OUT" in page for page in chair)
    assert any("ROLE 0712345678 TREASURER" in page for page in chair)
    for page in member + treasurer + chair:
        assert len(page) <= 160, page
    assert jane.sms("HELP 9") == chair[-1]


def test_loans_are_offered_only_on_a_plan_that_has_them(world):
    _jane, otieno, amina = umoja(world)
    world.travel_to("2027-03-20 09:00")  # the trial is over; the chama is on the Free plan
    assert otieno.sms("HELP 2").startswith("Loans (LOAN 5000 6 MONTHS, REPAY 1000) need the Standard plan: the "
                                           "chair can send UPGRADE.")
    assert amina.sms("MSAADA 2").startswith("Mikopo (MKOPO 5000 MIEZI 6, LIPA MKOPO 1000) inahitaji mpango wa "
                                            "Standard")


def test_help_on_one_command_still_explains_it(world):
    _jane, otieno, _amina = umoja(world)
    assert otieno.sms("HELP PAY").startswith("PAY 500 sends an M-Pesa prompt to your phone")
