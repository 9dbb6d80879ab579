"""Every public route's payload shape, as Hypothesis strategies: the
provider's real fields (PROTOCOLS.md) with each value kept, dropped, or
swapped for something no provider sends (NUL, lone surrogates, '²', huge
text, wrong JSON types), and whole bodies swapped for what breaks parsers
(deep nesting, UTF-16/32, a byte-order mark, truncation, not JSON at all).

A drawn request is (route name, method, path, body bytes, content type,
headers); `harness.py` posts it and checks the answer.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from chamabora.providers.mpesa.simulator.app import SANDBOX_PASSKEY
from chamabora.providers.mpesa.wire import stk_password

TOKEN = "test-webhook-secret"
TWILIO_TOKEN = "twilio-auth-token"
PUBLIC = "https://chama.example"

NASTY = ["\x00", "a\x00b", "\udfff", "x\ud800y", "²", "6*²", "1*²*3", "٣٠٠", "①", "\ufeff", "\u202eRTL",
         "", " ", "%00", "-1", "0", "1e309", "NaN", "Infinity", "9" * 40, "500.999", "12.345", "a" * 3000,
         "<Response/>", "'; DROP TABLE members; --", "+254712345678", "254712345678", "0712345678",
         "QGH7XK2L9P", "qgh7xk2l9p", "ws_CO_1", "20270120101500", "*", "**", "1*", "*1", "\n", "\r\n"]
nasty_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))
scalar = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                   st.floats(allow_nan=True, allow_infinity=True), nasty_text)
json_value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                          st.dictionaries(nasty_text, inner, max_size=3)),
                          max_leaves=8)


@dataclass(frozen=True)
class Drawn:
    route: str
    method: str
    path: str
    body: bytes
    content_type: str | None
    headers: dict[str, str]


def _field(value: object, weird: st.SearchStrategy) -> st.SearchStrategy:  # type: ignore[type-arg]
    """Most often the real value, else something weird, else the field is left out (None)."""
    return st.one_of(st.just(value), st.just(value), weird, st.just(_MISSING))


_MISSING = object()


def _shape(baseline: dict[str, object], weird: st.SearchStrategy) -> st.SearchStrategy:  # type: ignore[type-arg]
    fields = {name: _field(value, weird) for name, value in baseline.items()}
    extra = st.dictionaries(nasty_text, weird, max_size=2)
    return st.builds(lambda drawn, more: {**{k: v for k, v in drawn.items() if v is not _MISSING}, **more},
                     st.fixed_dictionaries(fields), extra)


def form_bytes(fields: dict[str, object]) -> bytes:
    """URL-encode as a gateway would, lone surrogates included (as the bytes a broken client sends)."""
    return "&".join(f"{quote(str(k).encode('utf-8', 'surrogatepass'))}="
                    f"{quote(str(v).encode('utf-8', 'surrogatepass'))}" for k, v in fields.items()).encode()


def _server_view(value: object) -> str:
    return str(value).encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError


def _json_bytes(body: object) -> bytes:
    return json.dumps(body, default=_json_default).encode()


BROKEN_BODIES = st.one_of(
    st.builds(lambda n: b"[" * n + b"]" * n, st.integers(min_value=1001, max_value=3000)),
    st.builds(lambda n: b'{"a":' * n + b"1" + b"}" * n, st.integers(min_value=40, max_value=1500)),
    st.sampled_from([b"", b"{", b"[]", b"null", b"0", b'"text"', b"\xff\xfe", b"\x00\x00\x00", b"{\"a\": NaN}",
                     b"\xef\xbb\xbf", b"not json at all", b"%00=%00", b"a=%ED%BF%BF"]),
    st.binary(max_size=200))


def _json_request(route: str, path: str, baseline: dict) -> st.SearchStrategy:  # type: ignore[type-arg]
    def encode(body: object, mode: str) -> bytes:
        raw = _json_bytes(body)
        if mode == "bom":
            return b"\xef\xbb\xbf" + raw
        if mode in ("utf-16", "utf-32"):
            return raw.decode().encode(mode)
        if mode == "truncated":
            return raw[: max(1, len(raw) // 2)]
        return raw

    shaped = st.builds(encode, _shape(baseline, json_value), st.sampled_from(
        ["plain"] * 6 + ["bom", "utf-16", "utf-32", "truncated"]))
    bodies = st.one_of(shaped, shaped, shaped, BROKEN_BODIES)
    return st.builds(lambda body: Drawn(route, "POST", f"{path}?token={TOKEN}", body, "application/json", {}),
                     bodies)


def _form_request(route: str, path: str, baseline: dict, signed: bool = False) -> st.SearchStrategy:  # type: ignore[type-arg]
    def build(fields: dict[str, object]) -> Drawn:
        headers = {}
        if signed:
            view = {_server_view(k): _server_view(v) for k, v in fields.items()}
            headers["X-Twilio-Signature"] = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC + path, view)
            target = path
        else:
            target = f"{path}?token={TOKEN}"
        return Drawn(route, "POST", target, form_bytes(fields), "application/x-www-form-urlencoded", headers)

    shaped = st.builds(build, _shape(baseline, nasty_text))
    broken = st.builds(lambda body: Drawn(route, "POST", path if signed else f"{path}?token={TOKEN}", body,
                                          "application/x-www-form-urlencoded", {}), BROKEN_BODIES)
    return st.one_of(shaped, shaped, shaped, broken)


def _stk(receipt: object = "QGH7XK2L9P") -> dict:
    return {"Body": {"stkCallback": {
        "MerchantRequestID": "29115-34620561-1", "CheckoutRequestID": "ws_CO_191220191020363925", "ResultCode": 0,
        "ResultDesc": "The service request is processed successfully.",
        "CallbackMetadata": {"Item": [{"Name": "Amount", "Value": 500}, {"Name": "MpesaReceiptNumber", "Value": receipt},
                                      {"Name": "TransactionDate", "Value": 20270120101500},
                                      {"Name": "PhoneNumber", "Value": 254712345678}]}}}}


def _stk_request() -> st.SearchStrategy:  # type: ignore[type-arg]
    """The STK callback's nested values are where Daraja's fields live: vary those, not only the top."""
    def build(checkout: object, code: object, amount: object, receipt: object, when: object) -> dict:
        body = _stk(receipt)
        callback = body["Body"]["stkCallback"]
        callback["CheckoutRequestID"], callback["ResultCode"] = checkout, code
        items = callback["CallbackMetadata"]["Item"]
        items[0]["Value"], items[2]["Value"] = amount, when
        return body

    values = st.builds(build, _field("ws_CO_1", json_value), _field(0, json_value), _field(500, json_value),
                       _field("QGH7XK2L9P", json_value), _field(20270120101500, json_value))
    cleaned = values.map(lambda body: json.loads(json.dumps(body, default=lambda v: None)))
    return st.one_of(st.builds(lambda b: Drawn("mpesa stk callback", "POST", f"/mpesa/stk/callback?token={TOKEN}",
                                               _json_bytes(b), "application/json", {}), cleaned),
                     _json_request("mpesa stk callback", "/mpesa/stk/callback", _stk()))


C2B = {"TransactionType": "Pay Bill", "TransID": "RKTQDM7W6S", "TransTime": "20270120101500", "TransAmount": "500.00",
       "BusinessShortCode": "600638", "BillRefNumber": "UMOJA-2", "InvoiceNumber": "", "OrgAccountBalance": "49197.00",
       "ThirdPartyTransID": "", "MSISDN": "2547 ***** 126", "FirstName": "JOHN", "MiddleName": "", "LastName": "DOE"}
B2C = {"Result": {"ResultType": 0, "ResultCode": 0, "ResultDesc": "The service request is processed successfully.",
                  "OriginatorConversationID": "chama-b2c-1", "ConversationID": "AG_20270205_00004e6f7dd2ac3d6a9e",
                  "TransactionID": "NLJ41HAY6Q",
                  "ResultParameters": {"ResultParameter": [{"Key": "TransactionAmount", "Value": 2000},
                                                           {"Key": "TransactionReceipt", "Value": "NLJ41HAY6Q"}]}}}
USSD = {"sessionId": "ATUid_fuzz", "serviceCode": "*384*2024#", "phoneNumber": "+254712345678", "networkCode": "63902",
        "text": "1"}
USSD_EVENT = {"sessionId": "ATUid_fuzz", "serviceCode": "*384*2024#", "phoneNumber": "+254712345678",
              "networkCode": "63902", "status": "Success", "cost": "KES 0.05", "durationInMillis": "3000",
              "hopsCount": "2", "input": "1*500", "lastAppResponse": "END ok", "errorMessage": ""}
AT_SMS = {"from": "+254712345678", "to": "22384", "text": "BAL", "date": "2027-01-10 09:00:00", "id": "ATXid_1",
          "linkId": "", "networkCode": "63902"}
AT_DELIVERY = {"id": "ATXid_1", "status": "Success", "phoneNumber": "+254712345678", "networkCode": "63902",
               "failureReason": ""}
TWILIO_SMS = {"MessageSid": "SM0001", "AccountSid": "AC0123", "From": "+254712345678", "To": "+14155238886",
              "Body": "BAL", "NumMedia": "0", "NumSegments": "1", "SmsStatus": "received", "ApiVersion": "2010-04-01"}
TWILIO_WHATSAPP = {**TWILIO_SMS, "From": "whatsapp:+254712345678", "To": "whatsapp:+14155238886", "WaId": "254712345678",
                   "ProfileName": "Jane", "NumMedia": "1",
                   "MediaUrl0": "https://api.twilio.com/2010-04-01/Accounts/AC0123/Messages/MM1/Media/ME1"}
TWILIO_STATUS = {"MessageSid": "SM0001", "MessageStatus": "delivered", "ErrorCode": "", "To": "+254712345678"}
INFOBIP_SMS = {"results": [{"messageId": "ib-1", "from": "254712345678", "to": "22384", "text": "BAL",
                            "receivedAt": "2027-01-10T09:00:00.220+0000", "smsCount": 1}], "messageCount": 1}
INFOBIP_WHATSAPP = {"results": [{"from": "254712345678", "to": "254700000000", "messageId": "wamid.1",
                                 "receivedAt": "2027-01-10T09:00:00.000+0000",
                                 "message": {"type": "IMAGE", "url": "https://evil.example/x", "caption": "BAL"},
                                 "contact": {"name": "Jane"}}], "messageCount": 1}
INFOBIP_REPORT = {"results": [{"messageId": "ib-out-1", "to": "254712345678",
                               "status": {"groupName": "DELIVERED", "name": "DELIVERED_TO_HANDSET"},
                               "error": {"name": "NO_ERROR"}}]}


def _infobip(route: str, path: str, baseline: dict) -> st.SearchStrategy:  # type: ignore[type-arg]
    """Infobip's fields sit inside results[0]: vary those as well as the envelope."""
    item = baseline["results"][0]
    inner = _shape(item, json_value).map(lambda fields: {"results": [fields]})
    return st.one_of(st.builds(lambda b: Drawn(route, "POST", f"{path}?token={TOKEN}", _json_bytes(b),
                                               "application/json", {}), inner),
                     _json_request(route, path, baseline))


