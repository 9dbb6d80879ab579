"""Rate limits per phone and per chama, as members and providers meet them:
a member over a limit gets one friendly line in their language (not silence,
not a 500), the provider's webhook is always acknowledged and the message
stored, and a Redis that cannot be reached limits no one."""
import os

import pytest
import redis
from flask import Blueprint
from rq import SimpleWorker
from rq.serializers import JSONSerializer
from sqlalchemy import select

from chamabora.i18n.members import CHAMA_BUSY, MONEY_SLOW, SLOW_DOWN, USSD_SLOW
from chamabora.i18n.catalogs import translate
from chamabora.worker import tasks
from chamabora.jobs.queues import queues
from chamabora.limits import RateLimits
from chamabora.channels.http.limits import otp_request_limit
from chamabora.config.ops import DEFAULT_LIMITS, OpsSettings
from chamabora.outbox.store import outbox
from chamabora.channels.sms.deferred import inbound_queue
from tests.e2e.messaging import TOKEN, at_sms, messaging, signed, twilio_form
from tests.e2e.ussd_client import Dialer

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
AT = f"/sms/africastalking?token={TOKEN}"
AMINA, BARAKA, CHEPTOO = "+254712300001", "+254712300002", "+254712300003"


def limited(**rules):
    return OpsSettings(limits={**DEFAULT_LIMITS, **rules})


@pytest.fixture
def build(engine, make_app, tmp_path):
    def make(**rules):
        return make_app(engine.url.render_as_string(hide_password=False), messaging=messaging(tmp_path),
                        ops=limited(**rules))
    return make


def replies_to(app, phone):
    with app.extensions["chamabora"].engine.connect() as conn:
        return list(conn.execute(select(outbox.c.body).where(outbox.c.recipient == phone, outbox.c.channel == "sms")
                                 .order_by(outbox.c.id)).scalars())


def say(client, phone, text):
    response = client.post(AT, data=at_sms(phone, text))
    assert response.status_code == 200
    return response


def test_a_member_who_floods_gets_one_friendly_reply_then_quiet_until_the_window_passes(build):
    app = build(sms_phone="4/minute")
    client = app.test_client()
    say(client, AMINA, "REGISTER Amina Atieno")
    for _ in range(3):
        say(client, AMINA, "HELP")
    assert len(replies_to(app, AMINA)) == 4
    for _ in range(5):
        say(client, AMINA, "HELP")     # every webhook acknowledged; one line back, not five
    assert replies_to(app, AMINA)[4:] == [SLOW_DOWN]
    say(client, BARAKA, "REGISTER Baraka Otieno")   # another phone is not held back
    assert replies_to(app, BARAKA)[0].startswith("Karibu Baraka")


def test_the_friendly_reply_is_in_the_members_language(build):
    app = build(sms_phone="2/minute")
    client = app.test_client()
    say(client, AMINA, "SAJILI Amina Atieno")
    say(client, AMINA, "LUGHA SW")
    say(client, AMINA, "MSAADA")
    assert replies_to(app, AMINA)[-1] == translate("sw", SLOW_DOWN)
    assert len(translate("sw", SLOW_DOWN)) <= 160


def test_a_twilio_member_over_the_limit_gets_the_line_in_twiml_then_an_empty_response(build):
    app = build(sms_phone="1/minute")
    client = app.test_client()

    def twilio(text):
        form = twilio_form(AMINA, text)
        return client.post("/sms/twilio", data=form, headers=signed("/sms/twilio", form)).get_data(as_text=True)

    assert "Karibu" in twilio("REGISTER Amina Atieno")
    assert SLOW_DOWN in twilio("HELP")
    assert twilio("HELP").endswith("<Response />") or twilio("HELP").endswith("<Response></Response>")


