"""The operators' admin at /admin: an operator made on the command line logs
in with a name and password, finds members and chamas, reads the outbox
without anyone's login code, and corrects a payment typed wrong with a
reversing entry and a reason, which the books and the audit log show.
Wrong passwords are counted and lock the account; a member's session, a
form without its CSRF token and a logged-out operator all get nowhere."""
import re

import pytest
from selenium.webdriver.common.by import By

from chamabora.config.ops import DEFAULT_LIMITS, OpsSettings

from .browser import Browser
from .test_web_login import client_asks_code, client_logs_in, csrf
from .umoja import books, umoja

PASSWORD = "mango-tree-by-the-river"
NAME = "wanjiku"


def add_operator(world, name=NAME, password=PASSWORD):  # type: ignore[no-untyped-def]
    output = world.cli("chama", "operator", "add", name, input=f"{password}\n{password}\n")
    assert f"operator {name} added" in output, output
    return name


def operator_logs_in(browser: Browser, name=NAME, password=PASSWORD) -> None:
    browser.open("/admin/login").fill("username", name).fill("password", password).press("Log in to the admin")


def client_operator(world, name=NAME, password=PASSWORD):  # type: ignore[no-untyped-def]
    """A second browser (the test client) logged in as the operator."""
    client = world.app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    answer = client.post("/admin/login", data={"username": name, "password": password, "csrf_token": csrf(page)})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client


def typo_payment(world, code):  # type: ignore[no-untyped-def]
    """The operator records Otieno's KES 500 by hand and types 5000."""
    assert "recorded KES 5,000" in world.cli("chama", "pay", code, "0712000002", "5000", "--ref", "RECEIPT-TYPO")


def payment_entry_id(page_text: str) -> str:
    return re.search(r"^(\d+) \S+ \S+ payment ", page_text, re.M).group(1)


def test_an_operator_finds_people_reads_the_outbox_and_reverses_a_wrong_payment(world, browser):
    _jane, otieno, _amina, code = umoja(world)
    typo_payment(world, code)
    assert books(world, code, "cash") == "5000.00"
    client_asks_code(world, otieno.number)      # Otieno asks for a web login code: it sits in the outbox
    login_code = re.search(r"code is (\d{6})", otieno.last("sms")).group(1)
    add_operator(world)

    browser.open("/admin")
    assert browser.path.startswith("/admin/login")
    operator_logs_in(browser)
    browser.wait_for("Money is never edited here")

    browser.press("Members").fill("q", "otieno").press("Search")
    browser.wait_for("Otieno Ouma")
    assert "+2547****0002" in browser.text and "+254712000002" not in browser.text
    assert "Umoja" in browser.text and "Jane Wanjiru" not in browser.text
    browser.press("Otieno Ouma")
    browser.wait_for("+254712000002")       # his own page shows the whole number

    browser.press("Chamas").fill("q", code.lower()).press("Search")
    browser.wait_for("Umoja")
    assert re.search(rf"Umoja {code} 3 ", browser.text), browser.text

    browser.press("Outbox")
    browser.wait_for("Login and app codes in replies are hidden.")
    assert "Your Chamabora login code is ••••••. It expires in 5 minutes." in browser.text
    assert login_code not in browser.text

    browser.press("Chamas").press("Umoja")
    browser.wait_for("Journal")
    entry = payment_entry_id(browser.text)
    browser.press(f"Open entry {entry}")
    browser.wait_for("Reverse this entry")
    browser.fill("reason", "typed 5000 for Otieno's 500 (receipt RECEIPT-TYPO)")
    browser.driver.find_element(By.NAME, "confirm").click()
    browser.screenshot("admin")
    browser.press("Reverse this entry")
    browser.wait_for("The reason is in the audit log.")
    reversal = re.search(r"Reversed by entry (\d+)\.", browser.text).group(1)
    assert "Why (kept in the audit log)" not in browser.text   # nothing left to reverse

    assert books(world, code, "cash") == "0.00"
    statement = world.cli("chama", "statement", code, otieno.number)
    assert "reversal" in statement and "Correction: typed 5000 for Otieno's 500" in statement

    browser.press("Audit log").fill("q", "admin.reversal").press("Search")
    browser.wait_for("admin.reversal")
    assert f'"reversal_id": {reversal}' in browser.text and '"operator": "wanjiku"' in browser.text
    assert "typed 5000 for Otieno's 500" in browser.text


