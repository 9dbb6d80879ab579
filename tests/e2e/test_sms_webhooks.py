"""SMS webhooks end to end: the providers' real payloads in, the engine's
reply out (TwiML for Twilio, the outbox for Africa's Talking and Infobip),
with authentication, idempotency and bad input changing nothing."""
import json

import pytest

from chamabora.db.conversation_tables import InboundMessage
from chamabora.outbox.reports import waiting
from chamabora.core.ports import Sent
from chamabora.outbox.sending import send_one
from chamabora.db.transaction import unit_of_work
from tests.e2e.messaging import (CONFIRMATION, JANE, OTIENO, STRANGER, SHARED_KEY, TOKEN, at_sms, claims,
                                 infobip_sms, messaging, rows, sent_by, signed, twilio_form)
from tests.helpers import snapshot

AT = f"/sms/africastalking?token={TOKEN}"


@pytest.fixture
def app(engine, make_app, tmp_path):
    return make_app(engine.url.render_as_string(hide_password=False), messaging=messaging(tmp_path))


@pytest.fixture
def client(app):
    return app.test_client()


def at_say(client, phone, text, message_id=None):
    assert client.post(AT, data=at_sms(phone, text, message_id)).status_code == 200


def last_reply(app):
    return rows(app)[-1].body


def test_an_africas_talking_sms_is_answered_through_the_outbox_in_the_same_transaction(app, client):
    at_say(client, JANE, "REGISTER Jane Wanjiru", "ATXid_1")
    [reply] = rows(app)
    assert (reply.channel, reply.purpose, reply.recipient, reply.status) == ("sms", "reply", JANE, "sent")
    assert reply.body.startswith("Karibu Jane Wanjiru!") and json.loads(reply.payload) == {"provider": "africastalking"}
    assert reply.dedupe_key == "reply:africastalking:ATXid_1:0"


def test_an_unknown_sender_gets_a_friendly_registration_hint(app, client):
    at_say(client, STRANGER, "BAL")
    assert last_reply(app).startswith("You are not registered yet. Send REGISTER and your name")


def test_a_providers_retry_is_answered_once_and_changes_nothing(app, client):
    at_say(client, JANE, "REGISTER Jane Wanjiru", "ATXid_same")
    before = snapshot(app.extensions["chamabora"].engine)
    at_say(client, JANE, "REGISTER Jane Wanjiru", "ATXid_same")
    assert snapshot(app.extensions["chamabora"].engine) == before and len(rows(app)) == 1


def test_a_conversation_in_swahili_over_sms(app, client):
    at_say(client, JANE, "SAJILI Jane Wanjiru")
    at_say(client, JANE, "LUGHA SW")
    assert last_reply(app) == "Lugha imewekwa Kiswahili."
    at_say(client, JANE, "UNDA CHAMA Bidii 500 KILA MWEZI")
    assert "kiko tayari" in last_reply(app)
    at_say(client, JANE, CONFIRMATION)
    assert last_reply(app).startswith("Asante. Tumepokea malipo ya M-Pesa QGH7XK2L9P ya KES 1,000.")
    at_say(client, JANE, CONFIRMATION)
    assert last_reply(app).startswith("Tayari tuna malipo ya M-Pesa QGH7XK2L9P.")


def test_a_forwarded_confirmation_becomes_one_pending_claim(app, client):
    at_say(client, JANE, "REGISTER Jane Wanjiru")
    at_say(client, JANE, "CREATE CHAMA Umoja 1000 MONTHLY")
    at_say(client, JANE, CONFIRMATION)
    assert "held as pending" in last_reply(app)
    at_say(client, OTIENO, "REGISTER Otieno Ouma")
    [claim] = claims(app)
    assert (claim.receipt_code, claim.amount_cents, claim.outcome, claim.status, claim.kind) == \
        ("QGH7XK2L9P", 100000, "parsed", "pending", "sent")
    assert claim.raw_text == CONFIRMATION and claim.chama_id is not None
    assert json.loads(claim.fields)["counterparty_name"] == "UMOJA CHAMA"


def test_an_unreadable_confirmation_is_recorded_and_held_with_a_neutral_reply(app, client):
    at_say(client, JANE, "REGISTER Jane Wanjiru")
    at_say(client, JANE, "CREATE CHAMA Umoja 1000 MONTHLY")
    at_say(client, JANE, "QGH7XK2L9Q Confirmed. Ksh1,000.00 sent to UMOJA on at 9:15 AM. New M-PESA balance is")
    assert "could not read it as an M-Pesa SMS" in last_reply(app)
    assert "altered" not in last_reply(app) and "unchanged" not in last_reply(app)
    [claim] = claims(app)
    assert (claim.outcome, claim.receipt_code, claim.status) == ("unrecognised", "QGH7XK2L9Q", "pending")
    assert claim.problem


