"""Logging in on the web with the phone: the code comes by SMS, wrong,
spent and expired codes are refused in the member's words, a new browser
is told to the member, and "log out everywhere" ends every browser."""
import logging
import re

import pytest

from chamabora.config.ops import DEFAULT_LIMITS, OpsSettings

from .browser import code_from, log_in
from .umoja import umoja


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def client_asks_code(world, phone_number):  # type: ignore[no-untyped-def]
    client = world.app.test_client()
    page = client.get("/login").get_data(as_text=True)
    answer = client.post("/login", data={"phone": phone_number, "csrf_token": csrf(page)})
    world.settle()
    return client, answer.get_data(as_text=True)


def client_logs_in(world, phone):  # type: ignore[no-untyped-def]
    client, page = client_asks_code(world, phone.number)
    answer = client.post("/login/code", data={"phone": phone.number, "code": code_from(phone),
                                              "csrf_token": csrf(page), "next": "/"})
    world.settle()
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client


def test_a_chair_logs_in_with_the_code_texted_to_her_phone(world, browser):
    jane, _otieno, _amina, code = umoja(world)
    browser.open("/")
    assert browser.path.startswith("/login")
    browser.screenshot("login")
    log_in(browser, world, jane)
    browser.wait_for("My chamas")
    assert "Umoja" in browser.text and code in browser.text
    assert "Open the board" in browser.text   # she is the chair
    assert "login code is" in jane.inbox("sms")[-2] and "New Chamabora web login on Chrome, Linux" in jane.last("sms")


def test_a_second_login_from_the_same_browser_is_not_announced_again(world, browser):
    jane, *_ = umoja(world)
    log_in(browser, world, jane)
    browser.wait_for("My chamas")
    browser.open("/logout").press("Log out of this browser")
    browser.wait_for("Send me a code")
    world.travel(minutes=2)   # a new code is sent at most once a minute
    log_in(browser, world, jane)
    browser.wait_for("My chamas")
    notices = [m for m in jane.inbox("sms") if "New Chamabora web login" in m]
    assert len(notices) == 1


def test_wrong_spent_and_expired_codes_are_refused_and_change_nothing(world, browser):
    _jane, otieno, *_ = umoja(world)
    browser.open("/login").fill("phone", "0712000002").press("Send me a code")
    browser.wait_for("Enter your code")
    world.settle()
    right = code_from(otieno)
    wrong = "000000" if right != "000000" else "111111"
    browser.fill("code", wrong).press("Log in")
    browser.wait_for("Wrong code. 4 tries left.")
    browser.fill("code", right).press("Log in")
    browser.wait_for("My chamas")
    # the same code again, in another browser's session: spent
    client, page = client_asks_code(world, "+254712999999")   # nobody's phone: the same answer, no SMS
    assert "a 6-digit code is on its way" in page
    spent = client.post("/login/code", data={"phone": otieno.number, "code": right, "csrf_token": csrf(page)})
    assert spent.status_code == 400 and "was used already or never sent" in spent.get_data(as_text=True)
    # a fresh code, used six minutes later: expired
    browser.open("/logout").press("Log out of this browser")
    world.travel(minutes=2)
    browser.open("/login").fill("phone", otieno.number).press("Send me a code")
    browser.wait_for("Enter your code")
    world.settle()
    late = code_from(otieno)
    world.travel(minutes=6)
    browser.fill("code", late).press("Log in")
    browser.wait_for("This code has expired. Ask for a new one.")
    assert browser.path.startswith("/login")


def test_a_stranger_gets_the_same_page_and_no_sms(world):
    umoja(world)
    before = world.newest_id()
    _client, page = client_asks_code(world, "0799000111")
    assert "a 6-digit code is on its way" in page
    assert [m for m in world.outbox(after=before)] == []


