"""Senders run the providers' real SDKs with HTTP stubbed at the transport:
`responses` for Africa's Talking, Twilio and FCM (requests), a recording
urllib3 pool for Infobip. Each test asserts the exact request sent."""
import json
from urllib.parse import parse_qs

import firebase_admin
import pytest
import responses
import urllib3
from firebase_admin import credentials
from google.auth.credentials import AnonymousCredentials

from chamabora.core.ports import Outgoing, SendFailed, Sent

from chamabora.outbox.sending import RecordingSender
from chamabora.providers.messaging.fcm import FcmPush
from chamabora.outbox.routing import ProviderRouter
from chamabora.providers.messaging.sms import AfricasTalkingSms, InfobipSms, TwilioMessages, infobip_client
from chamabora.providers.messaging.whatsapp import InfobipWhatsApp

AT_URL = "https://api.africastalking.com/version1/messaging"
SID = "AC0123456789abcdef0123456789abcdef"
TWILIO_URL = f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json"


def message(body="Habari Jane", recipient="+254712345678", **payload):
    return Outgoing(7, "sms", "reply", recipient, body, payload, 1, 1)


def at_answer(code=101, status="Success"):
    return {"SMSMessageData": {"Message": "Sent to 1/1 Total Cost: KES 0.8000", "Recipients": [
        {"statusCode": code, "number": "+254712345678", "status": status, "cost": "KES 0.8000",
         "messageId": "ATXid_out"}]}}


@responses.activate
def test_africas_talking_receives_the_form_its_api_documents():
    responses.post(AT_URL, json=at_answer())
    sent = AfricasTalkingSms("chamabora", "at-key", "CHAMABORA").send(message())
    assert sent == Sent("africastalking", "ATXid_out")
    request = responses.calls[0].request
    assert request.headers["apiKey"] == "at-key" and request.headers["Accept"] == "application/json"
    assert parse_qs(request.body) == {"username": ["chamabora"], "to": ["+254712345678"], "message": ["Habari Jane"],
                                      "bulkSMSMode": ["1"], "from": ["CHAMABORA"]}


@responses.activate
@pytest.mark.parametrize("answer, permanent", [
    ({"json": at_answer(406, "UserInBlacklist")}, True),
    ({"json": at_answer(405, "InsufficientBalance")}, False),
    ({"status": 500, "body": "Internal error"}, False),
    ({"body": "not json", "content_type": "text/plain"}, False),
])
def test_africas_talking_refusals_are_permanent_or_retried(answer, permanent):
    responses.post(AT_URL, **answer)
    with pytest.raises(SendFailed) as failure:
        AfricasTalkingSms("chamabora", "at-key").send(message())
    assert failure.value.permanent is permanent and "at-key" not in str(failure.value)


def test_africas_talking_refuses_a_number_without_plus_permanently():
    with pytest.raises(SendFailed) as failure:
        AfricasTalkingSms("chamabora", "at-key").send(message(recipient="0712345678"))
    assert failure.value.permanent


@responses.activate
@pytest.mark.parametrize("whatsapp, to, sender", [(False, "+254712345678", "+15005550006"),
                                                   (True, "whatsapp:+254712345678", "whatsapp:+14155238886")])
def test_twilio_receives_one_messages_create_per_row(whatsapp, to, sender):
    responses.post(TWILIO_URL, status=201, json={"sid": "SM123", "status": "queued"})
    twilio = TwilioMessages(SID, "tw-token", sender.removeprefix("whatsapp:"), "https://chama.example/sms/twilio/status",
                            whatsapp=whatsapp)
    assert twilio.send(message()) == Sent("twilio", "SM123")
    request = responses.calls[0].request
    assert parse_qs(request.body) == {"To": [to], "From": [sender], "Body": ["Habari Jane"],
                                      "StatusCallback": ["https://chama.example/sms/twilio/status"]}
    assert request.headers["Authorization"].startswith("Basic ")


@responses.activate
@pytest.mark.parametrize("status, permanent", [(400, True), (429, False), (503, False)])
def test_twilio_errors_map_to_permanent_or_retried_failures(status, permanent):
    responses.post(TWILIO_URL, status=status, json={"code": 21211, "message": "Invalid 'To' Phone Number",
                                                    "status": status})
    with pytest.raises(SendFailed) as failure:
        TwilioMessages(SID, "tw-token", "+15005550006").send(message())
    assert failure.value.permanent is permanent