def _outbox_page() -> st.SearchStrategy:  # type: ignore[type-arg]
    query = st.builds(lambda limit, fmt: f"/simulator/outbox?limit={quote(limit.encode('utf-8', 'surrogatepass'))}"
                                         f"&format={quote(fmt.encode('utf-8', 'surrogatepass'))}",
                      nasty_text, st.sampled_from(["json", "html", "", "\x00"]))
    return st.builds(lambda path: Drawn("simulator outbox", "GET", path, b"", None, {}), query)


def _probe(route: str, path: str) -> st.SearchStrategy:  # type: ignore[type-arg]
    """A load balancer's or scraper's GET, with whatever query string and bearer token."""
    def build(token: str, header: str) -> Drawn:
        quoted = quote(token.encode("utf-8", "surrogatepass"))
        safe_header = header.encode("latin-1", "replace").decode("latin-1").replace("\r", "").replace("\n", "")
        return Drawn(route, "GET", f"{path}?token={quoted}", b"", None, {"Authorization": f"Bearer {safe_header}"})

    return st.builds(build, nasty_text, nasty_text)


def _push(route: str, path: str) -> st.SearchStrategy:  # type: ignore[type-arg]
    return _json_request(route, path, {"phone": "+254712345678", "code": "123456", "fid": "fid-1"})