def test_a_form_without_its_csrf_token_is_refused_and_sends_nothing(world):
    _jane, otieno, *_ = umoja(world)
    before = world.newest_id()
    answer = world.app.test_client().post("/login", data={"phone": otieno.number})
    assert answer.status_code == 400 and "This form has expired" in answer.get_data(as_text=True)
    forged = world.app.test_client().post("/login", data={"phone": otieno.number, "csrf_token": "forged.token"})
    assert forged.status_code == 400
    assert world.outbox(after=before) == []


def test_log_out_everywhere_ends_every_browser(world, browser):
    jane, *_ = umoja(world)
    log_in(browser, world, jane)
    browser.wait_for("My chamas")
    world.travel(minutes=2)
    laptop = client_logs_in(world, jane)
    assert "My chamas" in laptop.get("/").get_data(as_text=True)
    page = laptop.get("/logout").get_data(as_text=True)
    assert laptop.post("/logout", data={"everywhere": "1", "csrf_token": csrf(page)}).status_code == 302
    assert laptop.get("/").headers["Location"].startswith("/login")
    browser.open("/")
    browser.wait_for("Send me a code")


def test_the_login_speaks_swahili_to_a_swahili_member_and_on_request(world, browser):
    _jane, _otieno, amina, _code = umoja(world)
    browser.open("/login?lang=sw")
    browser.wait_for("Nitumie nambari ya kuingia")
    browser.open("/login?lang=en")
    log_in(browser, world, amina)
    browser.wait_for("My chamas")   # she chose English on this browser
    assert "Nambari yako ya kuingia Chamabora ni" in amina.inbox("sms")[-2]   # the SMS is in her language


def test_a_member_who_is_not_an_officer_is_refused_the_board_and_a_stranger_is_sent_to_log_in(world, browser):
    _jane, otieno, _amina, code = umoja(world)
    stranger = world.app.test_client().get(f"/chamas/{code}")
    assert stranger.status_code == 302 and stranger.headers["Location"].startswith("/login")
    log_in(browser, world, otieno)
    browser.wait_for("My chamas")
    assert "Open the board" not in browser.text
    browser.open(f"/chamas/{code}")
    browser.wait_for("Only this chama's chair, treasurer and secretary can open this page.")
    browser.open("/chamas/NOSUCH")
    browser.wait_for("Only this chama's chair, treasurer and secretary can open this page.")


LOGIN_LIMITS = OpsSettings(limits={**DEFAULT_LIMITS, "otp_phone": "2/15minutes", "otp_address": "3/hour"})


@pytest.mark.world_settings(ops=LOGIN_LIMITS)
def test_asking_for_codes_again_and_again_is_refused_per_phone_and_per_address(world):
    _jane, otieno, *_ = umoja(world)
    for _ in range(2):
        _client, page = client_asks_code(world, otieno.number)
        assert "a 6-digit code is on its way" in page
        for _ in range(3):   # "Send a new code" pressed too soon: told to wait, and not counted
            _client, page = client_asks_code(world, otieno.number)
            assert "A code was sent less than a minute ago" in page and "Too many" not in page
        world.travel(minutes=2)
    client, page = client_asks_code(world, otieno.number)
    assert "Too many codes were asked for. Wait a while, then try again." in page
    assert len([m for m in otieno.inbox("sms") if "login code is" in m]) == 2
    # other phones from the same address: the address's own limit holds them back too
    _client, page = client_asks_code(world, "+254712000003")
    assert "Too many codes were asked for" in page


def test_cookies_cannot_be_read_by_scripts_and_a_code_never_reaches_the_logs(world, caplog):
    _jane, otieno, *_ = umoja(world)
    caplog.set_level(logging.DEBUG)
    client, page = client_asks_code(world, otieno.number)
    code = code_from(otieno)
    answer = client.post("/login/code", data={"phone": otieno.number, "code": code, "csrf_token": csrf(page)})
    cookies = answer.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("cb_session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session
    assert all("HttpOnly" in c for c in cookies)
    assert code not in caplog.text and answer.status_code == 302
    assert "frame-ancestors 'none'" in answer.headers.get("Content-Security-Policy", "") or \
        "frame-ancestors 'none'" in client.get("/").headers["Content-Security-Policy"]
