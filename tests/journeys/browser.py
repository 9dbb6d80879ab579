"""A real browser for the web journeys: Debian's Chromium, headless, driven
by Selenium through Debian's chromedriver, on a phone-sized window.

`Browser` speaks as a person using the pages does: open a page, fill a
field by its label's input name, press a button by its words, read the
page's text. `log_in` goes through /login with the code the phone received.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import (NoSuchElementException, StaleElementReferenceException, TimeoutException,
                                        WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
# Chromium on a machine with no way out: no background calls home, no first-run screens
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--window-size=390,844")


# The buttons and links whose words could be `words` (case and spaces aside), in the page's order:
# `press` reads each one's shown words and visibility through the driver (a round trip apiece),
# so it asks only about these few instead of every link on the page.
CANDIDATES = """
const squeeze = (s) => (s || '').replace(/\\s+/g, ' ').trim().toLowerCase();
const words = squeeze(arguments[0]);
return Array.from(document.querySelectorAll('button, a, input[type=submit]')).filter((e) =>
    e.getAttribute('value') === arguments[0] || e.value === arguments[0]
    || squeeze(e.innerText) === words || squeeze(e.textContent) === words);
"""


class Browser:
    def __init__(self, driver: webdriver.Chrome, base: str) -> None:
        self.driver, self.base = driver, base

    def open(self, path: str) -> Browser:
        self.driver.get(self.base + path)
        return self

    @property
    def path(self) -> str:
        return "/" + self.driver.current_url.split("://", 1)[-1].split("/", 1)[-1]

    @property
    def text(self) -> str:
        for _ in range(20):   # a page that is being replaced has no body to read for a moment
            try:
                return self.driver.find_element(By.TAG_NAME, "body").text
            except (StaleElementReferenceException, NoSuchElementException):
                time.sleep(0.05)
        return ""

    def fill(self, name: str, value: str) -> Browser:
        field = self.driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
        return self

    def press(self, words: str) -> Browser:
        """Click the button (or link) whose words are `words`. The page may still be settling from the
        last action (a redirect, htmx swapping a fragment): an element that left the document between
        finding and clicking is looked for again, for up to a second."""
        for attempt in range(20):
            try:
                for element in self.driver.execute_script(CANDIDATES, words):
                    if element.is_displayed() and (element.text.strip() == words
                                                   or element.get_attribute("value") == words):
                        element.click()
                        return self
                break
            except StaleElementReferenceException:
                pass
            except WebDriverException as error:
                if "does not belong to the document" not in str(error):
                    raise
            time.sleep(0.05)
        raise AssertionError(f"no button or link {words!r} on {self.path}: {self.text[:400]}")

    def wait_for(self, words: str, seconds: float = 5.0) -> None:
        try:
            WebDriverWait(self.driver, seconds, poll_frequency=0.05).until(lambda d: words in self.text)
        except TimeoutException:
            raise AssertionError(f"{words!r} did not appear on {self.path} within {seconds}s: {self.text[:600]}")

    def screenshot(self, name: str) -> None:
        """Save the page for docs/screens when SAVE_SCREENS is set (the README shows them)."""
        if os.environ.get("SAVE_SCREENS"):
            SCREENS.mkdir(parents=True, exist_ok=True)
            self.driver.save_screenshot(str(SCREENS / f"{name}.png"))


def start_chromium() -> webdriver.Chrome:
    if not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)):
        raise RuntimeError("the web journeys need chromium and chromium-driver (Debian); .ci/run installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="chamabora-chromium-")
    for flag in FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.profile_dir = profile  # type: ignore[attr-defined]
    # headless Chromium lays pages out at least 500 px wide whatever the window: a phone's width is emulated
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    driver.set_page_load_timeout(20)
    return driver


def quit_chromium(driver: webdriver.Chrome) -> None:
    try:
        driver.quit()
    finally:
        shutil.rmtree(driver.profile_dir, ignore_errors=True)  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def chromium():  # type: ignore[no-untyped-def]
    """One Chromium for the session (starting one is seconds): each journey gets it as new, see `browser`."""
    held: dict[str, webdriver.Chrome] = {}

    def driver() -> webdriver.Chrome:
        if "driver" in held:
            try:
                held["driver"].current_url  # noqa: B018 - a crashed browser answers nothing: start another
            except WebDriverException:
                quit_chromium(held.pop("driver"))
        if "driver" not in held:
            held["driver"] = start_chromium()
        return held["driver"]

    yield driver
    if "driver" in held:
        quit_chromium(held["driver"])


@pytest.fixture
def browser(world, chromium):  # type: ignore[no-untyped-def]
    """The session's Chromium as a person's new browser: no cookie from an earlier journey (every
    deployment listens on 127.0.0.1, and cookies ignore the port); the rest of what a page keeps
    (storage, cache, service workers) belongs to its origin, a new port per journey, and is
    cleared for it afterwards all the same."""
    driver = chromium()
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    try:
        yield Browser(driver, world.url)
    finally:
        # leave the page first: its open requests (the live board's stream) end before the deployment stops
        driver.get("about:blank")
        driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": world.url, "storageTypes": "all"})
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})


def code_from(phone) -> str:  # type: ignore[no-untyped-def]
    """The code in the newest SMS on this phone that brings one."""
    for message in reversed(phone.inbox("sms")):
        found = re.search(r"(?:code is|ni) (\d{6})\b", message)
        if found is not None:
            return found.group(1)
    raise AssertionError(f"no code was texted to {phone.number}")


def log_in(browser: Browser, world, phone, path: str = "/") -> None:  # type: ignore[no-untyped-def]
    """Log in as the person holding `phone` with the code it receives, landing on `path`."""
    browser.open(f"/login?next={path}")
    browser.fill("phone", phone.number).press("Send me a code")
    browser.wait_for("Enter your code")
    world.settle()
    browser.fill("code", code_from(phone)).press("Log in")
