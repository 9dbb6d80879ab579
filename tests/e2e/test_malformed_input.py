"""Malformed input on every channel gets a 4xx (or the provider's own reply
shape) and stores nothing: NUL characters and lone surrogates in any field,
digits from other scripts where a number belongs, JSON nested past reason,
bodies in UTF-16 or UTF-32, a timestamp that is a number, and the local
simulator's bad requests. The fuzz suite (tests/fuzz) covers the shapes at
large; these are the cases once seen failing, by name."""
import json

import pytest

from chamabora.providers.mpesa.simulator.app import SANDBOX_PASSKEY, create_simulator_app
from chamabora.providers.mpesa.simulator.state import SimulatorState
from tests import daraja
from tests.e2e.messaging import JANE, TOKEN, infobip_sms, infobip_whatsapp, messaging, signed, twilio_form
from tests.e2e.test_ussd_journeys import create_chama
from tests.e2e.ussd_client import Dialer, register
from tests.helpers import snapshot

BAD_TEXT = ["\x00", "ab\x00cd", "\udfff", "x\ud800"]
EVENT = {"sessionId": "ATUid_1", "serviceCode": "*384*2024#", "phoneNumber": JANE, "networkCode": "63902",
         "status": "Success", "durationInMillis": "3000", "hopsCount": "2", "input": "1", "cost": "KES 0.05"}


@pytest.fixture
def app(engine, make_app, tmp_path):
    return make_app(engine.url.render_as_string(hide_password=False), messaging=messaging(tmp_path))


def unchanged(app, post):
    before = snapshot(app.extensions["chamabora"].engine)
    response = post()
    assert snapshot(app.extensions["chamabora"].engine) == before
    return response


def form(fields):
    from tests.fuzz.shapes import form_bytes
    return form_bytes(fields)


@pytest.mark.parametrize("bad", ["\x00", "ab\x00cd"])
@pytest.mark.parametrize("field", ["sessionId", "status", "input", "cost", "phoneNumber"])
def test_a_ussd_event_with_a_nul_is_refused(app, bad, field):
    client = app.test_client()
    body = form({**EVENT, field: EVENT[field] + bad})
    response = unchanged(app, lambda: client.post(f"/ussd/africastalking/events?token={TOKEN}", data=body,
                                                  content_type="application/x-www-form-urlencoded"))
    assert response.status_code == 400


