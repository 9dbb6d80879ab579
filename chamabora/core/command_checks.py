"""The construction checks every command module shares.

Each raises the core's own error, and an `InvalidInput` carries `code_hint`
so a channel can name the problem (the parser turns it into a hint code).
They live apart from the command classes so that sibling modules of
`commands` can use them without importing `commands` itself.
"""
from __future__ import annotations

import re
from datetime import date

from chamabora.core.errors import InvalidAmount, InvalidInput, InvalidPhone
from chamabora.core.money import Money
from chamabora.core.phone import is_e164

MAX_NAME_LENGTH = 60
MAX_REASON_LENGTH = 160
MAX_LOAN_MONTHS = 60
MAX_RENEWAL_MONTHS = 12
MAX_GUARANTORS = 5  # as many phones as fit a loan request in one SMS, with room to spare
# M-Pesa receipts: 10 characters since about 2014, 9 before; always with a letter.
_RECEIPT = re.compile(r"(?=[0-9]*[A-Z])[A-Z0-9]{9,10}")


def check_goal_fields(name: str, target: Money, by: date) -> None:
    check_name(name)
    check_positive(target)
    if not isinstance(by, date):
        raise InvalidInput("a goal needs a date", code_hint="missing_date")


def check_positive(amount: Money) -> None:
    if not isinstance(amount, Money) or not amount.is_positive():
        raise InvalidAmount("amount must be more than zero", value=repr(amount))


def check_phone(phone: str) -> None:
    if not isinstance(phone, str) or not is_e164(phone):
        raise InvalidPhone("phone must be E.164", value=repr(phone))


def check_months(months: int, limit: int) -> None:
    if isinstance(months, bool) or not isinstance(months, int):
        raise InvalidInput("months must be a whole number", code_hint="bad_months")
    if not 1 <= months <= limit:
        raise InvalidInput(f"1 to {limit} months", code_hint="bad_months")


def check_guarantors(phones: tuple[str, ...]) -> None:
    if not isinstance(phones, tuple):
        raise InvalidInput("guarantors are a tuple of phones", code_hint="bad_phone")
    if len(phones) > MAX_GUARANTORS or len(set(phones)) != len(phones):
        raise InvalidInput(f"at most {MAX_GUARANTORS} different guarantors", code_hint="too_many_guarantors")
    for phone in phones:
        check_phone(phone)


def check_ref(number: int) -> None:
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise InvalidInput("a reference is a positive number", code_hint="bad_ref")


def check_item_ref(ref: str | None) -> None:
    if ref is not None and (not isinstance(ref, str) or not ref.lstrip("LWP").isdigit()
                            or int(ref.lstrip("LWP")) < 1):
        raise InvalidInput("a reference is L, W or P and a number", code_hint="bad_ref")


def check_name(text: str, code_hint: str = "missing_name", limit: int = MAX_NAME_LENGTH) -> None:
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("a name is required", code_hint=code_hint)
    if len(text) > limit:
        raise InvalidInput(f"at most {limit} characters", code_hint="too_long")


def check_receipt(code: str) -> None:
    """Upper case only, so a receipt compares equal however the treasurer typed it."""
    if not isinstance(code, str) or not _RECEIPT.fullmatch(code):
        raise InvalidInput("an M-Pesa receipt is 9 or 10 capital letters and digits", code_hint="bad_code")
