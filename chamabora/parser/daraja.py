"""What Daraja sends us, read into plain values: the callback bodies (STK,
C2B, B2C and transaction-status results) as typed events.

Read at the edge when a callback arrives and again by the worker that applies
a stored one, so both read it the same way. Amounts are read with `Decimal`
(the JSON is parsed with `parse_float=Decimal`) so a callback's `1.00` never
becomes a float. Items and result parameters are looked up by name: their
order varies, `Balance` often has no value, and `ResultParameter` is
sometimes one object instead of a list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from typing import Any

from chamabora.core.errors import ChamaError, InvalidInput
from chamabora.core.money import Money
from chamabora.core.schedule import NAIROBI
from chamabora.parser.webhook_input import MalformedInput, parse_json

TIMESTAMP = "%Y%m%d%H%M%S"
_CENT = Decimal("0.01")
_RECEIPT = re.compile(r"^[A-Z0-9]{6,20}$")


class BadCallback(InvalidInput):
    """A callback body that is JSON but not in Daraja's shape."""

    code = "mpesa_bad_callback"


def parse_time(value: object) -> datetime:
    """A Daraja YYYYMMDDHHmmss (number or text), which is Nairobi local time."""
    try:
        return datetime.strptime(str(value).strip(), TIMESTAMP).replace(tzinfo=NAIROBI)
    except ValueError as exc:
        raise BadCallback("not a Daraja timestamp", value=str(value)[:20]) from exc


def read(raw: bytes | str) -> tuple[str, Any]:
    """(the text parsed, its value) by the edge's one reading (webhook_input): the text is what is stored."""
    try:
        return parse_json(raw)
    except MalformedInput as exc:
        raise BadCallback(str(exc)) from exc


def loads(raw: bytes | str) -> Any:
    return read(raw)[1]


def money(value: object) -> Money:
    """Daraja amounts: 1, 1.00, "5.00" -> Money. A fraction of a cent is refused, as a number (500.999)
    the same as text ("12.345"): M-Pesa moves whole cents, so such a callback is not M-Pesa's."""
    try:
        if isinstance(value, bool):
            raise TypeError
        if isinstance(value, (int, Decimal)):
            amount = Decimal(value)
            if amount.is_finite() and amount != amount.quantize(_CENT, rounding=ROUND_DOWN):
                raise TypeError
            return Money.from_decimal(amount)
        return Money.parse(str(value))
    except (TypeError, ChamaError) as exc:
        raise BadCallback("not an amount", value=str(value)[:20]) from exc


def receipt_code(value: object, name: str = "receipt") -> str:
    """An M-Pesa receipt code (MpesaReceiptNumber, TransID, TransactionID) as every idempotency key holds
    it: Safaricom prints them in capitals, so a lowercase copy is the same payment, never a second one."""
    if value is None or isinstance(value, (bool, dict, list)):
        raise BadCallback(f"{name} is missing")
    code = str(value).strip().upper()
    if not _RECEIPT.match(code):
        raise BadCallback(f"{name} is not an M-Pesa receipt code", value=code[:20])
    return code


def named(items: object, key: str = "Name", value: str = "Value") -> dict[str, object]:
    """[{Name, Value}, ...] (or one such object) -> {Name: Value}; value-less items map to None."""
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return {}
    return {str(i[key]): i.get(value) for i in items if isinstance(i, dict) and key in i}


def text(body: dict[str, Any], name: str, limit: int = 100) -> str:
    value = body.get(name)
    if value is None or isinstance(value, (dict, list)) or str(value).strip() == "":
        raise BadCallback(f"{name} is missing")
    return str(value).strip()[:limit]


def code_of(value: object) -> str:
    """Result codes arrive as numbers or strings ("0", 0, "C2B00012", "SFC_IC0003")."""
    if value is None or isinstance(value, (dict, list, bool)):
        raise BadCallback("ResultCode is missing")
    return str(value).strip()


def as_object(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadCallback("expected a JSON object")
    return value


@dataclass(frozen=True, slots=True)
class StkResult:
    merchant_request_id: str
    checkout_request_id: str
    result_code: str
    result_desc: str
    amount: Money | None = None
    receipt: str | None = None
    paid_at: datetime | None = None
    phone: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.result_code == "0"


def decode_stk(body: object) -> StkResult:
    callback = as_object(as_object(as_object(body).get("Body")).get("stkCallback"))
    result = StkResult(text(callback, "MerchantRequestID"), text(callback, "CheckoutRequestID"),
                       code_of(callback.get("ResultCode")), str(callback.get("ResultDesc", ""))[:200])
    if not result.succeeded:
        return result
    items = named(as_object(callback.get("CallbackMetadata")).get("Item"))
    receipt = items.get("MpesaReceiptNumber")
    if not receipt or items.get("Amount") is None:
        raise BadCallback("a successful STK callback needs Amount and MpesaReceiptNumber")
    paid_at = parse_time(items["TransactionDate"]) if items.get("TransactionDate") is not None else None
    phone = items.get("PhoneNumber")
    return StkResult(result.merchant_request_id, result.checkout_request_id, "0", result.result_desc,
                     money(items["Amount"]), receipt_code(receipt, "MpesaReceiptNumber"), paid_at,
                     f"+{phone}" if phone is not None else None)


@dataclass(frozen=True, slots=True)
class C2BPaymentNotice:
    trans_id: str
    trans_time: datetime
    amount: Money
    bill_ref: str
    msisdn: str
    payer_name: str
    shortcode: str


def decode_c2b(body: object) -> C2BPaymentNotice:
    data = as_object(body)
    names = " ".join(str(data.get(k) or "").strip() for k in ("FirstName", "MiddleName", "LastName"))
    return C2BPaymentNotice(receipt_code(text(data, "TransID", 21), "TransID"), parse_time(text(data, "TransTime")),
                            money(data.get("TransAmount")), str(data.get("BillRefNumber") or "").strip()[:40],
                            str(data.get("MSISDN") or "")[:80], " ".join(names.split())[:100],
                            str(data.get("BusinessShortCode") or "")[:12])


@dataclass(frozen=True, slots=True)
class B2CResult:
    originator_conversation_id: str
    conversation_id: str
    result_code: str
    result_desc: str
    transaction_id: str | None
    parameters: dict[str, object]

    @property
    def succeeded(self) -> bool:
        return self.result_code == "0"


def decode_result(body: object) -> B2CResult:
    """B2C, transaction-status and queue-timeout results: `{"Result": {...}}` (or flat, seen on timeouts)."""
    data = as_object(body)
    result = as_object(data.get("Result", data))
    params = named(as_object(result.get("ResultParameters") or {}).get("ResultParameter"), "Key")
    transaction = result.get("TransactionID") or params.get("TransactionReceipt") or params.get("ReceiptNo")
    return B2CResult(text(result, "OriginatorConversationID"), str(result.get("ConversationID") or "")[:100],
                     code_of(result.get("ResultCode")), str(result.get("ResultDesc", ""))[:200],
                     receipt_code(transaction, "TransactionID") if transaction else None, params)
