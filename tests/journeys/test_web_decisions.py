"""Deciding on the web what waits for an officer (`/chamas/<CODE>/waiting`):
a held M-Pesa payment with what looks wrong in plain words, payouts with the
chair's second signature, each decided by the same reply the SMS takes, so
the engine's rules answer: nobody approves their own money, a secretary
does not approve money, a wrong PIN stops it, another chama's item is not
this page's, a form sent twice acts once and a forged form acts never."""
import re

import pytest

from .browser import log_in
from .test_web_login import client_logs_in, csrf
from .test_savings_withdrawals import savers
from .umoja import AMINA, JANE, OTIENO, choose_pin, umoja

WANJIKU, BARAKA = "+254712000004", "+254712000005"
HELD = "UEVLA60NS4"
# Amina's KES 300 to Jane, raised to KES 3,000: the charge no longer fits the amount
FORGED = (f"{HELD} Confirmed. Ksh3,000.00 sent to JANE  WANJIRU 0712000001 on 31/5/26 at 5:03 PM. New M-PESA "
          "balance is Ksh0.00. Transaction cost, Ksh7.00.  Amount you can transact within the day is 488,740.00. "
          "Download My OneApp on https://saf.cx/lPKcC")
APPROVED_NOTICE = f"Malipo yako ya M-Pesa {HELD} ya KES 3,000 yamekubaliwa na mweka hazina na sasa yamehesabiwa."


def held_payment(world):
    """Umoja with Wanjiku as treasurer; Amina forwards a confirmation that is held for the officers."""
    world.travel_to("2026-05-31 17:10")
    jane, otieno, amina, code = umoja(world)
    wanjiku = world.phone(WANJIKU)
    wanjiku.sms("REGISTER Wanjiku Njeri")
    wanjiku.sms(f"JOIN {code}")
    jane.sms(f"ROLE {WANJIKU} TREASURER")
    assert "Yanasubiri kukaguliwa" in amina.sms(FORGED)
    return jane, otieno, amina, wanjiku, code


