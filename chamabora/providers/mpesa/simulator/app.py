"""The simulator's HTTP face: Daraja's paths, checks and answers.

Mounted as a blueprint (under `/simulator/daraja` in the local default) or as
its own Flask app (`create_simulator_app`) on a loopback port in tests.
"""
from __future__ import annotations

import base64
import re
import secrets
import time

from flask import Blueprint, Flask, current_app, jsonify, request

from chamabora.parser.webhook_input import MalformedInput, check_form_bytes, digits, parse_json
from chamabora.providers.mpesa.wire import stk_password
from chamabora.providers.mpesa.simulator import payloads
from chamabora.providers.mpesa.simulator.state import REFUSALS, SimulatorState, UnknownOutcome, known_outcomes

# Daraja's rule (PROTOCOLS.md 5.2): 1 to 12 letters or digits, shown to the customer
ACCOUNT_REFERENCE = re.compile(r"^[A-Za-z0-9]{1,12}$")
SANDBOX_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919"


def error(status: int, code: str, message: str):  # type: ignore[no-untyped-def]
    return jsonify(requestId=secrets.token_hex(8), errorCode=code, errorMessage=message), status


class Invalid(Exception):
    """A request Daraja would refuse with 400.002.02 (a field missing or of the wrong kind)."""


def _need(body: dict, *names: str) -> None:  # type: ignore[type-arg]
    missing = [name for name in names if body.get(name) in (None, "")]
    if missing:
        raise Invalid(missing[0])


def _number(body: dict, name: str) -> int:  # type: ignore[type-arg]
    """A whole number Daraja takes as a JSON number or digits in text, as it accepts both."""
    value = body.get(name)
    try:
        number = digits(value if isinstance(value, (str, int)) and not isinstance(value, bool) else None, name)
    except MalformedInput:
        number = None
    if number is None:
        raise Invalid(name)
    return number


def simulator_blueprint(state: SimulatorState, name: str = "daraja_simulator") -> Blueprint:
    bp = Blueprint(name, __name__)

    @bp.errorhandler(Invalid)
    def invalid(problem: Invalid):  # type: ignore[no-untyped-def]
        return error(400, "400.002.02", f"Bad Request - Invalid {problem}")

    @bp.get("/oauth/v1/generate")
    def oauth():  # type: ignore[no-untyped-def]
        expected = base64.b64encode(f"{state.consumer_key}:{state.consumer_secret}".encode()).decode()
        if request.args.get("grant_type") != "client_credentials":
            return error(400, "400.008.02", "Invalid grant type passed")
        if request.headers.get("Authorization") != f"Basic {expected}":
            return error(400, "400.008.01", "Invalid Authentication passed")
        return jsonify(access_token=state.issue_token(), expires_in="3599")

    @bp.before_request
    def bearer():  # type: ignore[no-untyped-def]
        if request.endpoint and request.endpoint.endswith((".oauth", ".script")):
            return None
        if not state.token or request.headers.get("Authorization") != f"Bearer {state.token}":
            return error(401, "404.001.03", "Invalid Access Token")
        if not isinstance(request.get_json(silent=True), dict):
            return error(400, "400.002.02", "Bad Request - Invalid JSON")
        return None

    @bp.post("/script")
    def script():  # type: ignore[no-untyped-def]
        """Not Daraja: how a person trying the local default picks the next outcome for a phone."""
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not str(body.get("phone", "")).lstrip("+").isdigit():
            return jsonify(error="send {\"phone\": \"2547...\", \"outcome\": \"cancelled\"}"), 400
        try:
            state.script(str(body["phone"]), str(body.get("outcome", "success")),
                         deliver=bool(body.get("deliver", True)))
        except UnknownOutcome as unknown:
            return jsonify(error=str(unknown), outcomes=known_outcomes()), 400
        return jsonify(scripted=True)

    @bp.post("/mpesa/stkpush/v1/processrequest")
    def stk_push():  # type: ignore[no-untyped-def]
        body = request.get_json()
        problem = _stk_problem(state, body)
        if problem:
            return error(400, "400.002.02", f"Bad Request - Invalid {problem}")
        _need(body, "CallBackURL")
        phone = _number(body, "PhoneNumber")
        script = state.next_script(phone)
        if script.result_code in REFUSALS:
            return error(*REFUSALS[script.result_code])
        merchant, checkout = f"{secrets.randbelow(99999)}-{secrets.randbelow(10**8)}-1", \
            f"ws_CO_{time.strftime('%d%m%Y%H%M%S')}{secrets.randbelow(10**9):09d}"
        delay = state.delay if script.delay is None else script.delay
        state.stk[checkout] = {"done_at": time.monotonic() + delay, "code": script.result_code}
        callback = payloads.stk_callback(merchant, checkout, script.result_code, _number(body, "Amount"),
                                         phone, payloads.receipt())
        if script.deliver:
            state.later(delay, lambda: state.post(body["CallBackURL"], callback))
        return jsonify(MerchantRequestID=merchant, CheckoutRequestID=checkout, ResponseCode="0",
                       ResponseDescription="Success. Request accepted for processing",
                       CustomerMessage="Success. Request accepted for processing")

    @bp.post("/mpesa/stkpushquery/v1/query")
    def stk_query():  # type: ignore[no-untyped-def]
        body = request.get_json()
        prompt = state.stk.get(str(body.get("CheckoutRequestID")))
        if prompt is None:
            return error(400, "400.002.02", "Bad Request - Invalid CheckoutRequestID")
        if time.monotonic() < prompt["done_at"]:  # type: ignore[operator]
            return error(500, "500.001.1001", "The transaction is being processed")
        code = str(prompt["code"])
        return jsonify(ResponseCode="0", ResponseDescription="The service request has been accepted successsfully",
                       MerchantRequestID="", CheckoutRequestID=body["CheckoutRequestID"], ResultCode=code,
                       ResultDesc=payloads.STK_DESCRIPTIONS.get(code, "Failed"))

    _c2b_routes(bp, state)
    _b2c_routes(bp, state)
    return bp