def test_a_busy_chama_is_limited_as_a_whole(build):
    app = build(sms_chama="5/minute")
    client = app.test_client()
    say(client, AMINA, "REGISTER Amina Atieno")
    say(client, AMINA, "CREATE CHAMA Umoja 500 MONTHLY")
    code = replies_to(app, AMINA)[-1].split("Its code is ")[1].split(":")[0]
    say(client, BARAKA, "REGISTER Baraka Otieno")
    say(client, BARAKA, f"JOIN {code}")
    for phone in (AMINA, BARAKA, AMINA, BARAKA, AMINA, BARAKA):
        say(client, phone, "BAL")
    assert CHAMA_BUSY in replies_to(app, AMINA) + replies_to(app, BARAKA)
    say(client, CHEPTOO, "REGISTER Cheptoo Kibet")   # not in the chama: not held back
    assert replies_to(app, CHEPTOO)[0].startswith("Karibu Cheptoo")


def test_money_actions_have_their_own_tighter_limit(build):
    app = build(money_phone="2/10minutes")
    client = app.test_client()
    say(client, AMINA, "REGISTER Amina Atieno")
    say(client, AMINA, "CREATE CHAMA Umoja 500 MONTHLY")
    for _ in range(4):
        say(client, AMINA, "PAY 500")
    bodies = replies_to(app, AMINA)
    assert bodies.count(MONEY_SLOW) == 1 and sum("M-Pesa prompt" in b for b in bodies) == 2
    with app.extensions["chamabora"].engine.connect() as conn:
        prompts = conn.execute(select(outbox.c.id).where(outbox.c.channel == "stk_push")).all()
    assert len(prompts) == 2


def test_a_phone_that_dials_too_often_gets_a_friendly_end_screen(build):
    app = build(ussd_phone="3/minute")
    client = app.test_client()
    amina = Dialer(client, AMINA)
    screens = [amina.dial() for _ in range(4)]
    assert all(s.startswith("CON ") for s in screens[:3])
    assert screens[3] == "END " + USSD_SLOW and amina.status == 200
    assert Dialer(client, BARAKA).dial().startswith("CON ")


def test_with_workers_a_limited_message_is_still_stored_and_answered(engine, make_app, tmp_path):
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL,
                   messaging=messaging(tmp_path), ops=limited(sms_phone="2/minute"))
    services = app.extensions["chamabora"]
    tasks.use(services)
    try:
        client = app.test_client()
        for text in ("REGISTER Amina Atieno", "HELP", "HELP", "HELP"):
            assert client.post(AT, data=at_sms(AMINA, text)).status_code == 200
        SimpleWorker(queues(services.redis), connection=services.redis, serializer=JSONSerializer).work(burst=True)
    finally:
        tasks.use(None)
    with services.engine.connect() as conn:
        assert conn.execute(select(inbound_queue.c.status)).scalars().all() == ["answered"] * 4
    bodies = replies_to(app, AMINA)
    assert len(bodies) == 3 and bodies[-1] == SLOW_DOWN
    connection.flushdb()


def test_an_unreachable_limit_store_limits_no_one():
    limits = RateLimits(OpsSettings(limits={**DEFAULT_LIMITS, "sms_phone": "1/minute"}), "redis://127.0.0.1:1/0")
    assert all(limits.allow("sms_phone", AMINA) for _ in range(3))


def test_limits_are_shared_by_every_process_through_redis():
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings = OpsSettings(limits={**DEFAULT_LIMITS, "otp_phone": "2/minute"})
    web, worker = RateLimits(settings, REDIS_URL), RateLimits(settings, REDIS_URL)
    assert web.allow("otp_phone", AMINA) and worker.allow("otp_phone", AMINA)
    assert not web.allow("otp_phone", AMINA)
    assert worker.first_refusal("otp_phone", AMINA) and not web.first_refusal("otp_phone", AMINA)


login = Blueprint("login_test", __name__)


@login.post("/test-login/code")
@otp_request_limit   # decorated once, as a real route is at import
def send_code():
    return {"sent": True}


def test_a_route_that_sends_codes_is_limited_per_phone_not_per_address(engine, make_app):
    app = make_app(engine.url.render_as_string(hide_password=False), ops=limited(otp_phone="2/15minutes"))
    app.register_blueprint(login)
    client = app.test_client()
    codes = [client.post("/test-login/code", data={"phone": "0712300001"},
                         environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}) for n in range(3)]
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert codes[2].get_json()["error"] == "too_many_requests"
    assert client.post("/test-login/code", json={"phone": BARAKA}).status_code == 200
