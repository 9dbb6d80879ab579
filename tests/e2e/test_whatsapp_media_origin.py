"""Receipt images are fetched only from the provider's own hosts, with its
credentials sent only there, never by following a redirect elsewhere, capped
in size, and (with workers running) by a worker after the webhook answered.
Whoever holds the webhook token cannot make us fetch, or leak our provider
key to, a URL of their choosing."""
import json
import os

import pytest
import redis
import responses
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from chamabora.worker import tasks
from chamabora.jobs.queues import queues
from chamabora.providers.messaging import media
from tests.e2e.messaging import JANE, TOKEN, claims, infobip_whatsapp, messaging, signed, twilio_form
from tests.e2e.test_whatsapp_webhooks import PICTURE, TWILIO_MEDIA, member_in_a_chama

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
INFOBIP_BASE = "https://xyz.api.infobip.com"
INFOBIP_MEDIA = INFOBIP_BASE + "/whatsapp/1/senders/254700000000/media/abc123"


@pytest.fixture
def app(engine, make_app, tmp_path):
    return make_app(engine.url.render_as_string(hide_password=False),
                    messaging=messaging(tmp_path, infobip_api_key="ib-secret-key", infobip_base_url=INFOBIP_BASE))


def post_infobip_image(client, url, mid="wamid.9"):
    body = infobip_whatsapp(mid, JANE, {"type": "IMAGE", "url": url, "caption": ""})
    return client.post(f"/whatsapp/infobip?token={TOKEN}", json=body)


def kept_files(tmp_path):
    folder = tmp_path / "media"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "https://evil.example/x.png",
                                 "https://xyz.api.infobip.com.evil.example/a", "http://xyz.api.infobip.com/a",
                                 "https://user:pw@xyz.api.infobip.com/a", "file:///etc/passwd"])
@responses.activate
def test_an_image_url_off_the_providers_hosts_is_never_fetched_nor_stored(app, tmp_path, url):
    client = app.test_client()
    member_in_a_chama(client)
    assert post_infobip_image(client, url).status_code == 200
    assert len(responses.calls) == 0 and kept_files(tmp_path) == []
    assert all(url not in claim.media for claim in claims(app))


@responses.activate
def test_a_redirect_off_the_providers_hosts_is_not_followed_and_the_key_goes_nowhere_else(app, tmp_path):
    client = app.test_client()
    member_in_a_chama(client)
    responses.get(INFOBIP_MEDIA, status=302, headers={"Location": "https://evil.example/steal"})
    assert post_infobip_image(client, INFOBIP_MEDIA).status_code == 200
    assert [call.request.url for call in responses.calls] == [INFOBIP_MEDIA]
    assert responses.calls[0].request.headers["Authorization"] == "App ib-secret-key"
    assert kept_files(tmp_path) == [] and json.loads(claims(app)[0].media) == [INFOBIP_MEDIA]


@responses.activate
def test_twilio_media_follows_its_redirect_to_twilios_cdn_without_credentials(app, tmp_path):
    client = app.test_client()
    member_in_a_chama(client)
    cdn = "https://media.twiliocdn.com/AC0123/abc"
    responses.get(TWILIO_MEDIA, status=307, headers={"Location": cdn})
    responses.get(cdn, body=PICTURE, content_type="image/png")
    form = twilio_form(JANE, "", sid="MM7", whatsapp=True, NumMedia="1", MediaUrl0=TWILIO_MEDIA)
    assert client.post("/whatsapp/twilio", data=form, headers=signed("/whatsapp/twilio", form)).status_code == 200
    assert responses.calls[0].request.headers["Authorization"].startswith("Basic ")
    assert "Authorization" not in responses.calls[1].request.headers
    assert kept_files(tmp_path) == ["twilio-MM7-0.png"]


@responses.activate
def test_an_image_larger_than_the_cap_is_not_kept(app, tmp_path, monkeypatch):
    monkeypatch.setattr(media, "MAX_BYTES", 1000)
    client = app.test_client()
    member_in_a_chama(client)
    responses.get(INFOBIP_MEDIA, body=b"x" * 5000, content_type="image/jpeg")
    assert post_infobip_image(client, INFOBIP_MEDIA).status_code == 200
    assert kept_files(tmp_path) == [] and json.loads(claims(app)[0].media) == [INFOBIP_MEDIA]


@responses.activate
def test_with_workers_the_image_is_fetched_by_a_worker_not_in_the_request(engine, make_app, tmp_path):
    redis.Redis.from_url(REDIS_URL).flushdb()
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL,
                   messaging=messaging(tmp_path))
    services = app.extensions["chamabora"]
    tasks.use(services)
    try:
        client = app.test_client()
        member_in_a_chama(client)
        work = lambda: SimpleWorker(queues(services.redis), connection=services.redis,  # noqa: E731
                                    serializer=JSONSerializer).work(burst=True, logging_level="WARNING")
        work()
        responses.get(TWILIO_MEDIA, body=PICTURE, content_type="image/png")
        form = twilio_form(JANE, "", sid="MM8", whatsapp=True, NumMedia="1", MediaUrl0=TWILIO_MEDIA)
        assert client.post("/whatsapp/twilio", data=form, headers=signed("/whatsapp/twilio", form)).status_code == 200
        assert len(responses.calls) == 0 and json.loads(claims(app)[0].media) == [TWILIO_MEDIA]
        work()
        assert len(responses.calls) == 1 and kept_files(tmp_path) == ["twilio-MM8-0.png"]
        assert json.loads(claims(app)[0].media) == [(tmp_path / "media" / "twilio-MM8-0.png").as_uri()]
    finally:
        tasks.use(None)


@responses.activate
def test_with_workers_an_infobip_image_is_kept_after_its_message_is_answered(engine, make_app, tmp_path):
    redis.Redis.from_url(REDIS_URL).flushdb()
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL,
                   messaging=messaging(tmp_path, infobip_api_key="ib-secret-key", infobip_base_url=INFOBIP_BASE))
    services = app.extensions["chamabora"]
    tasks.use(services)
    try:
        client = app.test_client()
        work = lambda: SimpleWorker(queues(services.redis), connection=services.redis,  # noqa: E731
                                    serializer=JSONSerializer).work(burst=True, logging_level="WARNING")
        member_in_a_chama(client)
        work()
        responses.get(INFOBIP_MEDIA, body=PICTURE, content_type="image/jpeg")
        assert post_infobip_image(client, INFOBIP_MEDIA, mid="wamid.20").status_code == 200
        assert len(responses.calls) == 0 and claims(app) == []  # stored, neither answered nor fetched yet
        work()  # the answering job records the claim; the keeping job, on a later queue, fetches the image
        assert responses.calls[0].request.headers["Authorization"] == "App ib-secret-key"
        assert json.loads(claims(app)[0].media) == [(tmp_path / "media" / "infobip-wamid_20-0.jpg").as_uri()]
    finally:
        tasks.use(None)
