"""The Daraja client against Daraja's answers (HTTP stubbed at the transport
with `responses`): request shapes, one shared token, typed errors, and
retries only where retrying can help."""
import base64
import json
import os

import pytest
import responses

from chamabora.core.money import Money
from chamabora.providers.mpesa.client import DarajaClient, DarajaConfig
from chamabora.providers.mpesa.errors import (DarajaAuthFailed, DarajaRejected, DarajaUnavailable, StillProcessing,
                                    SubscriberBusy)
from chamabora.providers.mpesa.wire import stk_password

BASE = "https://sandbox.safaricom.co.ke"
OAUTH = f"{BASE}/oauth/v1/generate"
STK = f"{BASE}/mpesa/stkpush/v1/processrequest"
QUERY = f"{BASE}/mpesa/stkpushquery/v1/query"
B2C = f"{BASE}/mpesa/b2c/v3/paymentrequest"
ACCEPTED = {"MerchantRequestID": "29115-34620561-1", "CheckoutRequestID": "ws_CO_191220191020363925",
            "ResponseCode": "0", "ResponseDescription": "Success. Request accepted for processing",
            "CustomerMessage": "Success. Request accepted for processing"}


def client(redis=None, **overrides):
    config = DarajaConfig(base_url=BASE, consumer_key="ck", consumer_secret="cs", shortcode="174379",
                          passkey="pk", initiator_name="api", security_credential="cred", b2c_shortcode="600000",
                          backoff_seconds=0.001, **overrides)
    return DarajaClient(config, redis)


def oauth(expires="3599", token="tok"):
    responses.get(OAUTH, json={"access_token": token, "expires_in": expires})


def sent(index):
    return json.loads(responses.calls[index].request.body)


@responses.activate
def test_an_stk_push_is_shaped_as_the_docs_say_with_one_token_for_two_requests():
    oauth(expires=3599)
    responses.post(STK, json=ACCEPTED)
    daraja = client()
    first = daraja.stk_push("+254712345678", Money.shillings(500), "UMOJA", "https://x/cb")
    daraja.stk_push("+254712345678", Money.shillings(500), "UMOJA", "https://x/cb")
    assert first.checkout_request_id == "ws_CO_191220191020363925"
    assert [c.request.method for c in responses.calls] == ["GET", "POST", "POST"]
    assert responses.calls[0].request.headers["Authorization"] == "Basic " + base64.b64encode(b"ck:cs").decode()
    body = sent(1)
    assert body["Password"] == stk_password("174379", "pk", body["Timestamp"]) and len(body["Timestamp"]) == 14
    assert (body["Amount"], body["PartyA"], body["PhoneNumber"], body["PartyB"]) == (500, 254712345678,
                                                                                     254712345678, 174379)
    assert body["TransactionType"] == "CustomerPayBillOnline" and body["AccountReference"] == "UMOJA"
    assert responses.calls[1].request.headers["Authorization"] == "Bearer tok"


@responses.activate
def test_a_till_pushes_buy_goods_to_the_till():
    oauth()
    responses.post(STK, json=ACCEPTED)
    client(till_number="5432101").stk_push("+254712345678", Money.shillings(50), "UMOJA", "https://x/cb")
    assert (sent(1)["TransactionType"], sent(1)["PartyB"]) == ("CustomerBuyGoodsOnline", 5432101)


def test_long_account_references_and_cents_are_refused_before_any_request():
    with pytest.raises(DarajaRejected):
        client().stk_push("+254712345678", Money.shillings(5), "UMOJAUMOJAUMOJA", "https://x/cb")
    with pytest.raises(Exception, match="whole shilling"):
        client().stk_push("+254712345678", Money(50050), "UMOJA", "https://x/cb")


@responses.activate
def test_a_refused_token_is_fetched_again_once():
    responses.get(OAUTH, json={"access_token": "old", "expires_in": "3599"})
    responses.get(OAUTH, json={"access_token": "new", "expires_in": "3599"})
    responses.post(STK, status=401, json={"requestId": "1", "errorCode": "404.001.03",
                                          "errorMessage": "Invalid Access Token"})
    responses.post(STK, json=ACCEPTED)
    assert client().stk_push("+254712345678", Money.shillings(5), "UMOJA", "https://x/cb").merchant_request_id
    assert responses.calls[3].request.headers["Authorization"] == "Bearer new"


@responses.activate
def test_spike_arrest_is_retried_with_backoff_then_succeeds():
    oauth()
    responses.post(STK, status=500, json={"requestId": "1", "errorCode": "500.003.02", "errorMessage": "Spike"})
    responses.post(STK, json=ACCEPTED)
    client().stk_push("+254712345678", Money.shillings(5), "UMOJA", "https://x/cb")
    assert len(responses.calls) == 3