def form(page: str, item: str) -> dict[str, str]:
    """The hidden fields of one card's form (`item` as in its id: claims-CODE, payouts-1 ...)."""
    card = page[page.index(f'id="item-{item}"'):]
    card = card[:card.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', card))


def press(client, code: str, item: str, answer: str = "approve", **more: str):  # type: ignore[no-untyped-def]
    """Press a card's button as the browser would post it; the answer page and its status."""
    page = client.get(f"/chamas/{code}/waiting").get_data(as_text=True)
    answer_page = client.post(f"/chamas/{code}/waiting", data={**form(page, item), "answer": answer, **more})
    return answer_page.status_code, answer_page.get_data(as_text=True)


def still_held(jane, code: str) -> bool:
    return f"{HELD} Amina KES 3,000, to check: APPROVE {HELD}" in jane.sms(f"PENDING {code}")


def test_the_treasurer_approves_a_held_payment_on_the_web_with_her_pin(world, browser):
    jane, _otieno, amina, wanjiku, code = held_payment(world)
    choose_pin(wanjiku, "4321")
    log_in(browser, world, wanjiku, f"/chamas/{code}/waiting")
    browser.wait_for("Held M-Pesa payment")
    assert f"Held M-Pesa payment {HELD}\nKES 3,000 from Amina Atieno\n" in browser.text
    assert "What looks wrong:\nthe charge is wrong for that amount" in browser.text   # plain words, no score
    assert "If nobody decides by 07/06/2026 17:10, it expires and does not count." in browser.text
    assert "%" not in browser.text
    browser.screenshot("waiting")
    browser.fill("pin", "4321").press("Approve")
    browser.wait_for("Chamabora's answer")
    assert f"Approved: KES 3,000 from Amina Atieno ({HELD}) is now counted." in browser.text
    assert "Nothing is waiting for you in Umoja." in browser.text
    world.settle()
    assert amina.last() == APPROVED_NOTICE
    assert re.search(rf"^\d\d/\d\d Wanjiku N\. approved payment {HELD}$", jane.sms("LOG"), re.M)


def pot_for(world, first: str):
    """Umoja with Otieno as treasurer and `first` first in the payout order; all three pay and cycle 1 closes."""
    world.travel_to("2027-01-04 09:00")
    jane, otieno, amina, code = umoja(world)
    jane.sms(f"ROLE {OTIENO} TREASURER")
    jane.sms("SET ORDER " + " ".join([first] + [p for p in (JANE, OTIENO, AMINA) if p != first]))
    for phone in (jane, otieno, amina):
        phone.sms("PAY 500")
    world.settle()
    world.travel_to("2027-02-08 09:00")
    world.fire("close-cycles")
    return jane, otieno, amina, code


def test_the_chair_approves_a_payout_on_the_web_and_nobody_approves_their_own(world, browser):
    jane, otieno, _amina, code = pot_for(world, OTIENO)
    treasurer = client_logs_in(world, otieno)
    status, page = press(treasurer, code, "payouts-1")
    assert status == 422   # refused by the engine: nothing changed
    assert "You cannot approve money to yourself: another treasurer or the chair must approve it." in page
    assert "Payout KES 1,500 to Otieno Ouma" in page   # still waiting
    log_in(browser, world, jane, f"/chamas/{code}/waiting")
    browser.wait_for("Payout KES 1,500 to Otieno Ouma")
    assert "Your USSD PIN" not in browser.text   # she has no PIN: nothing to confirm with
    browser.press("Approve")
    browser.wait_for("Chamabora's answer")
    assert "Approved. KES 1,500 is on its way to Otieno Ouma by M-Pesa." in browser.text
    assert "Nothing is waiting for you in Umoja." in browser.text
    world.settle()
    assert otieno.last().startswith("Umoja: your pot of KES 1,500 was sent to your M-Pesa")


@pytest.mark.world_settings(payout_second_signatory_cents=100_000)
def test_a_pot_above_the_threshold_needs_the_chairs_second_signature_on_the_web(world):
    jane, otieno, amina, code = pot_for(world, AMINA)
    status, page = press(client_logs_in(world, otieno), code, "payouts-1")
    assert status == 200 and "Approved. The payout now waits for the chair&#39;s approval." in page
    world.settle()
    assert amina.last().startswith("Umoja: cycle 1 closed") or "KES 1,500" not in amina.last()  # nothing sent yet
    chair = client_logs_in(world, jane)
    assert "Payout KES 1,500 to Amina Atieno" in chair.get(f"/chamas/{code}/waiting").get_data(as_text=True)
    status, page = press(chair, code, "payouts-1")
    assert status == 200 and "Approved. KES 1,500 is on its way to Amina Atieno by M-Pesa." in page
    world.settle()
    assert re.fullmatch(r"Umoja: mgao wako wa KES 1,500 umetumwa kwa M-Pesa yako \(\w{10}\)\. Tuma SALIO kuona "
                        r"salio lako\.", amina.last())


def test_a_wrong_pin_refuses_and_changes_nothing(world):
    jane, _otieno, amina, wanjiku, code = held_payment(world)
    choose_pin(wanjiku, "4321")
    told = amina.inbox()
    status, page = press(client_logs_in(world, wanjiku), code, f"claims-{HELD}", pin="1111")
    assert status == 403 and "Wrong PIN. Try again." in page
    assert f"KES 3,000 from Amina Atieno" in page and HELD in page   # still waiting for her
    world.settle()
    assert amina.inbox() == told and still_held(jane, code)


def test_a_secretary_pressing_approve_gets_the_engines_refusal(world):
    jane, otieno, amina, _wanjiku, code = held_payment(world)
    jane.sms(f"ROLE {OTIENO} SECRETARY")
    secretary = client_logs_in(world, otieno)
    page = secretary.get(f"/chamas/{code}/waiting").get_data(as_text=True)
    assert "Approving money is for the chair and the treasurers." in page and HELD not in page
    # the button he does not have, posted anyway with a fresh form key (and a token from a page with a form)
    token = csrf(secretary.get("/logout").get_data(as_text=True))
    answer = secretary.post(f"/chamas/{code}/waiting", data={
        "csrf_token": token, "key": "secretary-tries-1234", "kind": "claims", "ref": HELD, "answer": "approve"})
    assert answer.status_code == 422
    assert "Only the chair or treasurer can do that." in answer.get_data(as_text=True)
    told = amina.inbox()
    world.settle()
    assert amina.inbox() == told and still_held(jane, code)


def test_an_item_of_another_chama_is_refused_on_this_chamas_page(world):
    jane, _otieno, _amina, _wanjiku, code = held_payment(world)
    baraka = world.phone(BARAKA)
    baraka.sms("REGISTER Baraka Mwangi")
    harambee = re.search(r"code is (\w+)", baraka.sms("CREATE CHAMA Harambee 1000 MONTHLY")).group(1)
    jane.sms(f"JOIN {harambee}")
    baraka.sms(f"ROLE {JANE} TREASURER")
    other = "UEVLA60NS5"
    assert "held as pending" in baraka.sms(FORGED.replace(HELD, other))
    chair = client_logs_in(world, jane)
    page = chair.get(f"/chamas/{code}/waiting").get_data(as_text=True)
    fields = {**form(page, f"claims-{HELD}"), "ref": other, "answer": "approve"}
    answer = chair.post(f"/chamas/{code}/waiting", data=fields)
    assert answer.status_code == 404 and f"{other} is not waiting in Umoja. Nothing was changed." in \
        answer.get_data(as_text=True)
    unknown = chair.post(f"/chamas/{code}/waiting", data={**fields, "kind": "payouts", "ref": "999"})
    assert unknown.status_code == 404
    broken = chair.post(f"/chamas/{code}/waiting", data={**fields, "kind": "drop table", "ref": "1"})
    assert broken.status_code == 400 and "form was not complete" in broken.get_data(as_text=True)
    # Harambee's own page still shows it waiting, and Baraka was told nothing
    assert f"{other}</span>" in chair.get(f"/chamas/{harambee}/waiting").get_data(as_text=True)
    assert "approved" not in baraka.last()


def test_a_form_sent_twice_acts_once(world):
    _jane, _otieno, amina, wanjiku, code = held_payment(world)
    treasurer = client_logs_in(world, wanjiku)
    page = treasurer.get(f"/chamas/{code}/waiting").get_data(as_text=True)
    fields = {**form(page, f"claims-{HELD}"), "answer": "approve"}
    first = treasurer.post(f"/chamas/{code}/waiting", data=fields).get_data(as_text=True)
    again = treasurer.post(f"/chamas/{code}/waiting", data=fields).get_data(as_text=True)
    said = f"Approved: KES 3,000 from Amina Atieno ({HELD}) is now counted."
    assert said in first and said in again and "already decided" not in again
    world.settle()
    assert [m for m in amina.inbox() if HELD in m and "yamekubaliwa" in m] == [APPROVED_NOTICE]


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(world):
    jane, _otieno, amina, wanjiku, code = held_payment(world)
    treasurer = client_logs_in(world, wanjiku)
    page = treasurer.get(f"/chamas/{code}/waiting").get_data(as_text=True)
    fields = {k: v for k, v in form(page, f"claims-{HELD}").items() if k != "csrf_token"}
    answer = treasurer.post(f"/chamas/{code}/waiting", data={**fields, "answer": "approve"})
    assert answer.status_code == 400 and "This form has expired" in answer.get_data(as_text=True)
    told = amina.inbox()
    world.settle()
    assert amina.inbox() == told and still_held(jane, code)


def test_the_chair_votes_on_a_withdrawal_on_the_web_and_a_share_out_is_not_approved_by_who_proposed_it(world):
    jane, otieno, amina, code = savers(world)
    jane.sms("SET VOTE 1000")
    otieno.sms("WITHDRAW 1200")
    chair = client_logs_in(world, jane)
    page = chair.get(f"/chamas/{code}/waiting").get_data(as_text=True)
    assert "Otieno Ouma asks to withdraw KES 1,200 of their savings" in page
    status, page = press(chair, code, "vote-W-1", "approve")
    assert status == 200 and "Your vote on W1 is counted. The withdrawal was approved (1 yes, 0 no)." in page
    assert "Nothing is waiting for you in Umoja." in page
    world.settle()
    assert otieno.last().startswith("Umoja: KES 1,200 from your savings was sent to your M-Pesa")
    world.travel(days=1)   # the share-out counts savings to the end of yesterday
    jane.sms("SHARE OUT")
    status, page = press(chair, code, "shareouts-1")
    assert status == 200 and "You proposed share-out S1, so another officer approves it." in page
    status, page = press(client_logs_in(world, otieno), code, "shareouts-1", "reject")
    assert status == 200 and "Share-out S1 rejected. Nothing was paid." in page
