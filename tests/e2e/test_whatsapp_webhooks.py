"""WhatsApp webhooks end to end: Twilio (TwiML replies) and Infobip (outbox
replies), receipt images kept in a local folder or Cloudinary and linked to
the member's payment claim."""
import json
from unittest import mock

import cloudinary.uploader
import pytest
import responses

from tests.e2e.messaging import (CONFIRMATION, JANE, TOKEN, TWILIO_TOKEN, at_sms, claims, infobip_whatsapp,
                                 messaging, rows, signed, twilio_form)
from tests.helpers import snapshot

PICTURE = b"\x89PNG\r\n\x1a\n receipt"
TWILIO_MEDIA = "https://api.twilio.com/2010-04-01/Accounts/AC0123/Messages/MM1/Media/ME1"
INFOBIP_MEDIA = "https://xyz.api.infobip.com/whatsapp/1/senders/254700000000/media/abc123"


def member_in_a_chama(client):
    for text in ("REGISTER Jane Wanjiru", "CREATE CHAMA Umoja 1000 MONTHLY"):
        assert client.post(f"/sms/africastalking?token={TOKEN}", data=at_sms(JANE, text)).status_code == 200


@pytest.fixture
def app(engine, make_app, tmp_path):
    return make_app(engine.url.render_as_string(hide_password=False), messaging=messaging(tmp_path))


@responses.activate
def test_a_receipt_picture_on_twilio_whatsapp_is_kept_locally_and_linked_to_the_claim(app, tmp_path):
    client = app.test_client()
    member_in_a_chama(client)
    responses.get(TWILIO_MEDIA, body=PICTURE, content_type="image/png")
    form = twilio_form(JANE, "", sid="MM1", whatsapp=True, NumMedia="1", MediaUrl0=TWILIO_MEDIA,
                       MediaContentType0="image/png", MessageType="image")
    response = client.post("/whatsapp/twilio", data=form, headers=signed("/whatsapp/twilio", form))
    assert response.status_code == 200 and "receipt picture" in response.get_data(as_text=True)
    kept = tmp_path / "media" / "twilio-MM1-0.png"
    assert kept.read_bytes() == PICTURE
    assert responses.calls[0].request.headers["Authorization"].startswith("Basic ")  # Twilio's media auth
    [claim] = claims(app)
    assert (claim.outcome, claim.channel, json.loads(claim.media)) == ("image", "whatsapp", [kept.as_uri()])


@responses.activate
def test_a_confirmation_with_a_picture_links_both_to_one_claim(app, tmp_path):
    client = app.test_client()
    member_in_a_chama(client)
    responses.get(TWILIO_MEDIA, body=PICTURE, content_type="image/jpeg")
    form = twilio_form(JANE, CONFIRMATION, sid="MM2", whatsapp=True, NumMedia="1", MediaUrl0=TWILIO_MEDIA)
    body = client.post("/whatsapp/twilio", data=form, headers=signed("/whatsapp/twilio", form)).get_data(as_text=True)
    assert "<Message>Thank you. We received M-Pesa payment QGH7XK2L9P" in body
    [claim] = claims(app)
    assert claim.receipt_code == "QGH7XK2L9P" and json.loads(claim.media) == [(tmp_path / "media" / "twilio-MM2-0.jpg").as_uri()]


@responses.activate
def test_a_picture_that_cannot_be_fetched_keeps_the_providers_url(app):
    client = app.test_client()
    member_in_a_chama(client)
    responses.get(TWILIO_MEDIA, status=404)
    form = twilio_form(JANE, "", sid="MM3", whatsapp=True, NumMedia="1", MediaUrl0=TWILIO_MEDIA)
    assert client.post("/whatsapp/twilio", data=form, headers=signed("/whatsapp/twilio", form)).status_code == 200
    assert json.loads(claims(app)[0].media) == [TWILIO_MEDIA]


def test_an_unsigned_twilio_whatsapp_message_is_refused(app):
    client = app.test_client()
    before = snapshot(app.extensions["chamabora"].engine)
    form = twilio_form(JANE, "HELP", whatsapp=True)
    assert client.post("/whatsapp/twilio", data=form).status_code == 403
    assert client.post("/whatsapp/twilio", data=form, headers=signed("/whatsapp/twilio", form, "wrong")).status_code == 403
    assert snapshot(app.extensions["chamabora"].engine) == before


