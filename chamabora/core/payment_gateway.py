"""The payment gateway as the services see it: what M-Pesa answered when we
asked it something, and what can go wrong asking.

The Daraja client (providers/mpesa) implements `PaymentGateway` and raises
these errors' Daraja-specific kinds; the services (reconciliation, a refused
prompt) read them here, so they never import the provider. `transient`
errors are worth retrying with backoff; the rest fail the same way again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from chamabora.core.errors import ChamaError
from chamabora.core.money import Money


class GatewayError(ChamaError):
    code = "mpesa_error"
    transient = False

    def __init__(self, message: str = "", *, error_code: str | None = None,
                 http_status: int | None = None, **details: object) -> None:
        super().__init__(message, error_code=error_code, http_status=http_status, **details)
        self.error_code = error_code
        self.http_status = http_status


class StillProcessing(GatewayError):
    """A query about a prompt the member has not answered yet."""

    code = "mpesa_pending"


class SubscriberBusy(GatewayError):
    """The member already has an M-Pesa prompt open."""

    code = "mpesa_subscriber_busy"


@dataclass(frozen=True, slots=True)
class StkAccepted:
    """A prompt M-Pesa took: its result comes to our callback (or to a query) under these ids."""

    merchant_request_id: str
    checkout_request_id: str
    customer_message: str


@dataclass(frozen=True, slots=True)
class Accepted:
    """An asynchronous request M-Pesa took: the result comes to our callback URL."""

    conversation_id: str
    originator_conversation_id: str


class PaymentGateway(Protocol):
    """What reconciliation asks M-Pesa about what it never told us."""

    def stk_query(self, checkout_request_id: str) -> tuple[str, str]:
        """(ResultCode, ResultDesc) of a finished prompt; raises StillProcessing while it is open."""

    def payout_status(self, conversation_id: str) -> Accepted:
        """Ask for a B2C payment's fate; the answer arrives as a B2C result callback."""


# what an STK prompt may be for; the services book each purpose its own way (services/mpesa/purposes.py)
PURPOSES = ("contribution", "loan_repayment", "saving", "subscription")


@dataclass(frozen=True, slots=True)
class StkOrder:
    """A prompt the services asked for, as its outbox row carries it."""

    outbox_id: int | None
    chama_id: int
    member_id: int
    phone: str
    amount: Money
    account_reference: str
    purpose: str = "contribution"
    details: dict[str, object] = field(default_factory=dict)


class PaymentRecords(Protocol):
    """What the money senders tell the books about the requests they make, each in its own unit of
    work: the services decide what follows (a receipt, a notice, a payout's next step)."""

    def prompt_for(self, outbox_id: int) -> str | None:
        """The CheckoutRequestID already obtained for an outbox row: a retried send must not prompt twice."""

    def prompt_accepted(self, order: StkOrder, accepted: StkAccepted) -> None:
        """M-Pesa took the prompt: record it (and apply a callback that beat this record)."""

    def prompt_refused(self, order: StkOrder, error: GatewayError) -> None:
        """M-Pesa refused the prompt for good: the member hears why."""

    def payout_accepted(self, disbursement_id: int, accepted: Accepted) -> None:
        """M-Pesa took the B2C request: its result will come."""

    def payout_refused(self, disbursement_id: int, code: str, reason: str) -> None:
        """M-Pesa refused the B2C request for good: nothing left, the officers hear why."""
