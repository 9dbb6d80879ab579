"""Whole USSD journeys through POST /ussd/africastalking, as Africa's Talking
posts them, in English and Swahili."""
import json
import re

import time_machine

from sqlalchemy import select

from chamabora.outbox.store import outbox
from chamabora.services.records import members
from tests.e2e.ussd_client import Dialer, register
from tests.helpers import snapshot

JANE, OTIENO = "+254712000001", "+254712000002"


def rows(app, channel):
    with app.extensions["chamabora"].engine.connect() as conn:
        return conn.execute(select(outbox).where(outbox.c.channel == channel).order_by(outbox.c.id)).all()


def create_chama(dialer, name="Umoja", amount="1000"):
    if "2 Create a chama" in dialer.dial():
        dialer.press("2")
    else:
        dialer.press("6")
        dialer.press("9")
    dialer.press(name)
    dialer.press(amount)
    done = dialer.press("2")
    return done.split("Its code is ")[1].split(":")[0]


def test_registering_creating_joining_and_contributing_in_english(ussd_app):
    client = ussd_app.test_client()
    jane, otieno = Dialer(client, JANE), Dialer(client, OTIENO)
    assert jane.dial() == "CON Karibu Chamabora! Welcome!\n1 English\n2 Kiswahili"
    assert jane.press("1") == "CON Welcome to Chamabora.\nEnter your full name:"
    assert jane.press("Jane Wanjiru").startswith("CON Choose a 4-digit PIN")
    assert jane.press("1234") == "CON Enter the same PIN again:"
    assert jane.press("1234") == "CON Registered. Karibu!\n1 Join a chama\n2 Create a chama\n9 Settings"
    code = create_chama(jane)
    register(otieno, "Otieno Ouma", "4321")
    otieno.dial()
    assert otieno.press("1").startswith("CON Enter the chama's code")
    assert otieno.press(code.lower()).startswith("END Welcome to Umoja!")
    otieno.dial()
    assert otieno.press("1") == "CON Contribute to Umoja\nYou owe KES 0.\nEnter amount in KES:"
    assert otieno.press("500") == "CON Pay KES 500 to Umoja.\nEnter your PIN to confirm:"
    assert otieno.press("4321").startswith("END An M-Pesa prompt for KES 500 to Umoja is coming")
    [stk] = rows(ussd_app, "stk_push")
    assert (stk.recipient, json.loads(stk.payload)["amount_cents"]) == (OTIENO, 50000)
    otieno.dial()
    assert re.fullmatch(r"CON Umoja: you have paid KES 0\. You owe KES 0 and fines of KES 0\. Next contribution due "
                        r"\d\d/\d\d/\d{4}\.\n0 Back 00 Menu", otieno.press("2"))
    assert otieno.press("0").startswith("CON Umoja\n1 Contribute")
    assert "the next pot goes to Jane Wanjiru" in otieno.press("4")
    assert otieno.press("00").startswith("CON Umoja\n1 Contribute")
    assert "8 Officers" not in otieno.replay() and "8 Officers" in jane.dial()


def test_the_same_journey_in_swahili(ussd_app):
    client = ussd_app.test_client()
    jane = Dialer(client, JANE)
    register(jane)
    jane.dial()
    jane.press("9")
    jane.press("1")
    assert jane.press("2") == "CON Lugha imewekwa Kiswahili.\n1 Jiunge na chama\n2 Anzisha chama\n9 Mipangilio"
    jane.dial()
    jane.press("2")
    jane.press("Bidii")
    assert jane.press("500") == "CON Mara ngapi?\n1 Kila wiki\n2 Kila mwezi\n3 Kila siku\n4 Kila wiki mbili\n0 Rudi 00 Menyu"
    assert "kiko tayari" in jane.press("1")
    jane.dial()
    assert jane.press("1") == "CON Changia Bidii\nUnadaiwa KES 0.\nWeka kiasi kwa KES:"
    assert jane.press("abc").startswith("CON Weka kiasi kamili cha shilingi")
    jane.press("250")
    assert "linakuja kwenye simu yako" in jane.press("1234")