def test_a_whatsapp_address_on_the_sms_route_is_a_400(app):
    client = app.test_client()
    form = twilio_form(JANE, "HELP", whatsapp=True)
    assert client.post("/sms/twilio", data=form, headers=signed("/sms/twilio", form)).status_code == 400


class FakeCloudinaryHttp:
    """Stands in for cloudinary.uploader._http (urllib3): records the upload, answers like Cloudinary."""

    def __init__(self):
        self.calls = []

    def request(self, method, url, fields=None, headers=None, **kwargs):
        self.calls.append((method, url, dict(fields)))
        body = {"public_id": "chamabora/receipts/infobip-wamid_1-0", "version": 1,
                "secure_url": "https://res.cloudinary.com/chama/image/upload/v1/chamabora/receipts/infobip-wamid_1-0.jpg"}
        return mock.Mock(status=200, headers={"content-type": "application/json"}, data=json.dumps(body).encode())


@responses.activate
def test_an_infobip_whatsapp_image_goes_to_cloudinary_and_the_reply_to_the_outbox(engine, make_app, tmp_path):
    app = make_app(engine.url.render_as_string(hide_password=False),
                   messaging=messaging(tmp_path, cloudinary_url="cloudinary://key123:secret456@chama",
                                       infobip_api_key="ib-key", infobip_base_url="https://xyz.api.infobip.com"))
    client = app.test_client()
    member_in_a_chama(client)
    responses.get(INFOBIP_MEDIA, body=PICTURE, content_type="image/jpeg")
    fake = FakeCloudinaryHttp()
    body = infobip_whatsapp("wamid.1", JANE, {"type": "IMAGE", "url": INFOBIP_MEDIA, "caption": ""})
    with mock.patch.object(cloudinary.uploader, "_http", fake):
        assert client.post(f"/whatsapp/infobip?token={TOKEN}", json=body).status_code == 200
    assert responses.calls[0].request.headers["Authorization"] == "App ib-key"
    [(method, url, fields)] = fake.calls
    assert (method, url) == ("POST", "https://api.cloudinary.com/v1_1/chama/image/upload")
    assert (fields["public_id"], fields["folder"], fields["api_key"], fields["overwrite"]) == \
        ("infobip-wamid_1-0", "chamabora/receipts", "key123", "0")
    assert "signature" in fields and "secret456" not in json.dumps({k: str(v) for k, v in fields.items()})
    [claim] = claims(app)
    assert json.loads(claim.media) == ["https://res.cloudinary.com/chama/image/upload/v1/chamabora/receipts/"
                                       "infobip-wamid_1-0.jpg"]
    reply = rows(app)[-1]
    assert (reply.channel, reply.recipient, json.loads(reply.payload)) == ("whatsapp", JANE, {"provider": "infobip"})


def test_an_infobip_whatsapp_text_in_swahili_is_answered(app):
    client = app.test_client()
    body = infobip_whatsapp("wamid.2", JANE, {"type": "TEXT", "text": "SAJILI Jane Wanjiru"})
    assert client.post(f"/whatsapp/infobip?token={TOKEN}", json=body).status_code == 200
    assert rows(app)[-1].body.startswith("Karibu Jane Wanjiru! Jiunge")
    bad = infobip_whatsapp("wamid.3", JANE, "not an object")
    assert client.post(f"/whatsapp/infobip?token={TOKEN}", json=bad).status_code == 400
    assert client.post("/whatsapp/infobip", json=body).status_code == 403


def test_production_without_a_twilio_token_refuses_twilio_webhooks(engine, make_app, tmp_path):
    app = make_app(engine.url.render_as_string(hide_password=False),
                   messaging=messaging(tmp_path, twilio_auth_token=None))
    form = twilio_form(JANE, "HELP")
    # the test environment, like the local default, accepts unsigned Twilio posts without a token
    assert app.test_client().post("/sms/twilio", data=form).status_code == 200
    from chamabora.channels.sms.twilio_codec import signature_is_valid

    with app.test_request_context("/sms/twilio", method="POST", data=form):
        from flask import request

        assert not signature_is_valid(request, messaging(tmp_path, twilio_auth_token=None), production=True)
    assert TWILIO_TOKEN not in repr(messaging(tmp_path))
