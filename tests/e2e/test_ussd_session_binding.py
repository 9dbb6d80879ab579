"""A USSD session belongs to the phone that dialled it: another phone posting
the same sessionId (and text) sees nothing of it, drives nothing in it and
starts nothing, and gets an END screen, never an error."""
from tests.e2e.test_ussd_journeys import create_chama, rows
from tests.e2e.ussd_client import Dialer, register


def other_phone(ussd_app, owner: Dialer, number: str) -> Dialer:
    return Dialer(ussd_app.test_client(), number, session_id=owner.session_id, inputs=list(owner.inputs))


def test_another_phone_with_the_same_session_and_text_does_not_see_the_balance(ussd_app):
    owner = Dialer(ussd_app.test_client(), "+254712000001")
    register(owner)
    owner.dial()
    home = owner.replay()
    assert home.startswith("CON")
    stranger = other_phone(ussd_app, owner, "+254712000002")
    screen = stranger.replay()
    assert stranger.status == 200 and screen.startswith("END") and screen != home
    assert "expired" in screen
    # the stranger's first hop with the owner's id starts nothing either
    assert stranger._post("").startswith("END")
    # the owner's session is untouched
    assert owner.replay() == home


def test_an_unregistered_phone_posting_a_pin_into_a_members_session_gets_an_end_screen(ussd_app):
    owner = Dialer(ussd_app.test_client(), "+254712000003")
    register(owner)
    create_chama(owner)
    owner.dial()
    owner.press("1")
    assert "PIN" in owner.press("500")
    stranger = other_phone(ussd_app, owner, "+254712000004")
    stranger.inputs.append("1234")
    screen = stranger.replay()
    assert stranger.status == 200 and screen.startswith("END") and "expired" in screen
    assert rows(ussd_app, "stk_push") == []
    # the owner carries on as if nothing happened
    assert owner.press("1234").startswith(("END", "CON")) and len(rows(ussd_app, "stk_push")) == 1
