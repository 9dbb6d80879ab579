"""Web push: Otieno, logged in on the web, lets his browser receive his
notices; from then on his reminders go by push to that browser instead of
SMS, until it forgets them. No login, no CSRF token or no configuration:
refused, and nothing changes."""
import pytest

from chamabora.config.web import WebSettings

from .test_web_login import client_logs_in, csrf
from .umoja import umoja

TOKEN = "dQw4w9WgXcQ:APA91bF-example_browser_registration_token.0123456789"
PUSH = WebSettings(secret_key="test-web-secret", fcm_vapid_key="BPublicVapidKeyOfTheFirebaseProject0123456789",
                   fcm_config='{"apiKey": "AIzaExample", "projectId": "chamabora-test", "messagingSenderId": "1234",'
                              ' "appId": "1:1234:web:abcd"}')
configured = pytest.mark.world_settings(web=PUSH)


def pushes(world):
    return [m.body for m in world.outbox() if m.channel == "push" and m.recipient == "web:" + TOKEN]


def post(client, path, csrf_token, push_token):  # type: ignore[no-untyped-def]
    """What push.js posts: the browser's FCM token as JSON, the page's CSRF token in a header."""
    headers = {"X-CSRFToken": csrf_token} if csrf_token else {}
    return client.post(path, json={"token": push_token}, headers=headers)


@configured
def test_otienos_browser_receives_his_reminders_by_push_until_it_forgets_them(world):
    _jane, otieno, _amina, _code = umoja(world)
    browser = client_logs_in(world, otieno)
    home = browser.get("/").get_data(as_text=True)
    assert "push.js" in home and "firebase-messaging-compat.js" in home   # loaded for a logged-in member
    token = csrf(browser.get("/logout").get_data(as_text=True))
    answer = post(browser, "/push/web", token, TOKEN)
    assert answer.status_code == 200 and answer.get_json() == {"status": "registered"}
    world.fire("contribution-reminders", at="2027-02-02T09:00")
    assert pushes(world) and "Umoja" in pushes(world)[-1]
    assert not any("Umoja" in m for m in otieno.unread("sms"))
    forgotten = browser.post("/push/web/forget", data={"token": TOKEN, "csrf_token": token})
    assert forgotten.status_code == 200 and forgotten.get_json() == {"status": "forgotten"}
    sent = len(pushes(world))
    world.fire("contribution-reminders", at="2027-03-02T09:00")
    assert len(pushes(world)) == sent and any("Umoja" in m for m in otieno.unread("sms"))


@configured
def test_the_service_worker_carries_the_firebase_config(world):
    worker = world.app.test_client().get("/firebase-messaging-sw.js")
    body = worker.get_data(as_text=True)
    assert worker.status_code == 200 and worker.mimetype == "text/javascript"
    assert "firebase-messaging-compat.js" in body and '"projectId": "chamabora-test"' in body
    assert "push.js" not in world.app.test_client().get("/login").get_data(as_text=True)   # nobody logged in


@configured
def test_without_login_without_csrf_or_with_a_bad_token_nothing_is_registered(world):
    _jane, otieno, _amina, _code = umoja(world)
    stranger = world.app.test_client()
    token = csrf(stranger.get("/login").get_data(as_text=True))
    refused = post(stranger, "/push/web", token, TOKEN)
    assert refused.status_code == 401 and refused.get_json() == {"error": "not_logged_in"}
    browser = client_logs_in(world, otieno)
    no_csrf = post(browser, "/push/web", None, TOKEN)
    assert no_csrf.status_code == 400 and "This form has expired" in no_csrf.get_data(as_text=True)
    token = csrf(browser.get("/logout").get_data(as_text=True))
    for bad in ("", "has spaces in it", "x" * 400, 12345):
        answer = post(browser, "/push/web", token, bad)
        assert answer.status_code == 400 and answer.get_json() == {"error": "bad_token"}
    world.fire("contribution-reminders", at="2027-02-02T09:00")
    assert pushes(world) == [] and any("Umoja" in m for m in otieno.unread("sms"))


def test_a_deployment_without_web_push_has_none_of_it(world):
    _jane, otieno, _amina, _code = umoja(world)
    browser = client_logs_in(world, otieno)
    assert "push.js" not in browser.get("/").get_data(as_text=True)
    token = csrf(browser.get("/logout").get_data(as_text=True))
    assert post(browser, "/push/web", token, TOKEN).status_code == 404
    assert world.app.test_client().get("/firebase-messaging-sw.js").status_code == 404


def test_fcm_is_asked_to_reach_a_browser_by_its_token_and_an_app_by_its_installation_id():
    from chamabora.core.ports import Outgoing
    from chamabora.providers.messaging.fcm import build

    def message(recipient):  # type: ignore[no-untyped-def]
        return build(Outgoing(1, "push", "notice", recipient, "Umoja: pay KES 500 by 04/02.", {}, 2, 1))

    browser, app = message("web:" + TOKEN), message("fGw3nP0kT9qg5VZzF4xq1a")
    assert (browser.token, browser.fid) == (TOKEN, None) and (app.token, app.fid) == (None, "fGw3nP0kT9qg5VZzF4xq1a")