def test_wrong_passwords_are_refused_and_counted_and_the_fifth_locks_the_account(world):
    add_operator(world)
    client = world.app.test_client()
    token = csrf(client.get("/admin/login").get_data(as_text=True))
    for _ in range(4):
        wrong = client.post("/admin/login", data={"username": NAME, "password": "not-the-password", "csrf_token": token})
        assert wrong.status_code == 400 and "Wrong name or password." in wrong.get_data(as_text=True)
    assert "wrong passwords 4" in world.cli("chama", "operator", "list")
    fifth = client.post("/admin/login", data={"username": NAME, "password": "still-not-it", "csrf_token": token})
    assert fifth.status_code == 423 and "This account is locked until" in fifth.get_data(as_text=True)
    right = client.post("/admin/login", data={"username": NAME, "password": PASSWORD, "csrf_token": token})
    assert right.status_code == 423 and "locked" in right.get_data(as_text=True)   # even the right one, for now
    assert client.get("/admin").headers["Location"].startswith("/admin/login")
    assert re.search(r"wanjiku\s+locked until", world.cli("chama", "operator", "list"))
    nobody = client.post("/admin/login", data={"username": "nobody", "password": PASSWORD, "csrf_token": token})
    assert nobody.status_code == 400 and "Wrong name or password." in nobody.get_data(as_text=True)

    world.travel(minutes=16)
    assert client_operator(world).get("/admin/chamas").status_code == 200
    assert "wrong passwords 0" in world.cli("chama", "operator", "list")


@pytest.mark.world_settings(ops=OpsSettings(limits={**DEFAULT_LIMITS, "operator_login": "3/15minutes"}))
def test_password_tries_are_rate_limited_even_for_a_name_that_does_not_exist(world):
    client = world.app.test_client()
    token = csrf(client.get("/admin/login").get_data(as_text=True))
    answers = [client.post("/admin/login", data={"username": "guess", "password": f"guess-{n}", "csrf_token": token})
               for n in range(4)]
    assert [a.status_code for a in answers] == [400, 400, 400, 429]
    assert "Too many tries. Wait a while, then try again." in answers[-1].get_data(as_text=True)


def test_the_operator_cli_refuses_short_or_mismatched_passwords_and_disables_accounts(world):
    short = world.cli("chama", "operator", "add", "kamau", input="short\nshort\n")
    assert "at least 12 characters" in short
    mismatched = world.cli("chama", "operator", "add", "kamau", input=f"{PASSWORD}\nanother-password-1\n"
                                                                      f"{PASSWORD}\n{PASSWORD}\n")
    assert "operator kamau added" in mismatched     # the prompt asked again after the mismatch
    assert "exists already" in world.cli("chama", "operator", "add", "kamau", input=f"{PASSWORD}\n{PASSWORD}\n")
    client = client_operator(world, "kamau")
    assert client.get("/admin/members").status_code == 200
    assert "1 open sessions ended" in world.cli("chama", "operator", "disable", "kamau")
    assert client.get("/admin/members").headers["Location"].startswith("/admin/login")
    page = client.get("/admin/login").get_data(as_text=True)
    again = client.post("/admin/login", data={"username": "kamau", "password": PASSWORD, "csrf_token": csrf(page)})
    assert again.status_code == 400
    assert re.search(r"kamau\s+disabled", world.cli("chama", "operator", "list"))


def test_a_members_session_never_opens_the_admin(world):
    jane, *_ = umoja(world)
    member = client_logs_in(world, jane)
    assert "My chamas" in member.get("/").get_data(as_text=True)
    refused = member.get("/admin/members")
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/admin/login")
    # her session's token offered as an operator's cookie is no key either
    member.set_cookie("cb_admin", member.get_cookie("cb_session").value, path="/admin")
    assert member.get("/admin/members").headers["Location"].startswith("/admin/login")


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(world):
    _jane, _otieno, _amina, code = umoja(world)
    typo_payment(world, code)
    add_operator(world)
    anonymous = world.app.test_client().post("/admin/login", data={"username": NAME, "password": PASSWORD})
    assert anonymous.status_code == 400 and "This form has expired" in anonymous.get_data(as_text=True)
    client = client_operator(world)
    entry = payment_entry_id(_text(client.get(f"/admin/chamas/{code}")))
    forged = client.post(f"/admin/entries/{entry}/reverse", data={"reason": "no token", "confirm": "yes"})
    assert forged.status_code == 400 and "This form has expired" in forged.get_data(as_text=True)
    assert books(world, code, "cash") == "5000.00"
    assert "admin.reversal" not in _text(client.get("/admin/audit"))


