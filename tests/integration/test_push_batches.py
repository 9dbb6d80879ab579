"""Push in batches, with the real firebase-admin SDK and FCM's HTTP stubbed
by `responses`: a batch job of 500 push reminders is one `send_each` call
(500 requests, one per message, as the SDK sends them), and an app FCM calls
UNREGISTERED loses its push id, with its notice resent by SMS."""
import json
import os

import firebase_admin
import pytest
import redis
import responses
from firebase_admin import credentials, messaging
from google.auth.credentials import AnonymousCredentials
from rq import Queue, SimpleWorker
from rq.serializers import JSONSerializer
from sqlalchemy import select

from chamabora.worker import tasks
from chamabora.jobs.queues import queues
from chamabora.core.ports import Outgoing, SendFailed, Sent
from chamabora.outbox.store import Purpose, outbox
from chamabora.services.notices.push_fallback import forgetter
from chamabora.providers.messaging.fcm import FcmPush, Unregistered
from chamabora.services.records import members
from chamabora.services.notices.notify import member_channels, notify, register_push_id
from tests.helpers import phone

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
FCM_URL = "https://fcm.googleapis.com/v1/projects/chama-test/messages:send"
GONE_FID = "fid-137"
UNREGISTERED = {"error": {"code": 404, "message": "not found", "status": "NOT_FOUND", "details": [
    {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNREGISTERED"}]}}


class Anonymous(credentials.Base):
    def get_credential(self):
        return AnonymousCredentials()


@pytest.fixture
def firebase():
    app = firebase_admin.initialize_app(Anonymous(), {"projectId": "chama-test"}, name="chamabora-test-batches")
    yield app
    firebase_admin.delete_app(app)


@pytest.fixture
def send_each_calls(monkeypatch):
    """The real `send_each`, counted: how many messages each call carried."""
    calls, real = [], messaging.send_each

    def counted(messages, dry_run=False, app=None):
        calls.append(len(messages))
        return real(messages, dry_run=dry_run, app=app)

    monkeypatch.setattr(messaging, "send_each", counted)
    return calls


def fcm_answers(gone=(GONE_FID,), status=404, body=None):
    """FCM as a callback: UNREGISTERED for `gone`, a message name for every other FID."""
    def answer(request):
        fid = json.loads(request.body)["message"]["fid"]
        if fid in gone:
            return status, {}, json.dumps(body or UNREGISTERED)
        return 200, {}, json.dumps({"name": f"projects/chama-test/messages/{fid}"})
    responses.add_callback(responses.POST, FCM_URL, callback=answer, content_type="application/json")


def push(n, body="Contribution due Friday"):
    return Outgoing(n, "push", "reminder", f"fid-{n}", body, {}, n, 1)


@pytest.fixture
def services(engine, make_app):
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    services = app.extensions["chamabora"]
    tasks.use(services)
    yield services
    tasks.use(None)
    connection.flushdb()
    connection.close()


def app_users(services, count):
    """`count` members with the app, each with a push reminder queued through `notify`."""
    def work(conn):
        conn.execute(members.insert(), [{"phone": phone(n), "name": f"M{n}", "language": "sw"}
                                        for n in range(1, count + 1)])
        ids = dict(conn.execute(select(members.c.phone, members.c.id)).all())
        for n in range(1, count + 1):
            register_push_id(conn, ids[phone(n)], f"fid-{n}")
        return [notify(conn, ids[phone(n)], f"Mchango wa M{n} ni kesho", purpose=Purpose.REMINDER, chama_id=None)
                for n in range(1, count + 1)]
    return services.run(work)


@responses.activate
def test_a_batch_job_of_500_pushes_is_one_send_each_and_an_unregistered_app_falls_back_to_sms(
        services, firebase, send_each_calls):
    services.senders["push"] = FcmPush(firebase, forgetter(services.run))
    fcm_answers()
    ids = app_users(services, 500)
    assert Queue("reminder", connection=services.redis).count == 1      # one batch job for the 500 rows
    SimpleWorker(queues(services.redis), connection=services.redis, serializer=JSONSerializer).work(burst=True)

    assert send_each_calls == [500]
    bodies = sorted((json.loads(call.request.body) for call in responses.calls), key=lambda b: b["message"]["fid"])
    assert bodies == sorted(({"message": {"notification": {"title": "Chamabora", "body": f"Mchango wa M{n} ni kesho"},
                                          "fid": f"fid-{n}"}} for n in range(1, 501)),
                            key=lambda b: b["message"]["fid"])
    with services.engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(outbox).where(outbox.c.id.in_(ids)))}
        gone = rows[ids[136]]
        assert (gone.status, gone.last_error) == ("failed", "fcm: UnregisteredError")
        assert sorted((r.status, r.provider_message_id) for i, r in rows.items() if i != gone.id) == sorted(
            ("sent", f"projects/chama-test/messages/fid-{n}") for n in range(1, 501) if n != 137)
        push_ids = dict(conn.execute(select(member_channels.c.member_id, member_channels.c.push_id)).all())
        resent = conn.execute(select(outbox).where(outbox.c.dedupe_key == f"push-gone:{gone.id}")).one()
    assert push_ids[gone.member_id] is None
    assert sum(1 for fid in push_ids.values() if fid) == 499
    assert (resent.channel, resent.recipient, resent.body, resent.purpose, resent.status) == (
        "sms", phone(137), "Mchango wa M137 ni kesho", "reminder", "sent")
    later = services.run(lambda conn: notify(conn, gone.member_id, "Mkutano Jumamosi"))
    with services.engine.connect() as conn:
        assert conn.execute(select(outbox.c.channel).where(outbox.c.id == later)).scalar_one() == "sms"


@responses.activate
def test_more_than_500_pushes_go_in_send_each_calls_of_at_most_500(firebase, send_each_calls):
    fcm_answers(gone=())
    results = FcmPush(firebase).send_many([push(n) for n in range(1, 521)])
    assert send_each_calls == [500, 20] and len(responses.calls) == 520
    assert results == [Sent("fcm", f"projects/chama-test/messages/fid-{n}") for n in range(1, 521)]


@responses.activate
def test_only_unregistered_apps_are_forgotten_and_other_refusals_keep_their_push_id(firebase):
    forgotten = []
    fcm_answers(gone=("fid-1", "fid-3"))
    fcm = FcmPush(firebase, forgotten.extend)
    results = fcm.send_many([push(1), push(2), push(3)])
    assert [type(r) for r in results] == [Unregistered, Sent, Unregistered] and results[0].permanent
    assert [m.recipient for m in forgotten] == ["fid-1", "fid-3"]


@responses.activate
def test_a_bare_not_found_is_permanent_but_forgets_nothing(firebase):
    """A wrong project id answers NOT_FOUND for every message: that must not wipe members' apps."""
    forgotten = []
    fcm_answers(gone=("fid-1",), body={"error": {"code": 404, "message": "Requested entity was not found.",
                                                 "status": "NOT_FOUND"}})
    with pytest.raises(SendFailed) as failure:
        FcmPush(firebase, forgotten.extend).send(push(1))
    assert failure.value.permanent and not isinstance(failure.value, Unregistered) and forgotten == []


@responses.activate
def test_an_unreachable_fcm_is_retried_and_an_empty_installation_id_is_refused(firebase, send_each_calls):
    fcm_answers(gone=("fid-2",), status=503, body={"error": {"code": 503, "message": "busy", "status": "UNAVAILABLE"}})
    results = FcmPush(firebase).send_many([push(1), push(2), Outgoing(3, "push", "notice", "", "Hi", {}, 3, 1)])
    assert send_each_calls == [2]        # the message without an FID never reaches the SDK
    assert results[0] == Sent("fcm", "projects/chama-test/messages/fid-1")
    assert (results[1].permanent, str(results[1])) == (False, "fcm: UnavailableError")
    assert (results[2].permanent, str(results[2])) == (True, "fcm: no installation id")