ROUTES: dict[str, st.SearchStrategy] = {  # type: ignore[type-arg]
    "ussd hop": _form_request("ussd hop", "/ussd/africastalking", USSD),
    "ussd event": _form_request("ussd event", "/ussd/africastalking/events", USSD_EVENT),
    "africastalking sms": _form_request("africastalking sms", "/sms/africastalking", AT_SMS),
    "africastalking delivery": _form_request("africastalking delivery", "/sms/africastalking/delivery", AT_DELIVERY),
    "twilio sms": _form_request("twilio sms", "/sms/twilio", TWILIO_SMS, signed=True),
    "twilio whatsapp": _form_request("twilio whatsapp", "/whatsapp/twilio", TWILIO_WHATSAPP, signed=True),
    "twilio status": _form_request("twilio status", "/sms/twilio/status", TWILIO_STATUS, signed=True),
    "infobip sms": _infobip("infobip sms", "/sms/infobip", INFOBIP_SMS),
    "infobip whatsapp": _infobip("infobip whatsapp", "/whatsapp/infobip", INFOBIP_WHATSAPP),
    "infobip sms delivery": _infobip("infobip sms delivery", "/sms/infobip/delivery", INFOBIP_REPORT),
    "infobip whatsapp delivery": _infobip("infobip whatsapp delivery", "/whatsapp/infobip/delivery",
                                          INFOBIP_REPORT),
    "mpesa stk callback": _stk_request(),
    "mpesa c2b validation": _json_request("mpesa c2b validation", "/mpesa/c2b/validation", C2B),
    "mpesa c2b confirmation": _json_request("mpesa c2b confirmation", "/mpesa/c2b/confirmation", C2B),
    "mpesa b2c result": _json_request("mpesa b2c result", "/mpesa/b2c/result", B2C),
    "mpesa b2c timeout": _json_request("mpesa b2c timeout", "/mpesa/b2c/timeout", B2C),
    "push code": _push("push code", "/push/code"),
    "push register": _push("push register", "/push/register"),
    "push unregister": _push("push unregister", "/push/unregister"),
    "simulator outbox": _outbox_page(),
    "healthz": _probe("healthz", "/healthz"),
    "readyz": _probe("readyz", "/readyz"),
    "metrics": _probe("metrics", "/metrics"),
}

