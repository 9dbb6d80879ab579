"""Interest on members' savings: compounded daily, actual/365, credited monthly.

The rule, exactly:
- A day's interest is earned on that day's closing balance (after the day's
  deposits and withdrawals) plus the interest accrued so far this month, at
  annual_rate / 365 for every calendar day, leap days included (actual/365
  fixed: a leap year has 366 earning days at 1/365 of the rate each).
- Accrued interest compounds daily but is not withdrawable until credited.
- On the month's last day the month's exact (rational) accrual is rounded
  half-even to the cent, once, and credited; the sub-cent residue is dropped,
  so a month's credit never depends on earlier months' rounding beyond the
  credited cents already in the balance.
Everything is done on integers: with d = 365 x 10000 and g = d + rate_bp, a
balance B held k days grows to B.g^k / d^k, so the running value is kept as
an integer numerator over d^(days so far). `Money` comes out; no floats.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from chamabora.core.errors import InvalidInput
from chamabora.core.loans import round_div
from chamabora.core.money import Money

DAYS_IN_YEAR = 365
_BASE = DAYS_IN_YEAR * 10000


@dataclass(frozen=True, slots=True)
class BalanceChange:
    on: date
    amount: Money   # deposit > 0, withdrawal < 0


def month_bounds(any_day: date) -> tuple[date, date]:
    """First and last day of the month containing `any_day`."""
    last = calendar.monthrange(any_day.year, any_day.month)[1]
    return any_day.replace(day=1), any_day.replace(day=last)


@lru_cache(maxsize=4096)
def _growth(rate_bp: int, days: int) -> tuple[int, int]:
    return (_BASE + rate_bp) ** days, _BASE ** days


def accrued_interest(opening: Money, changes: Iterable[BalanceChange], start: date, end: date,
                     annual_rate_bp: int) -> Money:
    """Interest earned from `start` to `end` inclusive, rounded half-even once at the end.

    `opening` is the balance before `start`'s changes; changes outside the
    period are refused so a caller cannot silently lose one.
    """
    if annual_rate_bp < 0 or end < start:
        raise InvalidInput("a non-negative rate over a non-empty period")
    by_day: dict[date, int] = {}
    for change in changes:
        if not start <= change.on <= end:
            raise InvalidInput("a balance change outside the period", on=change.on.isoformat())
        by_day[change.on] = by_day.get(change.on, 0) + change.amount.cents
    numerator, elapsed, principal = opening.cents, 0, opening.cents
    day = start
    for change_day in sorted(by_day) + [end + timedelta(days=1)]:
        held = (change_day - day).days
        if held:
            grown, base = _growth(annual_rate_bp, held)
            numerator, elapsed = numerator * grown, elapsed + held
            day = change_day
        if change_day <= end:
            delta = by_day[change_day]
            principal += delta
            if principal < 0:
                raise InvalidInput("savings cannot go below zero", on=change_day.isoformat())
            numerator += delta * _BASE ** elapsed
    scale = _BASE ** elapsed
    return Money(round_div(numerator - principal * scale, scale))


def monthly_credit(opening: Money, changes: Iterable[BalanceChange], month: date,
                   annual_rate_bp: int) -> Money:
    """The interest credited at the end of `month` (any day of it)."""
    start, end = month_bounds(month)
    return accrued_interest(opening, changes, start, end, annual_rate_bp)