def test_a_replayed_hop_shows_the_same_screen_and_prompts_only_once(ussd_app):
    client = ussd_app.test_client()
    jane = Dialer(client, JANE)
    register(jane)
    create_chama(jane)
    jane.dial()
    jane.press("1")
    jane.press("700")
    first = jane.press("1234")
    before = snapshot(ussd_app.extensions["chamabora"].engine)
    assert jane.replay() == first
    assert snapshot(ussd_app.extensions["chamabora"].engine) == before
    assert len(rows(ussd_app, "stk_push")) == 1


# Mid-morning in Nairobi, so the half-hour lock ends the same day and reads as a bare time.
@time_machine.travel("2027-01-04 09:00:00+03:00", tick=True)
def test_three_wrong_pins_lock_money_actions_and_the_member_gets_an_sms(ussd_app):
    client = ussd_app.test_client()
    jane = Dialer(client, JANE)
    register(jane)
    create_chama(jane)
    jane.dial()
    jane.press("1")
    jane.press("500")
    assert jane.press("0000").startswith("CON Wrong PIN. Try again.")
    assert jane.press("1111").startswith("CON Wrong PIN. Try again.")
    locked = re.fullmatch(r"END Wrong PIN 3 times\. Money actions are locked until (\d\d:\d\d)\.", jane.press("2222"))
    ends = locked.group(1)  # half an hour on, Nairobi time
    [sms] = rows(ussd_app, "sms")
    assert sms.recipient == JANE and f"locked until {ends}" in sms.body
    jane.dial()
    assert jane.press("1") == f"END Money actions are locked after wrong PINs until {ends}. Try again then."
    assert rows(ussd_app, "stk_push") == []


def test_invalid_input_reshows_the_screen_with_a_reason(ussd_app):
    client = ussd_app.test_client()
    jane = Dialer(client, JANE)
    register(jane)
    jane.dial()
    assert jane.press("7") == "CON Invalid choice.\nChamabora\n1 Join a chama\n2 Create a chama\n9 Settings"
    jane.press("1")
    assert jane.press("!!").startswith("CON A code is 3 to 12 letters or digits.")
    assert jane.press("NOPE1") == ("CON No chama has that code. Check the code with your chair.\n"
                                   "Enter the chama's code (ask your chair):\n0 Back 00 Menu")


def test_my_chamas_paginate_with_98_and_switch_the_focus(ussd_app):
    client = ussd_app.test_client()
    jane = Dialer(client, JANE)
    register(jane)
    for n in range(6):
        create_chama(jane, f"Group {n}")
    jane.dial()
    first = jane.press("6")
    codes = re.findall(r"^\d (Group \d) (\w{6})$", first, re.M)
    assert [name for name, _code in codes] == ["Group 0", "Group 1", "Group 2"]  # each with its code
    assert "98 More" in first
    second = jane.press("98")
    assert [name for name, _code in re.findall(r"^\d (Group \d) (\w{6})$", second, re.M)] == [
        "Group 3", "Group 4", "Group 5"]
    assert "98 More" not in second
    assert jane.press("3").startswith("CON Now in Group 5\n1 Contribute")


def test_an_expired_or_unknown_session_is_told_to_dial_again(ussd_app):
    client = ussd_app.test_client()
    jane = Dialer(client, JANE)
    jane.session_id, jane.inputs = "ATUid_gone", ["1"]
    assert jane.replay() == "END Your session has expired. Please dial again."


def test_a_forged_request_is_refused_and_changes_nothing(ussd_app):
    client = ussd_app.test_client()
    engine = ussd_app.extensions["chamabora"].engine
    before = snapshot(engine)
    for query in ("", "?token=wrong"):
        response = client.post(f"/ussd/africastalking{query}", data={
            "sessionId": "ATUid_x", "phoneNumber": JANE, "serviceCode": "*384#", "text": ""})
        assert response.status_code == 403
    assert snapshot(engine) == before