class RecordingPool:
    """Infobip's REST layer calls `pool_manager.request(...)` (urllib3); this records and answers."""

    def __init__(self, status=200, group="PENDING"):
        self.calls, self.status, self.group = [], status, group

    def request(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        body = {"bulkId": "bulk-1", "messages": [{"messageId": "ib-out-1", "destination": "254712345678",
                                                  "status": {"groupId": 1, "groupName": self.group, "id": 26,
                                                             "name": "PENDING_ACCEPTED", "description": "sent"}}]}
        return urllib3.HTTPResponse(body=json.dumps(body).encode(), status=self.status,
                                    headers={"Content-Type": "application/json"}, preload_content=False)


def infobip(pool):
    client = infobip_client("https://xyz.api.infobip.com", "ib-key")
    client.rest_client.pool_manager = pool
    return client


def test_infobip_sms_posts_the_v3_messages_body():
    pool = RecordingPool()
    assert InfobipSms(infobip(pool), "CHAMABORA").send(message()) == Sent("infobip", "ib-out-1")
    [(method, url, kwargs)] = pool.calls
    assert (method, url) == ("POST", "https://xyz.api.infobip.com/sms/3/messages")
    assert kwargs["headers"]["Authorization"] == "App ib-key"
    assert json.loads(kwargs["body"]) == {"messages": [{"sender": "CHAMABORA", "destinations": [
        {"to": "254712345678", "messageId": "chamabora-7"}], "content": {"text": "Habari Jane"}}]}


def test_infobip_whatsapp_posts_the_messages_api_body():
    pool = RecordingPool()
    assert InfobipWhatsApp(infobip(pool), "+254700000000").send(message()) == Sent("infobip", "ib-out-1")
    [(method, url, kwargs)] = pool.calls
    assert (method, url) == ("POST", "https://xyz.api.infobip.com/messages-api/1/messages")
    assert json.loads(kwargs["body"]) == {"messages": [{"channel": "WHATSAPP", "sender": "254700000000",
                                                        "destinations": [{"to": "254712345678",
                                                                          "messageId": "chamabora-7"}],
                                                        "content": {"body": {"type": "TEXT", "text": "Habari Jane"}}}]}


@pytest.mark.parametrize("pool, permanent", [(RecordingPool(status=401), True), (RecordingPool(status=503), False),
                                             (RecordingPool(group="REJECTED"), True)])
def test_infobip_refusals_are_permanent_or_retried(pool, permanent):
    with pytest.raises(SendFailed) as failure:
        InfobipSms(infobip(pool), "CHAMABORA").send(message())
    assert failure.value.permanent is permanent


class LogsPool:
    """Infobip's logs endpoint: answers with the given log entries and records the query."""

    def __init__(self, *message_ids, status=200):
        self.calls, self.message_ids, self.status = [], message_ids, status

    def request(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        body = {"results": [{"sender": "CHAMABORA", "destination": "254712345678", "bulkId": "bulk-1",
                             "messageId": mid, "sentAt": "2027-01-10T09:00:01.000+0000",
                             "status": {"groupId": 3, "groupName": "DELIVERED", "id": 5,
                                        "name": "DELIVERED_TO_HANDSET"}} for mid in self.message_ids]}
        return urllib3.HTTPResponse(body=json.dumps(body).encode(), status=self.status,
                                    headers={"Content-Type": "application/json"}, preload_content=False)


@pytest.mark.parametrize("logged, found", [(("chamabora-7",), Sent("infobip", "chamabora-7")), ((), None)])
def test_infobip_sms_looks_up_an_interrupted_message_by_the_id_we_gave_it(logged, found):
    pool = LogsPool(*logged)
    sender = ProviderRouter({"infobip": InfobipSms(infobip(pool), "CHAMABORA")}, "infobip")
    assert sender.find_sent(message()) == found
    [(method, url, kwargs)] = pool.calls
    assert (method, url.split("?")[0]) == ("GET", "https://xyz.api.infobip.com/sms/3/logs")
    assert parse_qs(url.split("?")[1]) == {"messageId": ["chamabora-7"]}
    assert kwargs["headers"]["Authorization"] == "App ib-key"


def test_an_infobip_lookup_that_fails_is_a_retryable_failure_and_others_cannot_look_up():
    with pytest.raises(SendFailed) as failure:
        InfobipSms(infobip(LogsPool(status=503)), "CHAMABORA").find_sent(message())
    assert failure.value.permanent is False
    router = ProviderRouter({"africastalking": AfricasTalkingSms("chamabora", "at-key")}, "africastalking")
    assert router.find_sent(message()) is None  # Africa's Talking cannot tell: the message is sent again


class Anonymous(credentials.Base):
    def get_credential(self):
        return AnonymousCredentials()


@pytest.fixture
def firebase():
    app = firebase_admin.initialize_app(Anonymous(), {"projectId": "chama-test"}, name="chamabora-test-push")
    yield app
    firebase_admin.delete_app(app)


@responses.activate
def test_push_goes_to_fcm_v1_with_the_members_installation_id(firebase):
    responses.post("https://fcm.googleapis.com/v1/projects/chama-test/messages:send",
                   json={"name": "projects/chama-test/messages/0:1"})
    push = Outgoing(9, "push", "notice", "fid-abc", "Contribution due Friday", {"chama": "UMOJA"}, 1, 1)
    assert FcmPush(firebase).send(push) == Sent("fcm", "projects/chama-test/messages/0:1")
    sent = json.loads(responses.calls[0].request.body)
    assert sent == {"message": {"notification": {"title": "Chamabora", "body": "Contribution due Friday"},
                                "data": {"chama": "UMOJA"}, "fid": "fid-abc"}}


@responses.activate
def test_an_unregistered_app_is_a_permanent_push_failure(firebase):
    responses.post("https://fcm.googleapis.com/v1/projects/chama-test/messages:send", status=404, json={
        "error": {"code": 404, "message": "not found", "status": "NOT_FOUND", "details": [
            {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNREGISTERED"}]}})
    with pytest.raises(SendFailed) as failure:
        FcmPush(firebase).send(Outgoing(9, "push", "notice", "fid-gone", "Hi", {}, 1, 1))
    assert failure.value.permanent


def test_a_reply_goes_back_through_the_provider_the_member_wrote_to():
    by_provider = {"africastalking": RecordingSender(), "infobip": TwilioLike()}
    router = ProviderRouter(by_provider, default="africastalking")
    assert router.send(message(provider="infobip")).provider == "like"
    assert router.send(message()).provider == "simulator"
    assert router.send(message(provider="unknown")).provider == "simulator"


class TwilioLike:
    def send(self, outgoing):
        return Sent("like", "x")
