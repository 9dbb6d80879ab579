"""A member's own pages: each of their chamas at a glance (paid, owed, fines,
savings, loan, goals, whose turn), paying and saving from the web by the
same M-Pesa prompt as PAY and SAVE (with the USSD PIN when they have one),
the statement a page at a time and as CSV and PDF, in their language; another
chama's pages are refused and tell nothing."""
import re

from .browser import log_in
from .test_web_login import client_logs_in, csrf
from .umoja import choose_pin, umoja


def stk_pushes(world, after):  # type: ignore[no-untyped-def]
    return [m for m in world.outbox(after=after) if m.channel == "stk_push"]


def home_form(client):  # type: ignore[no-untyped-def]
    """The home page a logged-in client sees, and a fresh CSRF token and form key from it."""
    page = client.get("/").get_data(as_text=True)
    return page, csrf(page), re.search(r'name="key" value="([^"]+)"', page).group(1)


def test_a_member_sees_what_he_owes_pays_from_the_web_and_sees_it_paid(world, browser):
    jane, otieno, _amina, code = umoja(world)
    log_in(browser, world, otieno)
    browser.wait_for("My chamas")
    page = browser.text
    assert "Umoja" in page and code in page and "Your role: Member" in page
    assert "Contributions you owe\nKES 500" in page and "Fines you owe\nKES 0" in page
    assert "You owe KES 500 now." in page
    assert "Next pot: Jane Wanjiru, for the contributions due 04/02/2027." in page
    assert "Your turn: number 2 in line, for the contributions due 04/03/2027." in page
    assert "Your USSD PIN" not in page   # he has no USSD PIN
    browser.screenshot("member-home")

    world.mpesa.next(otieno, "success")
    before = world.newest_id()
    browser.fill("amount", "500").press("Pay by M-Pesa")
    browser.wait_for("An M-Pesa prompt for KES 500 to Umoja is coming to your phone.")
    world.settle()
    assert len(stk_pushes(world, before)) == 1
    assert any("500" in m and "Umoja" in m for m in otieno.unread("sms"))   # M-Pesa's receipt, by SMS

    browser.open("/")
    browser.wait_for("You owe nothing now.")
    assert "Paid this cycle\nKES 500" in browser.text
    browser.press("My statement")
    browser.wait_for("My statement")
    assert re.search(r"\d\d/\d\d/2027 Paid 500\.00", browser.text), browser.text
    browser.screenshot("member-statement")


def test_the_statement_downloads_as_csv_and_pdf(world):
    _jane, otieno, _amina, code = umoja(world)
    otieno.sms(f"PAY 500 {code}")
    client = client_logs_in(world, otieno)
    sheet = client.get(f"/my/{code}/statement.csv")
    assert sheet.status_code == 200 and sheet.mimetype == "text/csv"
    assert sheet.headers["Content-Disposition"].startswith(f'attachment; filename="statement-{code}-')
    rows = sheet.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert rows[0] == "Date,Entry,Amount (KES),Note"
    assert any(re.fullmatch(r"\d\d/\d\d/2027,Paid,500\.00,", row) for row in rows[1:]), rows
    printed = client.get(f"/my/{code}/statement.pdf")
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    assert printed.get_data().startswith(b"%PDF")


def test_the_statement_pages_twenty_lines_newest_first(world, browser):
    jane, *_rest, code = umoja(world)
    for _ in range(20):   # twenty payments and her first cycle's contribution: 21 lines
        jane.sms(f"PAY 500 {code}")
    log_in(browser, world, jane, f"/my/{code}/statement")
    browser.wait_for("My statement")
    first = browser.text
    assert first.count("Paid 500.00") == 20 and "Due 500.00" not in first and "Previous" not in first
    browser.press("Next")
    browser.wait_for("Previous")
    older = browser.text
    assert "Due 500.00" in older and "Paid 500.00" not in older and "Next" not in older.split("Previous")[1]
    browser.press("Previous")
    browser.wait_for("Next")
    assert browser.text.count("Paid 500.00") == 20


def test_a_member_with_a_pin_is_refused_a_wrong_one_and_nothing_is_charged(world, browser):
    _jane, otieno, _amina, code = umoja(world)
    choose_pin(otieno, "4321")
    log_in(browser, world, otieno)
    browser.wait_for("Your USSD PIN")
    before = world.newest_id()
    browser.fill("amount", "500").fill("pin", "1111").press("Pay by M-Pesa")
    browser.wait_for("Wrong PIN. Try again.")
    world.settle()
    assert stk_pushes(world, before) == []
    assert "You owe KES 500 now." in browser.text
    browser.screenshot("member-wrong-pin")
    world.mpesa.next(otieno, "success")
    browser.fill("amount", "500").fill("pin", "4321").press("Pay by M-Pesa")
    browser.wait_for("An M-Pesa prompt for KES 500 to Umoja is coming to your phone.")
    world.settle()
    assert len(stk_pushes(world, before)) == 1


