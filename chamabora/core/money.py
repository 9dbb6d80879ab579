"""Money: Kenyan shillings held as integer cents.

Floats are refused everywhere, on purpose: 0.1 + 0.2 is not 0.3 and a chama
cannot lose a cent to binary rounding. Text comes in through `Money.parse`
only; shares are cut with `Money.split` (largest remainder) so they always sum
to the whole.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from chamabora.core.errors import InvalidAmount

_CURRENCY = re.compile(r"^(?:kshs|ksh|kes|shs|sh)\.?\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"\s*(?:/-|/=|kshs|ksh|kes|shs|sh|bob)\.?$", re.IGNORECASE)
_NUMBER = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*([kK])?$")

MAX_CENTS = 10**15  # far above any chama's money; guards overflow in SQL BIGINT


@dataclass(frozen=True, order=True, slots=True)
class Money:
    cents: int

    def __post_init__(self) -> None:
        if isinstance(self.cents, bool) or not isinstance(self.cents, int):
            raise InvalidAmount("money is held in integer cents", value=repr(self.cents))
        if abs(self.cents) > MAX_CENTS:
            raise InvalidAmount("amount too large", value=self.cents)

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def shillings(cls, whole: int) -> Money:
        if isinstance(whole, bool) or not isinstance(whole, int):
            raise InvalidAmount("whole shillings must be an integer", value=repr(whole))
        return cls(whole * 100)

    @classmethod
    def from_decimal(cls, value: Decimal) -> Money:
        """Exact decimal shillings; sub-cent digits round half-even."""
        if not isinstance(value, Decimal) or not value.is_finite():
            raise InvalidAmount("not a finite decimal", value=repr(value))
        try:
            cents = (value * 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
        except InvalidOperation as exc:  # more digits than the decimal context holds
            raise InvalidAmount("amount too large", value=repr(value)) from exc
        return cls(int(cents))

    @classmethod
    def parse(cls, text: str) -> Money:
        """The one way in from text: '500', '1,500', '1500.50', '1.5k', 'KES1500', '500/-'."""
        if not isinstance(text, str):
            raise InvalidAmount("amount must be text", value=repr(text))
        raw = text.strip()
        raw = _CURRENCY.sub("", raw)
        raw = _SUFFIX.sub("", raw).strip()
        match = _NUMBER.match(raw)
        if not match:
            raise InvalidAmount("not an amount", value=text)
        whole, fraction, thousands = match.groups()
        try:
            value = Decimal(whole.replace(",", "") + ("." + fraction if fraction else ""))
        except InvalidOperation as exc:  # pragma: no cover - the regex admits digits only
            raise InvalidAmount("not an amount", value=text) from exc
        if thousands:
            value *= 1000
        elif fraction and len(fraction) > 2:
            raise InvalidAmount("at most two decimal places", value=text)
        return cls.from_decimal(value)

    def __add__(self, other: Money) -> Money:
        return Money(self.cents + _cents(other))

    def __sub__(self, other: Money) -> Money:
        return Money(self.cents - _cents(other))

    def __neg__(self) -> Money:
        return Money(-self.cents)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise InvalidAmount("money multiplies by integers only", value=repr(factor))
        return Money(self.cents * factor)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.cents != 0

    def is_positive(self) -> bool:
        return self.cents > 0

    def percent(self, basis_points: int) -> Money:
        """basis_points/100 percent of this amount, rounded half-even to the cent."""
        value = Decimal(self.cents) * Decimal(basis_points) / Decimal(10000)
        return Money(int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)))

    def split(self, weights: list[int]) -> list[Money]:
        """Largest-remainder split: shares proportional to weights, summing exactly."""
        return [Money(c) for c in ratio_split(self.cents, weights)]

    def to_decimal(self) -> Decimal:
        return Decimal(self.cents).scaleb(-2)

    def decimal_string(self) -> str:
        """'1500.00': the machine form used in JSON."""
        sign = "-" if self.cents < 0 else ""
        whole, cents = divmod(abs(self.cents), 100)
        return f"{sign}{whole}.{cents:02d}"

    def whole_shillings(self) -> int:
        if self.cents % 100:
            raise InvalidAmount("not a whole shilling amount", value=self.cents)
        return self.cents // 100

    def __str__(self) -> str:
        sign = "-" if self.cents < 0 else ""
        whole, cents = divmod(abs(self.cents), 100)
        tail = f".{cents:02d}" if cents else ""
        return f"{sign}KES {whole:,}{tail}"


def _cents(other: object) -> int:
    if not isinstance(other, Money):
        raise InvalidAmount("money adds to money only", value=repr(other))
    return other.cents


def ratio_split(total: int, weights: list[int]) -> list[int]:
    """Split integer `total` by non-negative integer weights; remainders go to the largest fractions.

    Ties go to the earlier position, so the split is deterministic.
    """
    if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
        raise InvalidAmount("weights must be non-negative with a positive sum")
    weight_sum = sum(weights)
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    floors = [magnitude * w // weight_sum for w in weights]
    remainders = [magnitude * w % weight_sum for w in weights]
    left = magnitude - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return [sign * f for f in floors]