@pytest.mark.parametrize("form", [
    {},
    {"from": "0712000001", "text": "BAL", "id": "ATXid_9"},           # not E.164
    {"from": JANE, "text": "BAL"},                                     # no message id
    {"from": JANE, "id": "ATXid_9"},                                   # no text field
])
def test_a_malformed_africas_talking_form_is_a_400_and_changes_nothing(app, client, form):
    before = snapshot(app.extensions["chamabora"].engine)
    assert client.post(AT, data=form).status_code == 400
    assert snapshot(app.extensions["chamabora"].engine) == before


def test_africas_talking_without_the_webhook_secret_is_refused(app, client):
    before = snapshot(app.extensions["chamabora"].engine)
    assert client.post("/sms/africastalking", data=at_sms(JANE, "HELP")).status_code == 403
    assert client.post("/sms/africastalking?token=wrong", data=at_sms(JANE, "HELP")).status_code == 403
    assert snapshot(app.extensions["chamabora"].engine) == before


def test_a_huge_body_is_refused_before_anything_is_read(app, client):
    before = snapshot(app.extensions["chamabora"].engine)
    assert client.post(AT, data=at_sms(JANE, "x" * 100_000)).status_code == 413
    assert snapshot(app.extensions["chamabora"].engine) == before


def test_africas_talking_delivery_reports_mark_the_row_delivered_or_failed(app, client):
    at_say(client, JANE, "HELP")
    at_say(client, OTIENO, "HELP")
    first, second = rows(app)
    sent_by(app, first, "africastalking", "ATXid_out_1")
    sent_by(app, second, "africastalking", "ATXid_out_2")
    first, second = rows(app)
    report = {"phoneNumber": JANE, "networkCode": "63902", "retryCount": "0"}
    post = f"/sms/africastalking/delivery?token={TOKEN}"
    assert client.post(post, data={**report, "id": first.provider_message_id, "status": "Buffered"}).status_code == 200
    assert rows(app)[0].status == "sent"
    client.post(post, data={**report, "id": first.provider_message_id, "status": "Success"})
    client.post(post, data={**report, "id": second.provider_message_id, "status": "Failed",
                            "failureReason": "UserInBlackList"})
    first, second = rows(app)
    assert (first.status, second.status, second.last_error) == ("delivered", "failed", "delivery: UserInBlackList")
    assert client.post(post, data={"status": "Success"}).status_code == 400


def test_a_signed_twilio_sms_is_answered_with_twiml(app, client):
    form = twilio_form(JANE, "REGISTER Jane Wanjiru")
    response = client.post("/sms/twilio", data=form, headers=signed("/sms/twilio", form))
    assert response.status_code == 200 and response.content_type == "application/xml"
    assert response.get_data(as_text=True).startswith(
        '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Karibu Jane Wanjiru!')
    assert rows(app) == []  # Twilio takes the reply in the response: nothing queued


def test_twilio_signed_with_the_newer_hmac_sha256_shared_key_is_accepted(app, client):
    form = twilio_form(JANE, "HELP")
    headers = signed("/sms/twilio", form, SHARED_KEY, "HMAC_SHA256")
    assert client.post("/sms/twilio", data=form, headers=headers).status_code == 200
    assert client.post("/sms/twilio", data=form, headers={**headers, "X-Twilio-Webhooks-Signature-Settings":
                                                           "key=k,algorithm=HMAC_SHA1"}).status_code == 403