def _stk_problem(state: SimulatorState, body: dict) -> str | None:  # type: ignore[type-arg]
    stamp = str(body.get("Timestamp", ""))
    if body.get("Password") != stk_password(state.shortcode, state.passkey, stamp):
        return "Password"
    if not ACCOUNT_REFERENCE.match(str(body.get("AccountReference", ""))):
        return "AccountReference"
    if not isinstance(body.get("Amount"), int) or body["Amount"] < 1:
        return "Amount"
    if not str(body.get("PhoneNumber", "")).startswith("254") or not body.get("CallBackURL"):
        return "PhoneNumber"
    return None


def _c2b_routes(bp: Blueprint, state: SimulatorState) -> None:
    @bp.post("/mpesa/c2b/v2/registerurl")
    def register():  # type: ignore[no-untyped-def]
        body = request.get_json()
        if body.get("ResponseType") not in ("Completed", "Cancelled"):
            return error(400, "400.002.02", "Bad Request - Invalid ResponseType")
        _need(body, "ConfirmationURL", "ValidationURL")
        state.c2b_urls = {"confirmation": body["ConfirmationURL"], "validation": body["ValidationURL"]}
        return jsonify(OriginatorCoversationID=secrets.token_hex(8), ResponseCode="0", ResponseDescription="Success")

    @bp.post("/mpesa/c2b/v2/simulate")
    def simulate():  # type: ignore[no-untyped-def]
        body = request.get_json()
        _need(body, "ShortCode")
        notice = payloads.c2b_notice(payloads.receipt(), _number(body, "Amount"), str(body.get("BillRefNumber", "")),
                                     str(body["ShortCode"]), _number(body, "Msisdn"))
        if not state.c2b_urls.get("confirmation"):
            # Daraja has nowhere to send the payment; say so instead of losing it in a background thread
            return error(400, "400.003.01", "No C2B URLs are registered for this shortcode: run "
                                           "`flask --app app daraja register-c2b` first")
        urls = dict(state.c2b_urls)

        def deliver() -> None:
            if urls.get("validation") and state.post(urls["validation"], notice) != 200:
                return
            state.post(urls["confirmation"], notice)

        state.later(state.delay, deliver)
        return jsonify(OriginatorCoversationID=secrets.token_hex(8), ResponseCode="0",
                       ResponseDescription="Accept the service request successfully.", TransID=notice["TransID"])


