"""Every reachable USSD screen fits a feature phone: at most 160 characters and
GSM-7 only, in English and in Swahili. The test walks the menus breadth-first
from a registered chair's main menu, pressing every listed choice, a wrong
choice, back, main menu and sample free-text answers."""
import re

import pytest

from chamabora.i18n.gsm7 import is_gsm7
from tests.e2e.ussd_client import Dialer, register

CHOICE = re.compile(r"^(\d+) ", re.MULTILINE)
FREE_TEXT = ["Jane Wanjiru", "1234", "500", "zz"]
MAX_DEPTH = 5


def next_inputs(screen: str) -> list[str]:
    keys = CHOICE.findall(screen)
    return (keys + ["77", "0", "00"]) if keys else FREE_TEXT + ["0"]


def walk(client, phone):
    seen, frontier, screens = set(), [[]], []
    while frontier:
        path = frontier.pop(0)
        dialer = Dialer(client, phone)
        screen = dialer.dial()
        for value in path:
            screen = dialer.press(value)
        screens.append((tuple(path), screen))
        body = screen[4:]
        if screen.startswith("END") or body in seen or len(path) >= MAX_DEPTH:
            continue
        seen.add(body)
        frontier.extend(path + [value] for value in next_inputs(screen))
    return screens


def fill_statement(app, code):
    """Six payments of six figures, so the statement screen shows its longest lines."""
    from datetime import date

    from chamabora.core.money import Money
    from chamabora.services.contributions.payments import record_payment
    from chamabora.services.records import load_chama, member_id_by_phone

    def work(conn):
        chama, member = load_chama(conn, code), member_id_by_phone(conn, "+254712000001")
        for n in range(6):
            record_payment(conn, chama.id, member, Money.shillings(123_456), f"fill{n}", date.today())

    app.extensions["chamabora"].run(work)


@pytest.mark.parametrize("language", ["en", "sw"])
def test_every_reachable_screen_is_at_most_160_gsm7_characters(ussd_app, language, caplog):
    client = ussd_app.test_client()
    chair, member = Dialer(client, "+254712000001"), Dialer(client, "+254712000002")
    register(chair)
    register(member, "Otieno Ouma", "4321")
    chair.dial()
    for step in ("2", "Umoja Wa Wakulima Na Wafanyabiashara", "1000", "2"):
        done = chair.press(step)
    code = done.split(": ")[0].split()[-1] if "JOIN" not in done else done.split("JOIN ")[1].split(".")[0]
    member.dial()
    member.press("1")
    member.press(code)
    fill_statement(ussd_app, code)
    if language == "sw":
        chair.dial()
        for step in ("9", "1", "2"):
            chair.press(step)
    caplog.set_level("WARNING", logger="chamabora.channels.ussd.codec")
    screens = walk(client, "+254712000001")
    assert len(screens) > 100
    reached = " ".join(s for _p, s in screens)
    assert all(any(word in reached for word in pair) for pair in (
        ("Request a loan", "Omba mkopo"), ("Your limit is", "Kikomo chako ni", "Your loan limit is KES 0", "Kikomo chako cha mkopo ni KES 0"), ("No goals yet", "Huna malengo")))
    assert [r.getMessage() for r in caplog.records if "shortened" in r.getMessage()] == []
    too_long = [(path, s) for path, s in screens if len(s[4:]) > 160]
    not_gsm = [(path, s) for path, s in screens if not is_gsm7(s[4:])]
    assert too_long == [] and not_gsm == []
    assert all(s.startswith(("CON ", "END ")) for _p, s in screens)


@pytest.mark.parametrize("language", ["en", "sw"])
def test_a_member_without_a_pin_and_a_new_caller_reach_only_screens_that_fit(ussd_app, language, caplog):
    """The first-PIN screens, the amount limits and the member's menus, as a member registered by SMS
    (no PIN, no office) walks them; and a phone we do not know, from the language screen."""
    from datetime import date

    from chamabora.services.people import membership
    from chamabora.services.records import load_chama

    client = ussd_app.test_client()
    chair = Dialer(client, "+254712000001")
    register(chair)
    chair.dial()
    for step in ("2", "Umoja Wa Wakulima Na Wafanyabiashara", "1000", "2"):
        done = chair.press(step)
    code = done.split("JOIN ")[1].split(".")[0]

    def member(conn):
        member_id = membership.register_member(conn, "+254712000002", "Wanjiku Mwangi-Kamau", language)
        membership.join_chama(conn, member_id, load_chama(conn, code).id, date.today())

    ussd_app.extensions["chamabora"].run(member)
    caplog.set_level("WARNING", logger="chamabora.channels.ussd.codec")
    screens = walk(client, "+254712000002") + walk(client, "+254712000077")
    reached = " ".join(s for _p, s in screens)
    assert ("Money actions need a PIN" in reached or "Huduma za pesa zinahitaji PIN" in reached) and "1 English" in reached
    assert [r.getMessage() for r in caplog.records if "shortened" in r.getMessage()] == []
    assert [(p, s) for p, s in screens if len(s[4:]) > 160 or not is_gsm7(s[4:])] == []
