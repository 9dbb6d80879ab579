"""The officers' board on the web: Jane, Umoja's chair, opens `/chamas/<CODE>`
and sees every member and who has paid once Otieno pays by M-Pesa; she
filters, searches and sorts it, changes a rule (members are told by SMS as
when she texts it), reads the books and downloads the board (CSV) and the
month's report (PDF). A member who is not an officer, and anyone asking
for another chama's pages, is refused and nothing changes."""
import re
import zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from .browser import log_in
from .test_web_login import client_logs_in, csrf
from .umoja import AMINA, umoja

TABS = ("", "/rows", "/rules", "/books", "/reports", "/board.csv", "/report.pdf")


def otieno_pays(world, otieno):  # type: ignore[no-untyped-def]
    world.mpesa.next(otieno, "success")
    assert otieno.sms("PAY 500").startswith("An M-Pesa prompt for KES 500 to Umoja is coming")
    world.settle()
    assert otieno.last().startswith("Received KES 500 for Umoja")


def board_names(page: str) -> list[str]:
    return re.findall(r'<th scope="row">([^<]+)</th>', page)


def pdf_text(body: bytes) -> str:
    """The words a PDF reader shows, from its (compressed) page streams."""
    words = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            words.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            words.append(stream.decode("latin-1"))
    shown = "".join(re.findall(r"\(((?:\\.|[^\\)])*)\)\s*Tj", "\n".join(words)))
    return re.sub(r"\\(.)", r"\1", shown)


def test_the_chair_sees_every_member_and_who_has_paid_and_finds_them(world, browser):
    jane, otieno, _amina, code = umoja(world)
    otieno_pays(world, otieno)
    log_in(browser, world, jane, f"/chamas/{code}")
    browser.wait_for("1 of 3 members have paid")
    assert "Jane Wanjiru" in browser.text and "Amina Atieno" in browser.text and "Otieno Ouma" in browser.text
    rows = [r.text for r in browser.driver.find_elements(By.CSS_SELECTOR, "#board-rows tbody tr")]
    assert rows[-1].startswith("Otieno Ouma 500 0 0 0")   # paid, after those who owe (a phone screen hides the number)
    assert rows[0].startswith("Jane Wanjiru") and " 500 0 0" in rows[0]
    browser.screenshot("board")
    # who owes: the table alone changes (htmx), the address keeps the choice
    Select(browser.driver.find_element(By.NAME, "filter")).select_by_visible_text("Who owes")
    browser.wait_for("2 of 3 members match.")
    assert "Otieno Ouma" not in browser.driver.find_element(By.ID, "board-rows").text
    assert "filter=owing" in browser.path
    browser.fill("q", "0712000003").press("Find")
    browser.wait_for("1 of 3 members match.")
    assert "Amina Atieno" in browser.driver.find_element(By.ID, "board-rows").text
    browser.open(f"/chamas/{code}?filter=paid&q=otieno")
    browser.wait_for("1 of 3 members match.")
    assert "Otieno Ouma" in browser.driver.find_element(By.ID, "board-rows").text


def test_the_board_sorts_pages_and_refuses_a_bad_question(world):
    jane, otieno, _amina, code = umoja(world)
    otieno_pays(world, otieno)
    client = client_logs_in(world, jane)
    assert board_names(client.get(f"/chamas/{code}?sort=name").get_data(as_text=True)) == [
        "Amina Atieno", "Jane Wanjiru", "Otieno Ouma"]
    assert board_names(client.get(f"/chamas/{code}?sort=paid").get_data(as_text=True))[0] == "Otieno Ouma"
    assert board_names(client.get(f"/chamas/{code}").get_data(as_text=True)) == [
        "Jane Wanjiru", "Amina Atieno", "Otieno Ouma"]   # who owes first, as MEMBERS lists them
    fragment = client.get(f"/chamas/{code}/rows?filter=paid").get_data(as_text=True)
    assert board_names(fragment) == ["Otieno Ouma"] and "<html" not in fragment
    assert board_names(client.get(f"/chamas/{code}?q=Wanjiru").get_data(as_text=True)) == ["Jane Wanjiru"]
    assert "No member matches." in client.get(f"/chamas/{code}?q=nobody").get_data(as_text=True)
    past_the_end = client.get(f"/chamas/{code}?page=7").get_data(as_text=True)
    assert len(board_names(past_the_end)) == 3   # the last page
    for bad in ("filter=rich", "sort=age", "page=0", "page=two", "q=" + "x" * 61):
        answer = client.get(f"/chamas/{code}?{bad}")
        assert answer.status_code == 400 and "Something was wrong with that form" in answer.get_data(as_text=True)


