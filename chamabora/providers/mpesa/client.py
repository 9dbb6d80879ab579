"""The Daraja client: OAuth, STK push and query, C2B URL registration, B2C,
transaction status and reversal, over HTTP with `requests`.

The same client talks to Safaricom (sandbox, production) and to our local
simulator; only the base URL differs. Transient failures are retried with
exponential backoff; an access token Daraja refuses is dropped and fetched
again once. Credentials never appear in logs or exception text.
"""
from __future__ import annotations

import base64
import logging
import time
from dataclasses import dataclass
from typing import Any

import requests

from chamabora.ops.logs import outside_call
from chamabora.core.account_reference import acceptable as reference_acceptable
from chamabora.core.money import Money
from chamabora.core.payment_gateway import Accepted, StkAccepted
from chamabora.providers.mpesa.errors import DarajaAuthFailed, DarajaError, DarajaRejected, DarajaUnavailable, classify
from chamabora.providers.mpesa.token import TokenCache
from chamabora.providers.mpesa.wire import msisdn, stk_password, timestamp

log = logging.getLogger(__name__)

SAFARICOM = {"sandbox": "https://sandbox.safaricom.co.ke", "production": "https://api.safaricom.co.ke"}


@dataclass(frozen=True)
class DarajaConfig:
    base_url: str
    consumer_key: str
    consumer_secret: str
    shortcode: str
    passkey: str
    till_number: str | None = None
    initiator_name: str = ""
    security_credential: str = ""
    b2c_shortcode: str = ""
    attempts: int = 3
    backoff_seconds: float = 0.2
    timeout_seconds: float = 10.0

    def __repr__(self) -> str:  # the secrets stay out of every log line
        return f"DarajaConfig(base_url={self.base_url!r}, shortcode={self.shortcode!r})"


