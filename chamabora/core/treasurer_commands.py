"""The treasurer's orders about M-Pesa money: held payments, named by their
receipt, and merry-go-round payouts and loan requests, named by the id our notice gave.

A forwarded confirmation held by the fraud checks is approved or rejected;
a paybill (C2B) payment whose account number matched no member is credited
to the member the treasurer names by phone; a payout waiting for signatures
is approved or declined. Re-exported by `commands`, which holds the other
intents.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from chamabora.core.command_checks import MAX_REASON_LENGTH, check_name, check_phone, check_receipt, check_ref


@dataclass(frozen=True, slots=True)
class ApproveClaim:
    """A treasurer accepts a held M-Pesa confirmation, named by its receipt code."""

    intent: ClassVar[str] = "approve_claim"
    code: str


@dataclass(frozen=True, slots=True)
class RejectClaim:
    intent: ClassVar[str] = "reject_claim"
    code: str
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.reason is not None:
            check_name(self.reason, code_hint="missing_reason", limit=MAX_REASON_LENGTH)


@dataclass(frozen=True, slots=True)
class CreditPayment:
    """CREDIT <receipt> <phone> / KABIDHI: a held paybill payment goes to the member with that phone."""

    intent: ClassVar[str] = "credit_payment"
    code: str
    phone: str

    def __post_init__(self) -> None:
        check_receipt(self.code)
        check_phone(self.phone)


@dataclass(frozen=True, slots=True)
class ApprovePayout:
    """APPROVE PAYOUT <id> / KUBALI MGAO: a treasurer or chair signs payout `payout_id`."""

    intent: ClassVar[str] = "approve_payout"
    payout_id: int

    def __post_init__(self) -> None:
        check_ref(self.payout_id)


@dataclass(frozen=True, slots=True)
class RejectPayout:
    """REJECT PAYOUT <id> / KATAA MGAO: the payout stays unpaid until someone approves it."""

    intent: ClassVar[str] = "reject_payout"
    payout_id: int

    def __post_init__(self) -> None:
        check_ref(self.payout_id)


@dataclass(frozen=True, slots=True)
class ApproveLoan:
    """APPROVE LOAN <n> / KUBALI MKOPO: a treasurer or chair signs loan L<n>."""

    intent: ClassVar[str] = "approve_loan"
    loan_id: int

    def __post_init__(self) -> None:
        check_ref(self.loan_id)


@dataclass(frozen=True, slots=True)
class RejectLoan:
    """REJECT LOAN <n> / KATAA MKOPO: an officer turns loan L<n> down, or its borrower withdraws it."""

    intent: ClassVar[str] = "reject_loan"
    loan_id: int

    def __post_init__(self) -> None:
        check_ref(self.loan_id)
