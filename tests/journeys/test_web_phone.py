"""The phone simulator (/simulator/phone): a person trying Chamabora in its
first minute registers by SMS, founds a chama, has a friend join, and pays
a contribution on the USSD menu with the M-Pesa outcome picked on the page,
then reads the receipt in the page's inbox. All of it through the same
webhook code a real phone reaches; nothing of it in production."""
import re

from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from chamabora.app import create_app
from chamabora.settings import Settings

from .test_web_login import csrf

JANE, OTIENO = "0712000001", "0712000002"


def press(browser, words):  # type: ignore[no-untyped-def]
    """Press a button of the simulator and wait until its answer has replaced that part of the page."""
    part = browser.driver.find_element("id", "sim")
    browser.press(words)
    WebDriverWait(browser.driver, 10, poll_frequency=0.05).until(expected_conditions.staleness_of(part))


def use_number(browser, number):  # type: ignore[no-untyped-def]
    browser.fill("phone", number)
    press(browser, "Use this number")
    browser.wait_for("This phone is now +254" + number[1:])


def text(browser, world, message, reply, channel="Send SMS"):  # type: ignore[no-untyped-def]
    """Send from the page and wait for the reply to show in its inbox."""
    browser.fill("text", message)
    press(browser, channel)
    world.settle()   # on PostgreSQL the workers answer; the inbox refreshes itself
    browser.wait_for(reply)


def screen(browser) -> str:  # type: ignore[no-untyped-def]
    return browser.driver.find_element("id", "ussd-screen").text


def ussd(browser, typed, shows):  # type: ignore[no-untyped-def]
    browser.fill("answer", typed)
    press(browser, "Send")
    browser.wait_for(shows)


def test_a_new_person_founds_a_chama_and_a_friend_pays_on_the_phone_page(world, browser):
    browser.open("/simulator/phone")
    browser.wait_for("Phone simulator")
    use_number(browser, JANE)
    text(browser, world, "REGISTER Jane Wanjiru", "Karibu Jane Wanjiru!")
    text(browser, world, "CREATE CHAMA Umoja 500 MONTHLY", "code is")
    code = re.search(r"code is (\w+)", browser.text).group(1)

    use_number(browser, OTIENO)
    assert "Karibu Jane" not in browser.text   # another phone, another inbox
    text(browser, world, "REGISTER Otieno Ouma", "Karibu Otieno Ouma!")
    text(browser, world, f"JOIN {code}", "Welcome to Umoja", channel="Send on WhatsApp")

    press(browser, "Success")
    browser.wait_for("The next M-Pesa prompt to +254712000002 will end: Success.")
    press(browser, "Call")
    browser.wait_for("1 Contribute")
    assert screen(browser).startswith("Umoja")
    ussd(browser, "1", "Contribute to Umoja")
    ussd(browser, "500", "Money actions need a PIN. Choose a 4-digit PIN:")
    ussd(browser, "1234", "Enter the same PIN again:")
    ussd(browser, "1234", "Enter your PIN to confirm:")
    browser.fill("answer", "1234")
    press(browser, "Send")
    browser.wait_for("An M-Pesa prompt for KES 500 to Umoja is coming")
    assert "Your answer" not in browser.text and "OK" in browser.text   # the session ended: END, like a phone
    world.settle()
    browser.wait_for("Received KES 500 for Umoja (M-Pesa ")
    browser.driver.execute_script("window.scrollTo(0, 0)")
    browser.screenshot("phone-simulator")
    inbox = browser.driver.find_element("id", "sim-inbox").text
    assert inbox.index("Received KES 500") < inbox.index("Welcome to Umoja")   # newest first
    press(browser, "OK")
    browser.wait_for("Dial the USSD code to open the menu.")
    # the page's payment is the phone's: the same books and the same balance by SMS
    assert world.phone("+254712000002").sms("BAL").startswith("Umoja: you have paid KES 500.")


