"""The treasurer's orders about M-Pesa money held for them, each named by its receipt.

A forwarded confirmation held by the fraud checks is approved or rejected;
a paybill (C2B) payment whose account number matched no member is credited
to the member the treasurer names by phone. Re-exported by `commands`,
which holds the other intents.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .command_checks import MAX_REASON_LENGTH, check_name, check_phone, check_receipt


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
