"""A chama's terms: how often members pay, how fines work, who receives the pot.

Plain frozen values; the service layer maps them to and from the database.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from chamabora.core import account_reference
from chamabora.core.errors import InvalidInput
from chamabora.core.money import Money


class Frequency(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class Role(enum.StrEnum):
    CHAIR = "chair"
    TREASURER = "treasurer"
    SECRETARY = "secretary"
    MEMBER = "member"


class RotationMode(enum.StrEnum):
    JOIN_ORDER = "join_order"
    RANDOM_DRAW = "random_draw"
    CHAIR_SET = "chair_set"


class Language(enum.StrEnum):
    EN = "en"
    SW = "sw"


class MembershipStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    LEFT = "left"


MONEY_ROLES = frozenset({Role.CHAIR, Role.TREASURER})

_JOIN_CODE = re.compile(r"^[A-Z0-9]{3,12}$")


@dataclass(frozen=True, slots=True)
class FineRule:
    """Per late cycle: a flat amount, or basis points of what is unpaid.

    With `per_day`, the fine accrues for every day past grace, capped at `cap`
    (when given) per cycle.
    """

    flat: Money = Money(0)
    percent_bp: int = 0
    per_day: bool = False
    cap: Money | None = None

    def __post_init__(self) -> None:
        if self.flat.cents < 0 or self.percent_bp < 0:
            raise InvalidInput("fine rule must not be negative")
        if self.flat.cents and self.percent_bp:
            raise InvalidInput("a fine is flat or a percentage, not both")
        if self.cap is not None and self.cap.cents < 0:
            raise InvalidInput("fine cap must not be negative")


@dataclass(frozen=True, slots=True)
class ChamaTerms:
    contribution: Money
    frequency: Frequency
    anchor: date
    grace_days: int = 0
    fine: FineRule = FineRule()
    rotation: RotationMode = RotationMode.JOIN_ORDER

    def __post_init__(self) -> None:
        if not self.contribution.is_positive():
            raise InvalidInput("contribution must be positive", code_hint="invalid_amount")
        if not 0 <= self.grace_days <= 60:
            raise InvalidInput("grace days must be between 0 and 60")


def normalize_join_code(text: str) -> str:
    code = re.sub(r"[^A-Za-z0-9]", "", text or "").upper()
    if not _JOIN_CODE.match(code):
        raise InvalidInput("a join code is 3 to 12 letters or digits", value=text)
    if account_reference.reserved(code):
        # M-Pesa prompts for savings, loans and plans carry references of this shape
        raise InvalidInput("a join code cannot be a word like LOAN or SAVE and a number", value=text)
    return code