def test_the_board_pages_fifty_members_at_a_time(world):
    jane, _otieno, _amina, code = umoja(world)
    for n in range(1, 51):
        friend = world.phone("+2547130001%02d" % n)
        friend.sms(f"REGISTER Friend{n:02d} Kamau")
        friend.sms(f"JOIN {code}")
    client = client_logs_in(world, jane)
    first = client.get(f"/chamas/{code}?sort=name").get_data(as_text=True)
    assert len(board_names(first)) == 50 and "Page 1 of 2" in first and "Next" in first
    second = client.get(f"/chamas/{code}?sort=name&page=2").get_data(as_text=True)
    assert board_names(second) == ["Friend50 Kamau", "Jane Wanjiru", "Otieno Ouma"] and "Previous" in second


def test_the_chair_changes_a_rule_on_the_web_and_every_member_is_told(world, browser):
    jane, otieno, amina, code = umoja(world)
    otieno_pays(world, otieno)   # the first cycle runs: a change waits for the next one
    log_in(browser, world, jane, f"/chamas/{code}/rules")
    browser.wait_for("The rules now")
    assert "contribution KES 500 monthly" in browser.text and "no fines" in browser.text
    Select(browser.driver.find_element(By.NAME, "rule")).select_by_visible_text("Fine for paying late")
    browser.fill("value", "100").press("Change the rule")
    browser.wait_for("Done. From 05/02/2027: fine KES 100 per late cycle. Every member has been told.")
    assert "from 05/02/2027: fine KES 100 per late cycle" in browser.text   # waiting for the next cycle
    assert otieno.last() == ("Umoja: from 05/02/2027 fine KES 100 per late cycle. Changed by Jane Wanjiru; "
                             "RULES shows all.")
    assert amina.last().startswith("Umoja: kuanzia 05/02/2027 faini")
    assert otieno.sms("RULES 5") == "Umoja rules 5/5: from 05/02/2027: fine KES 100 per late cycle."
    browser.open(f"/chamas/{code}/books")
    browser.wait_for("Jane W. changed the rules")


def test_an_officer_who_may_not_change_a_rule_gets_the_engines_refusal(world):
    jane, otieno, amina, code = umoja(world)
    jane.sms(f"ROLE {AMINA} TREASURER")
    client = client_logs_in(world, amina)   # Amina reads Swahili
    page = client.get(f"/chamas/{code}/rules").get_data(as_text=True)
    before = world.newest_id()
    answer = client.post(f"/chamas/{code}/rules", data={"rule": "contribution", "value": "1000",
                                                       "csrf_token": csrf(page), "key": "k" * 20})
    assert answer.status_code == 200
    assert "Ni mwenyekiti wa Umoja (Jane Wanjiru) pekee anayeweza kufanya hivyo." in answer.get_data(as_text=True)
    assert world.outbox(after=before) == [] and "mchango KES 500" in amina.sms("SHERIA")
    # the treasurer may change the fine, as by SMS
    answer = client.post(f"/chamas/{code}/rules", data={"rule": "fine", "value": "5%",
                                                       "csrf_token": csrf(page), "key": "m" * 20})
    assert "Imefanyika" in answer.get_data(as_text=True)
    assert otieno.last() == "Umoja: fine 5% of what is unpaid from now. Changed by Amina Atieno; RULES shows all."
    told = len(otieno.inbox("sms"))
    again = client.post(f"/chamas/{code}/rules", data={"rule": "fine", "value": "5%",
                                                      "csrf_token": csrf(page), "key": "m" * 20})
    assert "Imefanyika" in again.get_data(as_text=True)   # the same form sent twice acts once
    world.settle()
    assert len(otieno.inbox("sms")) == told
    # a value that is no rule's: refused on the page, nothing sent
    before = world.newest_id()
    for form in ({"rule": "fine", "value": "100; SEND ALL"}, {"rule": "treasury", "value": "100"},
                 {"rule": "fine", "value": ""}):
        answer = client.post(f"/chamas/{code}/rules", data={**form, "csrf_token": csrf(page), "key": "n" * 20})
        assert answer.status_code == 400
    assert world.outbox(after=before) == []


def test_the_books_show_the_payment_with_its_postings(world, browser):
    jane, otieno, _amina, code = umoja(world)
    otieno_pays(world, otieno)
    log_in(browser, world, jane, f"/chamas/{code}/books")
    browser.wait_for("Journal")
    journal = browser.driver.find_element(By.CSS_SELECTOR, "table.journal").text
    assert "Payment" in journal and "Otieno Ouma" in journal and "Cash" in journal and "500" in journal
    assert "Contribution due" in browser.text
    assert "No decisions yet." in browser.text