@responses.activate
def test_a_service_that_stays_down_raises_unavailable_after_the_retries():
    oauth()
    responses.post(STK, status=503, body="upstream connect error")
    with pytest.raises(DarajaUnavailable) as caught:
        client(attempts=3).stk_push("+254712345678", Money.shillings(5), "UMOJA", "https://x/cb")
    assert caught.value.transient and len(responses.calls) == 4


@responses.activate
@pytest.mark.parametrize("status, body, error", [
    (400, {"errorCode": "400.002.02", "errorMessage": "Bad Request - Invalid PhoneNumber"}, DarajaRejected),
    (500, {"errorCode": "500.001.1001", "errorMessage": "Merchant does not exist"}, DarajaRejected),
    (500, {"errorCode": "500.001.1001", "errorMessage": "Unable to lock subscriber, a transaction is already "
                                                         "in process for the current subscriber"}, SubscriberBusy),
])
def test_refusals_are_typed_and_not_retried(status, body, error):
    oauth()
    responses.post(STK, status=status, json={"requestId": "9", **body})
    with pytest.raises(error) as caught:
        client().stk_push("+254712345678", Money.shillings(5), "UMOJA", "https://x/cb")
    assert not caught.value.transient and caught.value.error_code == body["errorCode"]
    assert len(responses.calls) == 2


@responses.activate
def test_bad_credentials_are_an_auth_failure():
    responses.get(OAUTH, status=400, json={"requestId": "", "errorCode": "400.008.01",
                                           "errorMessage": "Invalid Authentication passed"})
    with pytest.raises(DarajaAuthFailed):
        client().stk_query("ws_CO_1")


@responses.activate
def test_an_unanswered_prompt_queries_as_still_processing_and_a_finished_one_gives_its_code():
    oauth()
    responses.post(QUERY, status=500, json={"requestId": "1", "errorCode": "500.001.1001",
                                            "errorMessage": "The transaction is being processed"})
    responses.post(QUERY, json={"ResponseCode": "0", "ResponseDescription": "The service request has been "
                                "accepted successsfully", "MerchantRequestID": "m", "CheckoutRequestID": "ws_CO_1",
                                "ResultCode": "1032", "ResultDesc": "Request cancelled by user"})
    with pytest.raises(StillProcessing):
        client().stk_query("ws_CO_1")
    assert client().stk_query("ws_CO_1") == ("1032", "Request cancelled by user")


@responses.activate
def test_b2c_transaction_status_and_reversal_send_the_documented_fields():
    oauth()
    answer = {"ConversationID": "AG_1", "OriginatorConversationID": "o-1", "ResponseCode": "0",
              "ResponseDescription": "Accept the service request successfully."}
    for path in ("mpesa/b2c/v3/paymentrequest", "mpesa/transactionstatus/v1/query", "mpesa/reversal/v1/request"):
        responses.post(f"{BASE}/{path}", json=answer)
    daraja = client()
    assert daraja.b2c("o-1", "+254712345678", Money.shillings(2000), "Payout", "https://x/r", "https://x/t"
                      ).conversation_id == "AG_1"
    daraja.transaction_status("https://x/r", "https://x/t", original_conversation_id="AG_1")
    daraja.reversal("NLJ41HAY6Q", Money.shillings(2000), "https://x/r", "https://x/t")
    b2c, status, reversal = sent(1), sent(2), sent(3)
    assert (b2c["CommandID"], b2c["PartyA"], b2c["PartyB"], b2c["Amount"]) == ("BusinessPayment", 600000,
                                                                              254712345678, 2000)
    assert b2c["SecurityCredential"] == "cred" and b2c["QueueTimeOutURL"] == "https://x/t"
    assert (status["CommandID"], status["OriginalConversationID"]) == ("TransactionStatusQuery", "AG_1")
    assert (reversal["CommandID"], reversal["RecieverIdentifierType"]) == ("TransactionReversal", "11")


@responses.activate
def test_a_duplicate_originator_id_is_a_typed_refusal():
    oauth()
    responses.post(B2C, status=500, json={"requestId": "1", "errorCode": "500.002.1001",
                                          "errorMessage": "Duplicate OriginatorConversationID."})
    with pytest.raises(DarajaRejected) as caught:
        client().b2c("o-1", "+254712345678", Money.shillings(20), "Payout", "https://x/r", "https://x/t")
    assert caught.value.error_code == "500.002.1001"


def test_the_config_repr_keeps_the_secrets_out():
    text = repr(client().config)
    assert "cs" not in text.replace("base_url", "") and "pk" not in text and "cred" not in text


@responses.activate
def test_two_clients_sharing_redis_fetch_one_token():
    import redis

    shared = redis.Redis.from_url(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    shared.flushdb()
    oauth(token="shared")
    responses.post(STK, json=ACCEPTED)
    for daraja in (client(shared), client(shared)):
        daraja.stk_push("+254712345678", Money.shillings(5), "UMOJA", "https://x/cb")
    assert [c.request.method for c in responses.calls].count("GET") == 1
    assert all(c.request.headers["Authorization"] == "Bearer shared" for c in responses.calls[1:])
    shared.close()