def test_a_malformed_form_gets_a_4xx_and_changes_nothing(ussd_app):
    client = ussd_app.test_client()
    engine = ussd_app.extensions["chamabora"].engine
    before = snapshot(engine)
    bad_forms = [{}, {"sessionId": "s", "text": ""}, {"sessionId": "s", "phoneNumber": "12", "text": ""},
                 {"sessionId": "s" * 101, "phoneNumber": JANE, "text": ""},
                 {"sessionId": "s", "phoneNumber": JANE, "text": "1" * 600}]
    for form in bad_forms:
        response = client.post("/ussd/africastalking?token=test-webhook-secret", data=form)
        assert 400 <= response.status_code < 500 and response.get_data(as_text=True).startswith("END ")
    response = client.post("/ussd/africastalking?token=test-webhook-secret", data="x" * 100_000,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert snapshot(engine) == before


def test_the_end_of_session_notice_is_stored_with_pins_masked(ussd_app):
    from chamabora.db.ussd_tables import UssdSessionEvent

    client = ussd_app.test_client()
    jane = Dialer(client, JANE)
    register(jane)
    response = client.post("/ussd/africastalking/events?token=test-webhook-secret", data={
        "date": "2027-01-10 09:00:00", "sessionId": jane.session_id, "serviceCode": "*384*2024#",
        "networkCode": "63902", "phoneNumber": JANE, "status": "Success", "cost": "KES 0.10",
        "durationInMillis": "5400", "hopsCount": "5", "input": "1*Jane Wanjiru*1234*1234",
        "lastAppResponse": "CON Registered", "errorMessage": ""})
    assert response.status_code == 200
    with ussd_app.extensions["chamabora"].engine.connect() as conn:
        event = conn.execute(select(UssdSessionEvent.__table__)).one()
        pin_hash = conn.execute(select(members.c.pin_hash)).scalar_one()
    assert (event.input, event.status, event.hops) == ("1*Jane Wanjiru*[PIN]*[PIN]", "Success", 5)
    assert pin_hash.startswith("scrypt$")


def test_a_treasurer_approves_a_payout_from_the_pending_menu_with_the_pin(ussd_app):
    from chamabora.core.chama import Role
    from chamabora.core.money import Money
    from chamabora.services.people import membership
    from chamabora.services.contributions import payments
    from chamabora.services.payouts import closing as payouts
    from chamabora.services.records import load_chama, member_id_by_phone

    client = ussd_app.test_client()
    jane, otieno = Dialer(client, JANE), Dialer(client, OTIENO)
    register(jane)
    register(otieno, "Otieno Ouma", "4321")
    code = create_chama(jane)
    otieno.dial()
    otieno.press("1")
    otieno.press(code)
    services = ussd_app.extensions["chamabora"]

    def pay_and_close(conn):
        chama = load_chama(conn, code)
        jane_id, otieno_id = member_id_by_phone(conn, JANE), member_id_by_phone(conn, OTIENO)
        membership.assign_role(conn, chama.id, jane_id, otieno_id, Role.TREASURER)
        for who, key in ((jane_id, "a"), (otieno_id, "b")):
            payments.record_payment(conn, chama.id, who, chama.terms.contribution, key, chama.terms.anchor)
        return payouts.close_cycle(conn, chama.id, None, chama.terms.anchor)

    closed = services.run(pay_and_close)
    assert closed.net == Money.shillings(2000)
    otieno.dial()
    otieno.press("8")  # the officers' menu; 1 is what waits for a decision
    listing = otieno.press("1")
    assert listing.startswith("CON Waiting for your decision:\n1 Payout KES 2,000 to Jane Wanjiru")
    assert otieno.press("1").startswith("CON Payout KES 2,000 to Jane Wanjiru\n1 Approve\n2 Reject")
    assert otieno.press("1") == "CON Enter your PIN to approve:"
    assert otieno.press("4321") == "END Approved. KES 2,000 is on its way to Jane Wanjiru by M-Pesa."
    [b2c] = rows(ussd_app, "b2c")
    assert (b2c.recipient, json.loads(b2c.payload)["amount_cents"]) == (JANE, 200000)
    otieno.dial()
    otieno.press("8")
    assert otieno.press("1").startswith("CON Nothing is waiting for a decision.")


def test_a_browsing_session_looks_the_member_up_once_and_again_after_any_hop_that_writes(ussd_app, monkeypatch):
    from chamabora.conversation import engine

    lookups = []
    real = engine.load_speaker_and_chamas
    monkeypatch.setattr(engine, "load_speaker_and_chamas", lambda conn, phone: lookups.append(phone) or real(conn, phone))
    jane = Dialer(ussd_app.test_client(), JANE)
    register(jane)
    create_chama(jane)

    def looked_up(press: str) -> tuple[int, str]:
        before = len(lookups)
        screen = jane.press(press)
        return len(lookups) - before, screen

    jane.dial()
    assert looked_up("2")[0] == 0  # balance: who is speaking was read by the first hop
    assert looked_up("0")[0] == 0
    assert looked_up("9")[0] == 0
    assert looked_up("1")[0] == 0
    # Kiswahili: a hop that may write (a transaction), so the session forgets who is speaking
    assert looked_up("2")[1].startswith("CON Lugha imewekwa Kiswahili")
    lookups_now, screen = looked_up("00")
    assert lookups_now == 1 and screen.startswith("CON Umoja\n1 Changia")
    assert looked_up("2")[0] == 0


def test_a_first_hop_costs_one_session_command_and_a_replayed_one_changes_nothing(ussd_app):
    from chamabora.channels.ussd.routes import sessions

    client = ussd_app.test_client()
    jane = Dialer(client, JANE)
    register(jane)
    create_chama(jane)
    with ussd_app.app_context():
        store = sessions()
    calls = []
    for name in ("load_raw", "save", "start"):
        real = getattr(store, name)
        setattr(store, name, lambda *args, _name=name, _real=real: calls.append(_name) or _real(*args))
    try:
        first = jane.dial()
        assert first.startswith("CON Umoja\n1 Contribute") and calls == ["start"]
        calls.clear()
        balance = jane.press("2")
        assert balance.startswith("CON Umoja: you have paid KES 0") and calls == ["load_raw", "save"]
        calls.clear()
        # the opening hop sent again later in the session: the session is not started afresh,
        # the member's current screen is shown again
        jane.inputs = []
        assert jane.replay() == balance and calls == ["start", "load_raw", "save"]
    finally:
        for name in ("load_raw", "save", "start"):
            delattr(store, name)


def test_a_first_hop_is_declared_read_only_and_the_database_refuses_its_writes(ussd_app, monkeypatch):
    """A session's first hop changes nothing by design; one that tried (a bug) fails with the apology
    screen, and nothing it wrote lands."""
    from sqlalchemy import text

    from chamabora.channels.ussd import runner

    real = runner.open_turn

    def writing_turn(conn, inbound, known=None):
        conn.execute(text("UPDATE members SET language = 'sw' WHERE phone = :p"), {"p": inbound.phone})
        return real(conn, inbound, known)

    jane = Dialer(ussd_app.test_client(), JANE)
    register(jane)
    monkeypatch.setattr(runner, "open_turn", writing_turn)
    assert jane.dial().startswith("END Sorry, something went wrong") and jane.status == 200
    services = ussd_app.extensions["chamabora"]
    assert services.only_reads(lambda conn: conn.execute(
        select(members.c.language).where(members.c.phone == JANE)).scalar_one()) == "en"