def _b2c_routes(bp: Blueprint, state: SimulatorState) -> None:
    @bp.post("/mpesa/b2c/v3/paymentrequest")
    def b2c():  # type: ignore[no-untyped-def]
        body = request.get_json()
        originator = str(body.get("OriginatorConversationID", ""))
        if not originator or originator in state.b2c:
            return error(500, "500.002.1001", "Duplicate OriginatorConversationID.")
        if not isinstance(body.get("Amount"), int) or not 2 <= len(str(body.get("Remarks", ""))) <= 100:
            return error(400, "400.002.02", "Bad Request - Invalid Amount or Remarks")
        _need(body, "PartyB", "ResultURL", "QueueTimeOutURL")
        script = state.next_script(body["PartyB"])
        conversation = f"AG_{time.strftime('%Y%m%d')}_{secrets.token_hex(10)}"
        receipt = payloads.receipt()
        state.b2c[originator] = {"conversation": conversation, "receipt": receipt, "amount": body["Amount"],
                                 "phone": body["PartyB"], "status": "Completed" if script.result_code == "0" else "Failed"}
        result = payloads.b2c_result(originator, conversation, script.result_code, body["Amount"],
                                     body["PartyB"], receipt, body["QueueTimeOutURL"])
        if script.deliver:
            state.later(state.delay if script.delay is None else script.delay,
                        lambda: state.post(body["ResultURL"], result))
        return jsonify(ConversationID=conversation, OriginatorConversationID=originator, ResponseCode="0",
                       ResponseDescription="Accept the service request successfully.")

    @bp.post("/mpesa/transactionstatus/v1/query")
    def transaction_status():  # type: ignore[no-untyped-def]
        body = request.get_json()
        _need(body, "ResultURL")
        wanted = {str(body.get("OriginalConversationID", "")), str(body.get("TransactionID", ""))} - {""}
        found = next((b for o, b in state.b2c.items() if o in wanted or b["conversation"] in wanted
                      or b["receipt"] in wanted), None)
        originator, conversation = secrets.token_hex(8), f"AG_{secrets.token_hex(10)}"
        result = payloads.status_result(originator, conversation, found)
        state.later(state.delay, lambda: state.post(body["ResultURL"], result))
        return jsonify(OriginatorConversationID=originator, ConversationID=conversation, ResponseCode="0",
                       ResponseDescription="Accept the service request successfully.")

    @bp.post("/mpesa/reversal/v1/request")
    def reversal():  # type: ignore[no-untyped-def]
        originator, conversation = secrets.token_hex(8), f"AG_{secrets.token_hex(10)}"
        return jsonify(OriginatorConversationID=originator, ConversationID=conversation, ResponseCode="0",
                       ResponseDescription="Accept the service request successfully.")


def _edge_checks() -> None:
    """The same edge checks as ours: a body Daraja would refuse never reaches a route."""
    check_form_bytes(request.query_string)
    if request.mimetype == "application/json" or request.is_json:
        parse_json(request.get_data(cache=True))


def create_simulator_app(state: SimulatorState | None = None) -> Flask:
    app = Flask(__name__)
    app.before_request(_edge_checks)
    app.register_error_handler(MalformedInput, lambda problem: error(400, "400.002.02", "Bad Request - Invalid JSON"))
    app.extensions["daraja_simulator"] = state or SimulatorState(passkey=SANDBOX_PASSKEY)
    app.register_blueprint(simulator_blueprint(app.extensions["daraja_simulator"]))
    return app


def state_of(app: Flask | None = None) -> SimulatorState:
    return (app or current_app).extensions["daraja_simulator"]