SIM_STK = {"BusinessShortCode": "174379", "Timestamp": "20270120101500",
           "Password": stk_password("174379", SANDBOX_PASSKEY, "20270120101500"),
           "TransactionType": "CustomerPayBillOnline", "Amount": 500, "PartyA": 254712345678, "PartyB": "174379",
           "PhoneNumber": 254712345678, "CallBackURL": "http://127.0.0.1:9/cb", "AccountReference": "UMOJA",
           "TransactionDesc": "x"}
SIMULATOR_ROUTES: dict[str, st.SearchStrategy] = {  # type: ignore[type-arg]
    "simulator stk push": _json_request("simulator stk push", "/mpesa/stkpush/v1/processrequest", SIM_STK),
    "simulator stk query": _json_request("simulator stk query", "/mpesa/stkpushquery/v1/query",
                                         {"BusinessShortCode": "174379", "CheckoutRequestID": "ws_CO_1"}),
    "simulator c2b register": _json_request("simulator c2b register", "/mpesa/c2b/v2/registerurl",
                                            {"ShortCode": "600638", "ResponseType": "Completed",
                                             "ConfirmationURL": "http://127.0.0.1:9/c", "ValidationURL": "http://127.0.0.1:9/v"}),
    "simulator c2b simulate": _json_request("simulator c2b simulate", "/mpesa/c2b/v2/simulate",
                                            {"ShortCode": "600638", "CommandID": "CustomerPayBillOnline", "Amount": 500,
                                             "Msisdn": 254712345678, "BillRefNumber": "UMOJA-2"}),
    "simulator b2c": _json_request("simulator b2c", "/mpesa/b2c/v3/paymentrequest",
                                   {"OriginatorConversationID": "fz-1", "InitiatorName": "x", "SecurityCredential": "x",
                                    "CommandID": "BusinessPayment", "Amount": 2000, "PartyA": 600000,
                                    "PartyB": 254712345678, "Remarks": "payout", "QueueTimeOutURL": "http://127.0.0.1:9/t",
                                    "ResultURL": "http://127.0.0.1:9/r", "Occassion": ""}),
    "simulator transaction status": _json_request("simulator transaction status", "/mpesa/transactionstatus/v1/query",
                                                  {"OriginalConversationID": "fz-1", "ResultURL": "http://127.0.0.1:9/r",
                                                   "QueueTimeOutURL": "http://127.0.0.1:9/t"}),
}