@pytest.mark.parametrize("tamper", ["missing", "invalid", "other_url", "changed_body"])
def test_a_badly_signed_twilio_request_is_403_and_changes_nothing(app, client, tamper):
    form = twilio_form(JANE, "REGISTER Jane Wanjiru")
    headers = {"missing": {}, "invalid": {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
               "other_url": signed("/whatsapp/twilio", form), "changed_body": signed("/sms/twilio", form)}[tamper]
    if tamper == "changed_body":
        form = {**form, "Body": "REGISTER Mallory"}
    before = snapshot(app.extensions["chamabora"].engine)
    assert client.post("/sms/twilio", data=form, headers=headers).status_code == 403
    assert snapshot(app.extensions["chamabora"].engine) == before


def test_twilio_signatures_use_the_public_url_behind_a_proxy(app, client):
    form = twilio_form(JANE, "HELP")
    # the test client calls http://localhost/sms/twilio; Twilio signed https://chama.example/sms/twilio?x=1
    headers = signed("/sms/twilio?x=1", form)
    assert client.post("/sms/twilio?x=1", data=form, headers=headers).status_code == 200


def test_twilio_status_callbacks_update_the_row_they_name(app, client):
    from chamabora.outbox.store import Channel, enqueue

    app.extensions["chamabora"].run(lambda c: enqueue(c, Channel.WHATSAPP, JANE, "Karibu"))
    sent_by(app, rows(app)[0], "twilio", "SMdone")
    form = {"MessageSid": "SMdone", "MessageStatus": "read", "SmsSid": "SMdone", "SmsStatus": "read",
            "AccountSid": "AC0123", "From": "whatsapp:+14155238886", "To": f"whatsapp:{JANE}",
            "ApiVersion": "2010-04-01", "ChannelPrefix": "whatsapp"}
    assert client.post("/sms/twilio/status", data=form, headers=signed("/sms/twilio/status", form)).status_code == 204
    assert rows(app)[0].status == "delivered"
    assert client.post("/sms/twilio/status", data=form).status_code == 403


def test_an_infobip_batch_answers_each_message_once(app, client):
    body = infobip_sms(("ib-1", JANE, "REGISTER Jane Wanjiru"), ("ib-2", OTIENO, "SAJILI Otieno Ouma"),
                       ("ib-3", STRANGER, "BAL"))
    assert client.post(f"/sms/infobip?token={TOKEN}", json=body).status_code == 200
    assert client.post(f"/sms/infobip?token={TOKEN}", json=body).status_code == 200  # Infobip's retry
    replies = rows(app)
    assert [r.recipient for r in replies] == [JANE, OTIENO, STRANGER]
    assert replies[1].body.startswith("Karibu Otieno Ouma! Jiunge") and "not registered" in replies[2].body
    assert {json.loads(r.payload)["provider"] for r in replies} == {"infobip"}
    assert len(rows(app, InboundMessage.__table__)) == 3


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'{"results": []}', b'{"results": [{"from": "254712000001"}]}',
                                  b'{"results": [{"messageId": "x", "from": "2547abc"}]}',
                                  b'{"results": [{"messageId": "x", "from": "254712000001", "text": 5}]}'])
def test_a_malformed_infobip_body_is_a_400_and_changes_nothing(app, client, body):
    before = snapshot(app.extensions["chamabora"].engine)
    response = client.post(f"/sms/infobip?token={TOKEN}", data=body, content_type="application/json")
    assert response.status_code == 400 and snapshot(app.extensions["chamabora"].engine) == before


def test_one_bad_message_in_an_infobip_batch_refuses_the_whole_batch(app, client):
    body = infobip_sms(("ib-1", JANE, "HELP"))
    body["results"].append({"messageId": "ib-2", "text": "HELP"})
    assert client.post(f"/sms/infobip?token={TOKEN}", json=body).status_code == 400
    assert rows(app) == []


def test_infobip_delivery_reports_update_rows(app, client):
    client.post(f"/sms/infobip?token={TOKEN}", json=infobip_sms(("ib-1", JANE, "HELP")))
    sent_by(app, rows(app)[0], "infobip", "ib-out-1")
    [row] = rows(app)
    report = {"results": [{"bulkId": "b1", "messageId": row.provider_message_id, "to": "254712000001",
                           "sentAt": "2027-01-10T09:00:01.000+0000", "doneAt": "2027-01-10T09:00:03.000+0000",
                           "smsCount": 1, "status": {"groupId": 3, "groupName": "DELIVERED", "id": 5,
                                                     "name": "DELIVERED_TO_HANDSET"},
                           "error": {"groupId": 0, "groupName": "OK", "id": 0, "name": "NO_ERROR"}}]}
    assert client.post(f"/sms/infobip/delivery?token={TOKEN}", json=report).status_code == 200
    assert rows(app)[0].status == "delivered"
    assert client.post("/sms/infobip/delivery", json=report).status_code == 403


def test_the_channel_a_member_used_last_is_remembered(app, client):
    from chamabora.db.message_tables import MemberChannel

    at_say(client, JANE, "REGISTER Jane Wanjiru")
    form = twilio_form(JANE, "BAL", whatsapp=True)
    client.post("/whatsapp/twilio", data=form, headers=signed("/whatsapp/twilio", form))
    [row] = rows(app, MemberChannel.__table__)
    assert (row.channel, row.provider) == ("whatsapp", "twilio")


class Accepts:
    """A provider that takes every message and names it `provider_id` (the test app only records)."""

    def __init__(self, provider, provider_id):
        self.provider, self.provider_id = provider, provider_id

    def send(self, message):
        return Sent(self.provider, self.provider_id)


