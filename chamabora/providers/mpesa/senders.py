"""Outbox senders for the two money channels: `stk_push` rows become STK
prompts and `b2c` rows become B2C payment requests, through the Daraja client.

They decide nothing about the money: what a prompt or a payment request led
to (recorded, refused, a member told) is the books' (`PaymentRecords`, a port
of the core that the services implement). A retried send must never prompt or
pay twice: the STK sender first asks the books for a request already recorded
for the outbox row, and B2C requests carry our own OriginatorConversationID,
which Daraja refuses to accept twice.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from chamabora.core.money import Money
from chamabora.core.payment_gateway import PURPOSES, Accepted, PaymentRecords, StkOrder
from chamabora.core.ports import Outgoing, SendFailed, Sent
from chamabora.providers.mpesa.client import DarajaClient
from chamabora.providers.mpesa.errors import DarajaError

log = logging.getLogger(__name__)
DUPLICATE_ORIGINATOR = "500.002.1001"


@dataclass(frozen=True)
class CallbackUrls:
    base: str
    token: str | None

    def url(self, path: str) -> str:
        return f"{self.base}{path}" + (f"?token={self.token}" if self.token else "")


class StkPushSender:
    def __init__(self, client: DarajaClient, records: PaymentRecords, urls: CallbackUrls) -> None:
        self.client, self.records, self.urls = client, records, urls

    def send(self, message: Outgoing) -> Sent:
        order = order_of(message)
        known = self.records.prompt_for(message.id)
        if known is not None:
            return Sent("daraja", known)
        try:
            accepted = self.client.stk_push(order.phone, order.amount, order.account_reference,
                                            self.urls.url("/mpesa/stk/callback"))
        except DarajaError as error:
            if error.transient:
                raise SendFailed(why(error)) from None
            self.records.prompt_refused(order, error)
            raise SendFailed(why(error), permanent=True) from None
        self.records.prompt_accepted(order, accepted)
        return Sent("daraja", accepted.checkout_request_id)


ORDER_FIELDS = {"chama_id", "member_id", "amount_cents", "account_reference", "purpose"}


def order_of(message: Outgoing) -> StkOrder:
    p = message.payload
    purpose = str(p.get("purpose", "contribution"))
    try:
        if purpose not in PURPOSES:
            raise ValueError(purpose)
        return StkOrder(message.id, int(p.get("chama_id", message.chama_id)),  # type: ignore[arg-type]
                        int(p.get("member_id", message.member_id)),  # type: ignore[arg-type]
                        message.recipient, Money(int(p["amount_cents"])),  # type: ignore[call-overload]
                        str(p["account_reference"])[:12], purpose,
                        {k: v for k, v in p.items() if k not in ORDER_FIELDS})
    except (KeyError, TypeError, ValueError) as exc:
        raise SendFailed("stk_push payload incomplete", permanent=True) from exc


def why(error: DarajaError) -> str:
    """The log's account of a refusal: our code, Daraja's code and Daraja's (or our client's) words."""
    return " ".join(part for part in (f"{error.code}:", error.error_code, str(error)) if part)


def _remarks(payload: dict[str, object]) -> str:
    loan_id, withdrawal_id = payload.get("loan_id"), payload.get("withdrawal_id")
    if withdrawal_id is not None:
        return f"Chama savings W{withdrawal_id}"
    return f"Chama loan {loan_id}" if loan_id is not None else f"Chama payout {payload['payout_id']}"


class B2CSender:
    def __init__(self, client: DarajaClient, records: PaymentRecords, urls: CallbackUrls) -> None:
        self.client, self.records, self.urls = client, records, urls

    def send(self, message: Outgoing) -> Sent:
        p = message.payload
        disbursement_id, originator = int(p["disbursement_id"]), str(p["originator_conversation_id"])  # type: ignore[call-overload]
        try:
            accepted = self.client.b2c(originator, message.recipient, Money(int(p["amount_cents"])),  # type: ignore[call-overload]
                                       _remarks(p), self.urls.url("/mpesa/b2c/result"),
                                       self.urls.url("/mpesa/b2c/timeout"))
        except DarajaError as error:
            if error.error_code == DUPLICATE_ORIGINATOR:
                accepted = Accepted("", originator)  # an earlier try got through; its result will come
            elif error.transient:
                raise SendFailed(error.code) from None
            else:
                self.records.payout_refused(disbursement_id, error.error_code or error.code, str(error))
                raise SendFailed(f"{error.code}: {error.error_code or ''}", permanent=True) from None
        self.records.payout_accepted(disbursement_id, accepted)
        return Sent("daraja", accepted.conversation_id or originator)