def test_another_chamas_pages_and_forms_are_refused_and_tell_nothing(world, browser):
    _jane, otieno, _amina, code = umoja(world)
    baraka = world.phone("+254712000009")
    baraka.sms("REGISTER Baraka Mwangi")
    other = re.search(r"code is (\w+)", baraka.sms("CREATE CHAMA Amani Group 300 WEEKLY")).group(1)
    baraka.sms(f"PAY 300 {other}")
    log_in(browser, world, otieno, f"/my/{other}/statement")
    browser.wait_for("You can see only the chamas you belong to.")
    assert "Amani" not in browser.text and "300" not in browser.text
    browser.open("/my/NOSUCH/statement")
    browser.wait_for("You can see only the chamas you belong to.")
    browser.screenshot("member-refused")

    world.travel(minutes=2)   # a second login code is sent a minute after the first at the soonest
    client = client_logs_in(world, otieno)
    for path in (f"/my/{other}/statement.csv", f"/my/{other}/statement.pdf", f"/my/{other}/statement?page=2"):
        refused = client.get(path)
        assert refused.status_code == 403 and "Amani" not in refused.get_data(as_text=True)
    _page, token, key = home_form(client)
    before = world.newest_id()
    paid = client.post(f"/my/{other}/pay", data={"amount": "300", "csrf_token": token, "key": key})
    assert paid.status_code == 403
    world.settle()
    assert stk_pushes(world, before) == []
    assert client.post(f"/my/{code}/steal", data={"amount": "1", "csrf_token": token, "key": key}).status_code == 404


def test_bad_amounts_get_a_clear_answer_and_charge_nothing(world):
    _jane, otieno, _amina, code = umoja(world)
    client = client_logs_in(world, otieno)
    before = world.newest_id()
    for amount, status, words in (("five hundred", 400, "Write the amount in whole shillings, like 500."),
                                  ("500 UMOJA", 400, "Write the amount in whole shillings, like 500."),
                                  ("", 400, "Write the amount in whole shillings, like 500."),
                                  ("300000", 422, "That amount is not valid. Send a whole amount in shillings")):
        _page, token, key = home_form(client)
        answer = client.post(f"/my/{code}/pay", data={"amount": amount, "csrf_token": token, "key": key})
        assert answer.status_code == status and words in answer.get_data(as_text=True), (amount, answer.status_code)
    _page, token, key = home_form(client)
    zero = client.post(f"/my/{code}/pay", data={"amount": "0", "csrf_token": token, "key": key})
    assert zero.status_code == 422 and 'class="error"' in zero.get_data(as_text=True)   # the engine refused it: shown as an error
    unknown_goal = client.post(f"/my/{code}/save", data={"amount": "100", "goal": "Holiday", "csrf_token": token,
                                                         "key": key})
    assert unknown_goal.status_code == 400 and "Choose one of your goals" in unknown_goal.get_data(as_text=True)
    forged = client.post(f"/my/{code}/pay", data={"amount": "500", "key": key})
    assert forged.status_code == 400
    world.settle()
    assert stk_pushes(world, before) == []


def test_a_double_submitted_form_prompts_once(world):
    _jane, otieno, _amina, code = umoja(world)
    client = client_logs_in(world, otieno)
    _page, token, key = home_form(client)
    before = world.newest_id()
    for _ in range(2):
        answer = client.post(f"/my/{code}/pay", data={"amount": "500", "csrf_token": token, "key": key})
        assert "An M-Pesa prompt for KES 500 to Umoja" in answer.get_data(as_text=True)
    world.settle()
    assert len(stk_pushes(world, before)) == 1


def test_a_member_of_two_chamas_saves_towards_a_goal_in_one_of_them(world, browser):
    jane, _otieno, _amina, code = umoja(world)
    jane.sms("GOAL School fees 20000 BY 31/12/2027")
    jane.sms("CREATE CHAMA Amani Group 300 WEEKLY")
    log_in(browser, world, jane)
    browser.wait_for("Amani Group")
    assert "School fees: KES 0 of KES 20,000 (0%)" in browser.text
    world.mpesa.next(jane, "success")
    form = f"#chama-{code} form[action$='/save']"
    browser.driver.find_element("css selector", f"{form} input[name=amount]").send_keys("2000")
    browser.driver.find_element("css selector", f"{form} select[name=goal] option[value='School fees']").click()
    browser.driver.find_element("css selector", f"{form} button").click()
    browser.wait_for("An M-Pesa prompt for KES 2,000 to your savings is coming.")
    world.settle()
    browser.open("/")
    browser.wait_for("School fees: KES 2,000 of KES 20,000 (10%)")
    assert "Savings\nKES 2,000" in browser.text


def test_a_swahili_member_reads_her_page_in_swahili_and_can_switch(world, browser):
    _jane, _otieno, amina, code = umoja(world)
    log_in(browser, world, amina)
    browser.wait_for("Vyama vyangu")
    assert "Unadaiwa KES 500 sasa." in browser.text
    browser.screenshot("member-home-sw")
    browser.open("/?lang=en")
    browser.wait_for("You owe KES 500 now.")


def test_a_member_of_two_chamas_names_the_chama_when_saving_or_repaying_by_sms_as_the_web_does(world):
    jane, _otieno, _amina, code = umoja(world)
    jane.sms("GOAL School fees 20000 BY 31/12/2027")
    jane.sms("CREATE CHAMA Amani Group 300 WEEKLY")
    assert "add the chama's code" in jane.sms("SAVE 500")
    assert jane.sms(f"SAVE 500 {code}").startswith("An M-Pesa prompt for KES 500 to your savings is coming.")
    assert jane.sms(f"SAVE 500 School fees {code.lower()}").startswith("An M-Pesa prompt for KES 500")
    assert jane.sms(f"REPAY 500 {code}").startswith("Umoja is on a plan without this.")   # Umoja's plan, asked