def report(client, provider, provider_id, final):
    """Each provider's own delivery report for one message, final 'delivered' or 'failed'."""
    if provider == "africastalking":
        form = {"id": provider_id, "status": "Success" if final == "delivered" else "Failed",
                "phoneNumber": JANE, "networkCode": "63902", "failureReason": "DeliveryFailure", "retryCount": "0"}
        return client.post(f"/sms/africastalking/delivery?token={TOKEN}", data=form)
    if provider == "twilio":
        form = {"MessageSid": provider_id, "MessageStatus": final if final == "delivered" else "undelivered",
                "AccountSid": "AC0123", "From": "+14155238886", "To": JANE, "ApiVersion": "2010-04-01"}
        return client.post("/sms/twilio/status", data=form, headers=signed("/sms/twilio/status", form))
    group = "DELIVERED" if final == "delivered" else "UNDELIVERABLE"
    body = {"results": [{"bulkId": "b1", "messageId": provider_id, "to": "254712000001",
                         "status": {"groupId": 3, "groupName": group, "id": 5, "name": group}}]}
    return client.post(f"/sms/infobip/delivery?token={TOKEN}", json=body)


def pending_row(app):
    """A reply committed and not yet sent (no dispatcher runs it)."""
    from chamabora.outbox.store import Channel, Purpose, enqueue

    return unit_of_work(app.extensions["chamabora"].engine,
                        lambda c: enqueue(c, Channel.SMS, JANE, "Salio lako ni KES 500", purpose=Purpose.REPLY))


PROVIDERS = ["africastalking", "twilio", "infobip"]


@pytest.mark.parametrize("final", ["delivered", "failed"])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_delivery_report_that_beats_the_send_is_kept_and_applied_when_the_row_is_sent(app, client, provider, final):
    row_id = pending_row(app)
    assert report(client, provider, f"{provider}-out-1", final).status_code in (200, 204)
    assert rows(app)[0].status == "pending" and len(rows(app, waiting)) == 1
    send_one(app.extensions["chamabora"].engine, {"sms": Accepts(provider, f"{provider}-out-1")}, row_id)
    [row] = rows(app)
    assert (row.status, row.provider_message_id, row.sent_at is not None) == (final, f"{provider}-out-1", True)
    assert (row.last_error is None) == (final == "delivered") and rows(app, waiting) == []


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_delivery_report_after_the_send_marks_the_row_at_once(app, client, provider):
    row_id = pending_row(app)
    send_one(app.extensions["chamabora"].engine, {"sms": Accepts(provider, f"{provider}-out-2")}, row_id)
    assert report(client, provider, f"{provider}-out-2", "delivered").status_code in (200, 204)
    assert rows(app)[0].status == "delivered" and rows(app, waiting) == []
    assert report(client, provider, f"{provider}-out-2", "failed").status_code in (200, 204)
    assert rows(app)[0].status == "delivered"  # a late 'failed' does not undo a delivery


def test_a_send_committed_while_the_report_waits_is_found_by_the_reports_second_look(app):
    """The race: the report misses the row, the sender commits 'sent' and looks for waiting reports
    before the report's own commit; the report's second look, after its commit, finds the row."""
    from chamabora.outbox.reports import DeliveryReport, record_reports
    from chamabora.outbox.store import Status, mark

    services = app.extensions["chamabora"]
    row_id = pending_row(app)
    looks = []

    def run(work):
        result = services.run(work)
        if not looks:  # between the report's two transactions the worker records 'sent' (its look found nothing)
            services.run(lambda c: mark(c, row_id, Status.SENT, provider="twilio", provider_message_id="SMrace"))
        looks.append(result)
        return result

    assert record_reports(run, [DeliveryReport("twilio", "SMrace", Status.DELIVERED, "delivered")]) == 1
    assert len(looks) == 2 and rows(app)[0].status == "delivered" and rows(app, waiting) == []


def test_intermediate_reports_wait_for_nothing(app, client):
    form = {"id": "ATXid_queued", "status": "Buffered", "phoneNumber": JANE}
    assert client.post(f"/sms/africastalking/delivery?token={TOKEN}", data=form).status_code == 200
    assert rows(app, waiting) == []


def test_a_nul_character_in_any_text_is_a_400_and_changes_nothing(app, client):
    before = snapshot(app.extensions["chamabora"].engine)
    assert client.post(AT, data=at_sms(JANE, "BAL\x00")).status_code == 400
    assert client.post(AT, data=at_sms(JANE, "BAL", "ATX\x00id")).status_code == 400
    assert client.post(f"/sms/infobip?token={TOKEN}", json=infobip_sms(("ib\x001", JANE, "BAL"))).status_code == 400
    form = twilio_form(JANE, "B\x00AL")
    assert client.post("/sms/twilio", data=form, headers=signed("/sms/twilio", form)).status_code == 400
    delivery = {"id": "ATXid\x00", "status": "Success", "phoneNumber": JANE}
    assert client.post(f"/sms/africastalking/delivery?token={TOKEN}", data=delivery).status_code == 400
    assert snapshot(app.extensions["chamabora"].engine) == before


def test_a_report_naming_an_id_longer_than_any_of_ours_is_ignored(app, client):
    assert report(client, "africastalking", "A" * 101, "delivered").status_code == 200
    assert rows(app, waiting) == []