def test_a_ussd_event_with_a_lone_surrogate_keeps_it_as_a_replacement_character(app):
    # a form's bytes are decoded leniently: the surrogate's bytes become U+FFFD, which any database holds
    body = form({**EVENT, "input": "1*\udfff"})
    response = app.test_client().post(f"/ussd/africastalking/events?token={TOKEN}", data=body,
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200


def test_a_ussd_event_with_odd_digits_keeps_the_event_without_the_number(app):
    client = app.test_client()
    response = client.post(f"/ussd/africastalking/events?token={TOKEN}",
                           data={**EVENT, "durationInMillis": "²", "hopsCount": "①"})
    assert response.status_code == 200


@pytest.mark.parametrize("bad", BAD_TEXT)
@pytest.mark.parametrize("where", ["messageId", "text", "from"])
def test_an_infobip_message_with_a_nul_or_a_lone_surrogate_is_refused(app, bad, where):
    client = app.test_client()
    body = infobip_sms(("ib-1", JANE, "BAL"))
    body["results"][0][where] = str(body["results"][0][where]) + bad
    response = unchanged(app, lambda: client.post(f"/sms/infobip?token={TOKEN}", data=json.dumps(body),
                                                  content_type="application/json"))
    assert response.status_code == 400


@pytest.mark.parametrize("bad", BAD_TEXT)
def test_an_infobip_report_with_a_nul_or_a_lone_surrogate_is_refused(app, bad):
    client = app.test_client()
    body = {"results": [{"messageId": "ib-out-1" + bad, "status": {"groupName": "DELIVERED", "name": "D" + bad}}]}
    for path in ("/sms/infobip/delivery", "/whatsapp/infobip/delivery"):
        response = unchanged(app, lambda: client.post(f"{path}?token={TOKEN}", data=json.dumps(body),
                                                      content_type="application/json"))
        assert response.status_code == 400


@pytest.mark.parametrize("bad", BAD_TEXT)
@pytest.mark.parametrize("kind", ["stk", "c2b", "b2c"])
def test_an_mpesa_callback_with_a_nul_or_a_lone_surrogate_in_its_key_is_refused_in_darajas_shape(app, bad, kind):
    client = app.test_client()
    path, body = {"stk": ("stk/callback", daraja.stk("ws_CO_1" + bad)),
                  "c2b": ("c2b/confirmation", daraja.c2b("RKTQDM7W6S" + bad)),
                  "b2c": ("b2c/result", daraja.b2c("chama-1" + bad))}[kind]
    response = unchanged(app, lambda: daraja.post(client, path, json.dumps(body)))
    assert response.status_code == 400 and response.get_json()["ResultCode"] == 1
    validation = unchanged(app, lambda: daraja.post(client, "c2b/validation", json.dumps(daraja.c2b("RK" + bad))))
    assert validation.status_code == 400 and validation.get_json()["ResultCode"] == "C2B00016"


def test_twilio_num_media_in_other_digits_is_refused(app):
    client = app.test_client()
    fields = twilio_form(JANE, "BAL", whatsapp=True, NumMedia="²")
    response = unchanged(app, lambda: client.post("/whatsapp/twilio", data=fields,
                                                  headers=signed("/whatsapp/twilio", fields)))
    assert response.status_code == 400


def test_a_ussd_choice_in_other_digits_is_read_as_the_digit_it_stands_for(app):
    jane = Dialer(app.test_client(), JANE)
    register(jane)
    create_chama(jane)
    jane.dial()
    mine = jane.press("6")
    jane.dial()
    assert jane.press("⁶") == mine and jane.status == 200
    jane.inputs.append("²")
    assert jane.replay().startswith(("CON", "END")) and jane.status == 200


@pytest.mark.parametrize("path", ["/sms/infobip", "/whatsapp/infobip", "/sms/infobip/delivery", "/push/register",
                                  "/mpesa/stk/callback"])
def test_json_nested_past_reason_is_refused(app, path):
    client = app.test_client()
    for body in (b"[" * 5000 + b"]" * 5000, b'{"results":' * 200 + b"[]" + b"}" * 200):
        response = unchanged(app, lambda: client.post(f"{path}?token={TOKEN}", data=body,
                                                      content_type="application/json"))
        assert response.status_code == 400


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-be", "utf-32-le"])
def test_a_body_in_utf16_or_utf32_is_refused(app, encoding):
    client = app.test_client()
    body = json.dumps(infobip_sms(("ib-2", JANE, "BAL"))).encode(encoding)
    response = unchanged(app, lambda: client.post(f"/sms/infobip?token={TOKEN}", data=body,
                                                  content_type="application/json"))
    assert response.status_code == 400
    callback = unchanged(app, lambda: daraja.post(client, "c2b/confirmation",
                                                  json.dumps(daraja.c2b("RKTQDM7W6S")).encode(encoding)))
    assert callback.status_code == 400


def test_received_at_as_a_number_is_read_as_now(app):
    client = app.test_client()
    body = infobip_whatsapp("wamid.7", JANE, {"type": "TEXT", "text": "HELP"})
    body["results"][0]["receivedAt"] = 1736499600
    assert client.post(f"/whatsapp/infobip?token={TOKEN}", json=body).status_code == 200
    sms = infobip_sms(("ib-3", JANE, "HELP"))
    sms["results"][0]["receivedAt"] = 17.5
    assert client.post(f"/sms/infobip?token={TOKEN}", json=sms).status_code == 200


@pytest.mark.parametrize("limit", ["-1", "²", "abc", "99999999999", "\x00"])
def test_the_simulator_outbox_refuses_a_limit_that_is_no_count(app, limit):
    response = app.test_client().get("/simulator/outbox", query_string={"limit": limit, "format": "json"})
    assert response.status_code == 400 or (limit == "99999999999" and response.status_code == 200)


@pytest.fixture
def simulator():
    state = SimulatorState(passkey=SANDBOX_PASSKEY, delay=3600)
    client = create_simulator_app(state).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {state.issue_token()}"
    yield client
    state.cancel_all()


SIMULATE = {"ShortCode": "600638", "CommandID": "CustomerPayBillOnline", "Amount": 500, "Msisdn": 254712345678,
            "BillRefNumber": "UMOJA-2"}


@pytest.mark.parametrize("change", [{"Msisdn": "07x"}, {"Msisdn": "²"}, {"Amount": "abc"}, {"Amount": None},
                                    {"Amount": [1]}, {"Msisdn": None}, {"ShortCode": None}])
def test_the_daraja_simulator_refuses_bad_fields_as_daraja_does(simulator, change):
    response = simulator.post("/mpesa/c2b/v2/simulate", json={**SIMULATE, **change})
    assert response.status_code == 400 and response.get_json()["errorCode"] == "400.002.02"


@pytest.mark.parametrize("path, body", [
    ("/mpesa/c2b/v2/registerurl", {"ResponseType": "Completed"}),
    ("/mpesa/b2c/v3/paymentrequest", {"OriginatorConversationID": "o-1", "Amount": 10, "Remarks": "ok"}),
    ("/mpesa/transactionstatus/v1/query", {"OriginalConversationID": "o-1"}),
    ("/mpesa/stkpush/v1/processrequest", [1, 2]),
    ("/mpesa/c2b/v2/simulate", b"[" * 3000 + b"]" * 3000)])
def test_the_daraja_simulator_refuses_missing_keys_and_deep_json(simulator, path, body):
    data = body if isinstance(body, bytes) else json.dumps(body)
    response = simulator.post(path, data=data, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["errorCode"] == "400.002.02"