class DarajaClient:
    def __init__(self, config: DarajaConfig, redis: object | None = None,
                 session: requests.Session | None = None) -> None:
        self.config = config
        self.session = session or requests.Session()
        self.tokens = TokenCache(self._fetch_token, redis, f"{config.base_url}|{config.consumer_key}")

    def stk_push(self, phone: str, amount: Money, account_reference: str, callback_url: str,
                 description: str = "Contribution") -> StkAccepted:
        if not reference_acceptable(account_reference):
            raise DarajaRejected(f"AccountReference {account_reference!r} is not 1 to 12 letters or digits")
        shortcode, stamp = self.config.shortcode, timestamp()
        till = self.config.till_number
        body = self._post("/mpesa/stkpush/v1/processrequest", {
            "BusinessShortCode": shortcode, "Password": stk_password(shortcode, self.config.passkey, stamp),
            "Timestamp": stamp, "TransactionType": "CustomerBuyGoodsOnline" if till else "CustomerPayBillOnline",
            "Amount": amount.whole_shillings(), "PartyA": msisdn(phone), "PartyB": int(till or shortcode),
            "PhoneNumber": msisdn(phone), "CallBackURL": callback_url,
            "AccountReference": account_reference, "TransactionDesc": description[:13]})
        return StkAccepted(str(body["MerchantRequestID"]), str(body["CheckoutRequestID"]),
                           str(body.get("CustomerMessage", "")))

    def stk_query(self, checkout_request_id: str) -> tuple[str, str]:
        """(ResultCode, ResultDesc) of a finished prompt; raises StillProcessing while it is open."""
        shortcode, stamp = self.config.shortcode, timestamp()
        body = self._post("/mpesa/stkpushquery/v1/query", {
            "BusinessShortCode": shortcode, "Password": stk_password(shortcode, self.config.passkey, stamp),
            "Timestamp": stamp, "CheckoutRequestID": checkout_request_id})
        return str(body["ResultCode"]).strip(), str(body.get("ResultDesc", ""))

    def register_c2b_urls(self, confirmation_url: str, validation_url: str, completed: bool = True) -> str:
        body = self._post("/mpesa/c2b/v2/registerurl", {
            "ShortCode": self.config.shortcode, "ResponseType": "Completed" if completed else "Cancelled",
            "ConfirmationURL": confirmation_url, "ValidationURL": validation_url})
        return str(body.get("ResponseDescription", ""))

    def b2c(self, originator_id: str, phone: str, amount: Money, remarks: str, result_url: str,
            timeout_url: str, occasion: str = "") -> Accepted:
        body = self._post("/mpesa/b2c/v3/paymentrequest", {
            "OriginatorConversationID": originator_id, "InitiatorName": self.config.initiator_name,
            "SecurityCredential": self.config.security_credential, "CommandID": "BusinessPayment",
            "Amount": amount.whole_shillings(), "PartyA": int(self.config.b2c_shortcode),
            "PartyB": msisdn(phone), "Remarks": remarks[:100].ljust(2, "."),
            "QueueTimeOutURL": timeout_url, "ResultURL": result_url, "Occassion": occasion[:100]})
        return self._accepted(body)

    def transaction_status(self, result_url: str, timeout_url: str, *, transaction_id: str = "",
                           original_conversation_id: str = "") -> Accepted:
        body = self._post("/mpesa/transactionstatus/v1/query", {
            "Initiator": self.config.initiator_name, "SecurityCredential": self.config.security_credential,
            "CommandID": "TransactionStatusQuery", "TransactionID": transaction_id,
            "OriginalConversationID": original_conversation_id, "PartyA": self.config.b2c_shortcode,
            "IdentifierType": "4", "ResultURL": result_url, "QueueTimeOutURL": timeout_url,
            "Remarks": "Reconciliation", "Occasion": ""})
        return self._accepted(body)

    def reversal(self, transaction_id: str, amount: Money, result_url: str, timeout_url: str,
                 remarks: str = "Reversal") -> Accepted:
        body = self._post("/mpesa/reversal/v1/request", {
            "Initiator": self.config.initiator_name, "SecurityCredential": self.config.security_credential,
            "CommandID": "TransactionReversal", "TransactionID": transaction_id,
            "Amount": amount.whole_shillings(), "ReceiverParty": self.config.shortcode,
            "RecieverIdentifierType": "11", "ResultURL": result_url, "QueueTimeOutURL": timeout_url,
            "Remarks": remarks[:100]})
        return self._accepted(body)

    @staticmethod
    def _accepted(body: dict[str, Any]) -> Accepted:
        return Accepted(str(body.get("ConversationID", "")), str(body.get("OriginatorConversationID", "")))

    def _fetch_token(self) -> tuple[str, int]:
        basic = base64.b64encode(f"{self.config.consumer_key}:{self.config.consumer_secret}".encode()).decode()
        body = self._call("GET", "/oauth/v1/generate?grant_type=client_credentials",
                          headers={"Authorization": f"Basic {basic}"})
        try:
            return str(body["access_token"]), int(str(body.get("expires_in", "3599")))
        except (KeyError, ValueError) as exc:
            raise DarajaAuthFailed("Daraja sent no usable access token") from exc

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        token = self.tokens.get()
        try:
            return self._call("POST", path, json=payload, headers={"Authorization": f"Bearer {token}"})
        except DarajaAuthFailed:
            self.tokens.invalidate(token)  # another process may have replaced it: fetch once more
            fresh = self.tokens.get()
            return self._call("POST", path, json=payload, headers={"Authorization": f"Bearer {fresh}"})

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        for attempt in range(1, self.config.attempts + 1):
            try:
                return self._once(method, path, **kwargs)
            except DarajaError as error:
                if not error.transient or attempt == self.config.attempts:
                    raise
                log.info("Daraja %s failed (%s), retrying", path.split("?")[0], error.code)
                time.sleep(self.config.backoff_seconds * 2 ** (attempt - 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        with outside_call("daraja", path.split("?")[0]):
            return self._exchange(method, path, **kwargs)

    def _exchange(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self.session.request(method, self.config.base_url + path,
                                            timeout=self.config.timeout_seconds, **kwargs)
        except requests.RequestException as exc:
            raise DarajaUnavailable(f"Daraja unreachable: {type(exc).__name__}") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise classify(response.status_code, None, f"HTTP {response.status_code} without JSON")
        if response.status_code >= 400 or "errorCode" in body:
            raise classify(response.status_code, body.get("errorCode"), str(body.get("errorMessage", "")))
        if str(body.get("ResponseCode", "0")).strip() not in ("0", "00000000"):
            raise DarajaRejected(str(body.get("ResponseDescription", "")), error_code=str(body["ResponseCode"]),
                                 http_status=response.status_code)
        return body
