"""Outbox senders for the two money channels: `stk_push` rows become STK
prompts and `b2c` rows become B2C payment requests, through the Daraja client.

A retried send must never prompt or pay twice: the STK sender first looks for
a request already recorded for the outbox row, and B2C requests carry our own
OriginatorConversationID, which Daraja refuses to accept twice.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from chamabora.core.money import Money
from chamabora.outbox.sending import Outgoing, SendFailed, Sent
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.records import chamas
from chamabora.mpesa import disbursements, events, messages, purposes, stk
from chamabora.mpesa.client import Accepted, DarajaClient
from chamabora.mpesa.errors import DarajaError, SubscriberBusy

log = logging.getLogger(__name__)
Run = Callable[[Callable[[Connection], Any]], Any]
DUPLICATE_ORIGINATOR = "500.002.1001"


@dataclass(frozen=True)
class CallbackUrls:
    base: str
    token: str | None

    def url(self, path: str) -> str:
        return f"{self.base}{path}" + (f"?token={self.token}" if self.token else "")


class StkPushSender:
    def __init__(self, client: DarajaClient, run: Run, urls: CallbackUrls) -> None:
        self.client, self.run, self.urls = client, run, urls

    def send(self, message: Outgoing) -> Sent:
        order = _order(message)
        known = self.run(lambda conn: stk.request_for_outbox(conn, message.id))
        if known is not None:
            return Sent("daraja", known)
        try:
            accepted = self.client.stk_push(order.phone, order.amount, order.account_reference,
                                            self.urls.url("/mpesa/stk/callback"))
        except DarajaError as error:
            if error.transient:
                raise SendFailed(why(error)) from None
            self.run(lambda conn: _tell_not_sent(conn, order, message.id, error))
            raise SendFailed(why(error), permanent=True) from None
        self.run(lambda conn: stk.record_request(conn, order, accepted))
        # the callback may have beaten our own write: apply what was waiting for it
        events.apply_waiting(self.run, "stk", accepted.checkout_request_id)
        return Sent("daraja", accepted.checkout_request_id)


ORDER_FIELDS = {"chama_id", "member_id", "amount_cents", "account_reference", "purpose"}


def _order(message: Outgoing) -> stk.StkOrder:
    p = message.payload
    purpose = str(p.get("purpose", "contribution"))
    try:
        if purpose not in purposes.PURPOSES:
            raise ValueError(purpose)
        return stk.StkOrder(message.id, int(p.get("chama_id", message.chama_id)),  # type: ignore[arg-type]
                            int(p.get("member_id", message.member_id)),  # type: ignore[arg-type]
                            message.recipient, Money(int(p["amount_cents"])),  # type: ignore[call-overload]
                            str(p["account_reference"])[:12], purpose,
                            {k: v for k, v in p.items() if k not in ORDER_FIELDS})
    except (KeyError, TypeError, ValueError) as exc:
        raise SendFailed("stk_push payload incomplete", permanent=True) from exc


def why(error: DarajaError) -> str:
    """The log's account of a refusal: our code, Daraja's code and Daraja's (or our client's) words."""
    return " ".join(part for part in (f"{error.code}:", error.error_code, str(error)) if part)


def _tell_not_sent(conn: Connection, order: stk.StkOrder, outbox_id: int, error: DarajaError) -> None:
    """One message, saying why; the reply that promised the prompt went out before it (InlineDispatcher)."""
    chama = conn.execute(select(chamas.c.name).where(chamas.c.id == order.chama_id)).scalar_one()
    msgid = messages.STK_BUSY if isinstance(error, SubscriberBusy) else messages.STK_NOT_SENT
    reason = messages.not_sent_reason(messages.language_of(conn, order.member_id), str(error),
                                      error.error_code or error.code)
    body = messages.for_payer(conn, order.member_id, msgid, order.purpose, order.details, order.amount,
                              chama=chama, reason=reason)
    enqueue(conn, Channel.SMS, order.phone, body, purpose=Purpose.NOTICE, member_id=order.member_id,
            chama_id=order.chama_id, dedupe_key=f"mpesa:stk-not-sent:{outbox_id}")


def _remarks(payload: dict[str, object]) -> str:
    loan_id, withdrawal_id = payload.get("loan_id"), payload.get("withdrawal_id")
    if withdrawal_id is not None:
        return f"Chama savings W{withdrawal_id}"
    return f"Chama loan {loan_id}" if loan_id is not None else f"Chama payout {payload['payout_id']}"


class B2CSender:
    def __init__(self, client: DarajaClient, run: Run, urls: CallbackUrls) -> None:
        self.client, self.run, self.urls = client, run, urls

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
                self.run(lambda conn: disbursements.fail(conn, disbursement_id, error.error_code or error.code,
                                                         str(error)))
                raise SendFailed(f"{error.code}: {error.error_code or ''}", permanent=True) from None
        self.run(lambda conn: disbursements.record_accepted(conn, disbursement_id, accepted))
        return Sent("daraja", accepted.conversation_id or originator)