def test_refused_reversals_say_why_and_change_nothing(world):
    _jane, _otieno, _amina, code = umoja(world)
    typo_payment(world, code)
    add_operator(world)
    client = client_operator(world)
    entry = payment_entry_id(_text(client.get(f"/admin/chamas/{code}")))
    token = csrf(client.get(f"/admin/entries/{entry}").get_data(as_text=True))

    unconfirmed = client.post(f"/admin/entries/{entry}/reverse", data={"reason": "typo", "csrf_token": token})
    assert unconfirmed.status_code == 400 and "Tick the box to confirm the reversal." in _text(unconfirmed)
    no_reason = client.post(f"/admin/entries/{entry}/reverse", data={"reason": " ", "confirm": "yes",
                                                                     "csrf_token": token})
    assert no_reason.status_code == 400 and "Write why this entry is reversed." in _text(no_reason)
    assert books(world, code, "cash") == "5000.00"

    done = client.post(f"/admin/entries/{entry}/reverse", data={"reason": "typo", "confirm": "yes",
                                                                "csrf_token": token})
    assert done.status_code == 302
    reversal = re.search(r"reversed=(\d+)", done.headers["Location"]).group(1)
    twice = client.post(f"/admin/entries/{entry}/reverse", data={"reason": "typo", "confirm": "yes",
                                                                 "csrf_token": token})
    assert twice.status_code == 409 and f"This entry was reversed already, by entry {reversal}." in _text(twice)
    back = client.post(f"/admin/entries/{reversal}/reverse", data={"reason": "undo", "confirm": "yes",
                                                                   "csrf_token": token})
    assert back.status_code == 409 and "This entry is itself a reversal" in _text(back)
    levy = re.search(r"^(\d+) \S+ \S+ levy ", _text(client.get(f"/admin/chamas/{code}?q=levy")), re.M).group(1)
    refused = client.post(f"/admin/entries/{levy}/reverse", data={"reason": "the dues are wrong", "confirm": "yes",
                                                                  "csrf_token": token})
    assert refused.status_code == 409 and "Only a payment can be reversed here." in _text(refused)
    missing = client.get("/admin/entries/999999")
    assert missing.status_code == 404 and "Nothing here by that name or number." in _text(missing)
    assert client.get("/admin/chamas/NOSUCH").status_code == 404
    assert books(world, code, "cash") == "0.00"
    assert _text(client.get("/admin/audit?q=admin.reversal")).count("admin.reversal") == 1


def test_the_operator_logs_out_and_the_old_cookie_opens_nothing(world):
    add_operator(world)
    client = client_operator(world)
    page = client.get("/admin/schedule").get_data(as_text=True)
    assert "close-cycles" in page and "Next firing" in page
    token = client.get_cookie("cb_admin", path="/admin").value
    out = client.post("/admin/logout", data={"csrf_token": csrf(page)})
    assert out.status_code == 302 and out.headers["Location"].startswith("/admin/login")
    assert client.get("/admin").headers["Location"].startswith("/admin/login")
    stolen = world.app.test_client()
    stolen.set_cookie("cb_admin", token, path="/admin")
    assert stolen.get("/admin/audit").headers["Location"].startswith("/admin/login")


def _text(response) -> str:  # type: ignore[no-untyped-def]
    """The page as a person reads it: tags gone, spaces squeezed, one row per line."""
    html = response.get_data(as_text=True)
    html = re.sub(r"</tr>|<br>|</p>|</h\d>", "\n", html)
    return "\n".join(" ".join(re.sub(r"<[^>]+>", " ", line).split()) for line in html.splitlines())
