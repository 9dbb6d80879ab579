"""The live board: the chair keeps Umoja's board open while Otieno pays by SMS
and the Daraja simulator confirms; his line shows paid without a reload. The
stream is the chama officers' alone."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .browser import log_in
from .test_web_login import client_logs_in
from .umoja import umoja


def body_attribute(browser, name: str) -> str:
    """Waits (up to 10 s) for an attribute app.js sets on the page it runs in."""
    found = WebDriverWait(browser.driver, 10, poll_frequency=0.05).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute(name))
    return str(found)


def test_the_chairs_open_board_shows_otienos_payment_without_a_reload(world, browser):
    jane, otieno, _amina, code = umoja(world)
    log_in(browser, world, jane, path=f"/chamas/{code}")
    browser.wait_for("Otieno Ouma 0 500 0 0")   # his row on a phone: paid, owes, fines, paid ahead
    opened = body_attribute(browser, "data-events-open")   # listening before he pays
    assert otieno.sms("PAY 500").startswith("An M-Pesa prompt for KES 500 to Umoja is coming")
    world.settle()
    assert otieno.last().startswith("Received KES 500 for Umoja")
    browser.wait_for("Otieno Ouma 500 0 0 0")
    # the same page, told by its stream: a reload would have lost what app.js set on it
    assert body_attribute(browser, "data-last-event")
    assert browser.driver.find_element(By.TAG_NAME, "body").get_attribute("data-events-open") == opened
    assert "Amina Atieno 0 500 0 0" in browser.text


def test_the_stream_is_for_the_chamas_officers_only(world):
    _jane, otieno, _amina, code = umoja(world)
    stranger = world.app.test_client().get(f"/chamas/{code}/events")
    assert stranger.status_code == 302 and stranger.headers["Location"].startswith("/login")
    client = client_logs_in(world, otieno)
    member = client.get(f"/chamas/{code}/events")
    assert member.status_code == 403 and "chair, treasurer and secretary can open this page" in member.get_data(
        as_text=True)
    assert client.get("/chamas/NOSUCH/events").status_code == 403