def test_a_cancelled_prompt_picked_on_the_page_moves_no_money(world, browser):
    jane = world.phone("+254712000001")
    jane.sms("REGISTER Jane Wanjiru")
    jane.sms("CREATE CHAMA Umoja 500 MONTHLY")
    browser.open("/simulator/phone")
    use_number(browser, JANE)
    press(browser, "Cancelled")
    browser.wait_for("will end: Cancelled.")
    text(browser, world, "PAY 500", "cancelled")
    assert jane.sms("BAL").startswith("Umoja: you have paid KES 0.")


def test_the_page_works_without_javascript_and_refuses_bad_input_in_words(world):
    client = world.app.test_client()
    page = client.get("/simulator/phone").get_data(as_text=True)
    token = csrf(page)
    bad = client.post("/simulator/phone/number", data={"phone": "12345", "csrf_token": token})
    assert bad.status_code == 400 and "not a Kenyan mobile number" in bad.get_data(as_text=True)
    assert client.post("/simulator/phone/number", data={"phone": "0712 000 009", "csrf_token": token}).status_code == 303
    empty = client.post("/simulator/phone/message", data={"text": " ", "channel": "sms", "csrf_token": token})
    assert empty.status_code == 400 and "Write a message first." in empty.get_data(as_text=True)
    lost = client.post("/simulator/phone/answer", data={"answer": "1", "csrf_token": token})
    assert lost.status_code == 400 and "No USSD session is open" in lost.get_data(as_text=True)
    sent = client.post("/simulator/phone/message", data={"text": "REGISTER Baraka Otieno", "channel": "sms",
                                                          "key": "k" * 20, "csrf_token": token})
    assert sent.status_code == 303 and sent.headers["Location"] == "/simulator/phone"
    again = client.post("/simulator/phone/message", data={"text": "REGISTER Baraka Otieno", "channel": "sms",
                                                           "key": "k" * 20, "csrf_token": token})
    assert again.status_code == 303
    world.settle()
    shown = client.get("/simulator/phone").get_data(as_text=True)
    assert "SMS sent from +254712000009" in shown and shown.count("Karibu Baraka Otieno!") == 1   # sent twice, acted once
    assert client.post("/simulator/phone/dial", data={"code": "*384*2024#", "csrf_token": token}).status_code == 303
    assert "1 Join a chama" in client.get("/simulator/phone").get_data(as_text=True)
    odd = client.post("/simulator/phone/mpesa", data={"outcome": "bogus", "csrf_token": token})
    assert odd.status_code == 400 and "Choose one of the M-Pesa outcomes shown." in odd.get_data(as_text=True)


def test_a_post_without_its_csrf_token_is_refused_and_sends_nothing(world):
    before = world.newest_id()
    client = world.app.test_client()
    client.get("/simulator/phone")
    answer = client.post("/simulator/phone/message", data={"text": "REGISTER Mallory", "channel": "sms"})
    assert answer.status_code == 400 and "This form has expired" in answer.get_data(as_text=True)
    forged = client.post("/simulator/phone/dial", data={"code": "*384#", "csrf_token": "forged.token"})
    assert forged.status_code == 400
    world.settle()
    assert world.outbox(after=before) == []


def test_production_has_no_phone_simulator():
    mpesa = {"MPESA_CONSUMER_KEY": "key", "MPESA_CONSUMER_SECRET": "secret", "MPESA_PASSKEY": "passkey",
             "MPESA_INITIATOR_NAME": "api", "MPESA_SECURITY_CREDENTIAL": "credential",
             "MPESA_CALLBACK_BASE_URL": "https://chama.example"}
    # a whole, valid production configuration; its database is never reached by these pages
    app = create_app(Settings.from_env({"CHAMABORA_ENV": "production", "MPESA_MODE": "production",
                                        "DATABASE_URL": "postgresql+psycopg://chamabora@127.0.0.1:1/nowhere",
                                        "WEBHOOK_SECRET": "w" * 32, "SECRET_KEY": "k" * 40, **mpesa}))
    try:
        client = app.test_client()
        for path in ("/simulator/phone", "/simulator/phone/inbox"):
            answer = client.get(path, base_url="https://chama.example")
            assert answer.status_code == 404 and "Page not found" in answer.get_data(as_text=True)
    finally:
        app.extensions["chamabora"].close()