def test_the_chair_downloads_the_board_and_the_months_report(world, browser):
    jane, otieno, _amina, code = umoja(world)
    otieno_pays(world, otieno)
    log_in(browser, world, jane, f"/chamas/{code}/reports")
    browser.wait_for("Collections per cycle against what was expected")
    assert browser.driver.find_element(By.CSS_SELECTOR, "svg.chart title").get_attribute("textContent") == (
        "Collections per cycle against what was expected")
    assert "No member owes on a loan." in browser.text
    browser.screenshot("reports")
    world.travel(minutes=2)   # a new login code is sent at most once a minute
    client = client_logs_in(world, jane)
    sheet = client.get(f"/chamas/{code}/board.csv")
    assert sheet.mimetype == "text/csv" and "attachment" in sheet.headers["Content-Disposition"]
    lines = sheet.get_data(as_text=True).splitlines()
    assert lines[0] == "Name,Phone,Paid this cycle (KES),Owes now (KES),Fines (KES),Paid ahead (KES)"
    assert "Otieno Ouma,+254712000002,500,0,0,0" in lines and "Jane Wanjiru,+254712000001,0,500,0,0" in lines
    owing = client.get(f"/chamas/{code}/board.csv?filter=owing").get_data(as_text=True)
    assert "Otieno" not in owing and "Amina Atieno" in owing
    month = re.search(r'name="month" type="month" value="(\d{4}-\d\d)"', client.get(
        f"/chamas/{code}/reports").get_data(as_text=True)).group(1)
    report = client.get(f"/chamas/{code}/report.pdf?month={month}")
    assert report.mimetype == "application/pdf" and report.data.startswith(b"%PDF")
    words = pdf_text(report.data)
    assert f"Umoja ({code}): report for" in words and "Payment" in words and "500" in words
    assert "Who owes now (2 of 3 members)" in words and "Jane Wanjiru" in words
    for bad in ("2027-13", "27-01", "January"):
        answer = client.get(f"/chamas/{code}/report.pdf?month={bad}")
        assert answer.status_code == 400 and answer.mimetype == "text/html"


def test_a_member_who_is_not_an_officer_is_refused_every_tab(world):
    jane, otieno, _amina, code = umoja(world)
    client = client_logs_in(world, otieno)
    for tab in TABS:
        answer = client.get(f"/chamas/{code}{tab}")
        assert answer.status_code == 403, tab
        assert "treasurer and secretary can open this page." in answer.get_data(as_text=True)
    page = client.get("/logout").get_data(as_text=True)   # any page with a form gives its token
    before = world.newest_id()
    answer = client.post(f"/chamas/{code}/rules", data={"rule": "fine", "value": "100", "csrf_token": csrf(page),
                                                       "key": "o" * 20})
    assert answer.status_code == 403 and world.outbox(after=before) == []
    assert "no fines" in jane.sms("RULES 2")
    stranger = world.app.test_client().get(f"/chamas/{code}")
    assert stranger.status_code == 302 and stranger.headers["Location"].startswith("/login")


def test_another_chamas_code_is_refused_and_changes_nothing(world):
    jane, *_ = umoja(world)
    peter = world.phone("+254722000009")
    peter.sms("REGISTER Peter Kamau")
    imara = re.search(r"code is (\w+)", peter.sms("CREATE CHAMA Imara 1000 WEEKLY")).group(1)
    client = client_logs_in(world, jane)
    for tab in TABS:
        assert client.get(f"/chamas/{imara}{tab}").status_code == 403, tab
    assert client.get("/chamas/NOSUCH").status_code == 403   # the same answer whether it exists or not
    page = client.get("/logout").get_data(as_text=True)   # any page with a form gives its token
    before = world.newest_id()
    answer = client.post(f"/chamas/{imara}/rules", data={"rule": "fine", "value": "100", "csrf_token": csrf(page),
                                                        "key": "p" * 20})
    assert answer.status_code == 403 and world.outbox(after=before) == []
    assert "no fines" in peter.sms("RULES 2")


def test_the_board_speaks_swahili(world, browser):
    jane, otieno, _amina, code = umoja(world)
    otieno_pays(world, otieno)
    log_in(browser, world, jane, f"/chamas/{code}?lang=sw")
    browser.wait_for("1 kati ya 3 wamelipa")
    assert "Otieno Ouma" in browser.text and "Wanaodaiwa" in browser.text
    browser.open(f"/chamas/{code}/rules")
    browser.wait_for("mchango KES 500 kila mwezi")
    browser.open(f"/chamas/{code}/books")
    browser.wait_for("Malipo")
    browser.open(f"/chamas/{code}/reports")
    browser.wait_for("Michango kwa kila mzunguko")
