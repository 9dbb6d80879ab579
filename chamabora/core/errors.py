"""Errors the core raises: one root with a stable code.

Channels map `code` to English or Swahili text and HTTP adapters to status
codes, so a code, once published, never changes meaning.
"""
from __future__ import annotations


class ChamaError(Exception):
    code = "error"

    def __init__(self, message: str = "", **details: object) -> None:
        super().__init__(message or self.code)
        self.details = details


class InvalidAmount(ChamaError):
    code = "invalid_amount"


class InvalidPhone(ChamaError):
    code = "invalid_phone"


class InvalidInput(ChamaError):
    code = "invalid_input"


class NotFound(ChamaError):
    code = "not_found"


class UnknownMember(NotFound):
    code = "unknown_member"


class UnknownChama(NotFound):
    code = "unknown_chama"


class NotAMember(ChamaError):
    code = "not_a_member"


class AlreadyMember(ChamaError):
    code = "already_member"


class AlreadyRegistered(ChamaError):
    code = "already_registered"


class Forbidden(ChamaError):
    code = "forbidden"


class UnbalancedEntry(ChamaError):
    code = "unbalanced_entry"


class CycleState(ChamaError):
    code = "cycle_state"


class PayoutState(ChamaError):
    code = "payout_state"


class UnknownRecipient(NotFound):
    """The other member named in a command (by phone) is not registered."""

    code = "unknown_recipient"
