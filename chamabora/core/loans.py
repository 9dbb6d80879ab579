"""Loans from the chama to a member: the limit, the schedule, and where a repayment goes.

- Limit: a multiple of the member's savings (default 3x) less what the member
  still owes on other loans. The part of a request above the limit must be
  backed by guarantors' pledges, each pledge no more than the guarantor's own
  savings not already pledged; named guarantors share it in proportion to what
  each can back. A loan is whole shillings: B2C cannot send cents.
- Interest is a monthly rate (an exact `Fraction`, so "10% a year" is 1/120 a
  month with no decimal drift), flat or on the reducing balance.
  Flat: interest = principal x rate x months, rounded half-even once, then
  principal and interest are each cut into equal instalments with the last
  absorbing the residue. Reducing balance: the equal payment
  P.r / (1 - (1+r)^-n) rounded half-even to the cent; each month's interest is
  the balance x rate rounded half-even; the last instalment repays whatever
  principal is left, so principal always sums to the loan exactly.
- Repayments settle overdue instalments first (oldest first: penalty, then
  interest, then principal), then the current instalment, then the following
  ones as scheduled; anything beyond the whole loan is excess, never taken.
Arithmetic is on integers (cents and the rate's numerator and denominator).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from chamabora.core.chama import FineRule
from chamabora.core.errors import ChamaError, InvalidAmount, InvalidInput
from chamabora.core.fines import fine_due
from chamabora.core.money import Money
from chamabora.core.schedule import add_months

DEFAULT_MULTIPLE = 3


class LoanLimitExceeded(ChamaError):
    code = "loan_limit"


class InterestMethod(enum.StrEnum):
    FLAT = "flat"
    REDUCING = "reducing"


class Component(enum.StrEnum):
    PENALTY = "penalty"
    INTEREST = "interest"
    PRINCIPAL = "principal"


COMPONENT_ORDER = (Component.PENALTY, Component.INTEREST, Component.PRINCIPAL)


def monthly_rate(basis_points: int) -> Fraction:
    """A per-month rate from basis points a month (100 = 1% a month)."""
    if isinstance(basis_points, bool) or not isinstance(basis_points, int) or basis_points < 0:
        raise InvalidInput("a rate is a non-negative whole number of basis points")
    return Fraction(basis_points, 10000)


def monthly_rate_from_annual(basis_points: int) -> Fraction:
    """A per-month rate from an annual one, as banks quote it: annual / 12."""
    return monthly_rate(basis_points) / 12


def round_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half-even, on integers only."""
    quotient, remainder = divmod(numerator, denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and quotient % 2):
        quotient += 1
    return quotient


def loan_limit(savings: Money, outstanding: Money, multiple: int = DEFAULT_MULTIPLE) -> Money:
    """What a member may borrow without guarantors; never below zero."""
    return max(savings * multiple - outstanding, Money(0))


def guarantee_needed(amount: Money, limit: Money) -> Money:
    return max(amount - limit, Money(0))


def check_guarantees(amount: Money, limit: Money, pledges: list[Money]) -> None:
    """Raise unless accepted pledges cover the part of `amount` above `limit`."""
    needed = guarantee_needed(amount, limit)
    pledged = sum(pledges, Money(0))
    if pledged < needed:
        raise LoanLimitExceeded("guarantors must back the part above the limit",
                                limit=limit.cents, needed=needed.cents, pledged=pledged.cents)


def pledge_capacity(savings: Money, pledged_elsewhere: Money) -> Money:
    """How much more a guarantor's savings can back."""
    return max(savings - pledged_elsewhere, Money(0))


def split_guarantee(needed: Money, capacities: list[Money]) -> list[Money]:
    """Share `needed` among guarantors in proportion to what each can back (largest remainder).

    No share exceeds its guarantor's capacity: with needed < total, each exact share is below
    a whole-cent capacity, so rounding up adds at most the cent that still fits."""
    total = sum(capacities, Money(0))
    if not needed.is_positive() or total < needed:
        raise LoanLimitExceeded("the guarantors' free savings do not cover the part above the limit",
                                needed=needed.cents, capacity=total.cents)
    return needed.split([c.cents for c in capacities])


class LoanInCents(InvalidAmount):
    code = "loan_in_cents"


class LoanOverMpesa(InvalidAmount):
    code = "loan_over_mpesa"


MPESA_MOST = Money.shillings(250_000)  # one B2C payment to a phone


def check_whole_shillings(amount: Money) -> None:
    """A loan leaves in one M-Pesa B2C payment, which moves whole shillings up to M-Pesa's ceiling; a loan
    with cents or above it could be approved and never sent, so it is refused before it is quoted."""
    if amount.cents % 100:
        raise LoanInCents("a loan is a whole number of shillings", amount=amount.cents)
    if amount > MPESA_MOST:
        # guarantors could back it, but no single M-Pesa payment could send it
        raise LoanOverMpesa("a loan is sent in one M-Pesa payment", amount=amount.cents)


@dataclass(frozen=True, slots=True)
class Instalment:
    seq: int           # 1-based
    due_on: date
    principal: Money
    interest: Money

    @property
    def total(self) -> Money:
        return self.principal + self.interest


@dataclass(frozen=True, slots=True)
class Schedule:
    principal: Money
    method: InterestMethod
    rate: Fraction
    instalments: tuple[Instalment, ...]

    @property
    def total_interest(self) -> Money:
        return Money(sum(i.interest.cents for i in self.instalments))

    @property
    def total(self) -> Money:
        return self.principal + self.total_interest


def amortise(principal: Money, months: int, rate: Fraction, method: InterestMethod,
             start: date) -> Schedule:
    """The instalments of a loan disbursed on `start`, one a month from a month later."""
    if not principal.is_positive():
        raise InvalidAmount("a loan must be more than zero", value=principal.cents)
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise InvalidInput("a loan runs for at least one month", code_hint="bad_months")
    if not isinstance(rate, Fraction) or rate < 0:
        raise InvalidInput("a rate is a non-negative Fraction")
    build = _flat if method is InterestMethod.FLAT else _reducing
    parts = build(principal.cents, months, rate.numerator, rate.denominator)
    instalments = tuple(Instalment(k, add_months(start, k), Money(p), Money(i))
                        for k, (p, i) in enumerate(parts, start=1))
    return Schedule(principal, method, rate, instalments)


def _flat(cents: int, n: int, num: int, den: int) -> list[tuple[int, int]]:
    # equal instalments of (principal + interest) / n, so a member pays one round figure;
    # each carries interest / n, and the last takes whatever principal and interest remain
    interest = round_div(cents * num * n, den)
    payment, interest_each = round_div(cents + interest, n), round_div(interest, n)
    parts, principal_left, interest_left = [], cents, interest
    for k in range(1, n + 1):
        i = interest_left if k == n else min(interest_each, interest_left)
        p = principal_left if k == n else min(max(payment - i, 0), principal_left)
        parts.append((p, i))
        principal_left, interest_left = principal_left - p, interest_left - i
    return parts


def _reducing(cents: int, n: int, num: int, den: int) -> list[tuple[int, int]]:
    if num == 0:
        return _flat(cents, n, 0, 1)
    # payment = P.r.(1+r)^n / ((1+r)^n - 1) with r = num/den, kept in integers
    grown, base = (den + num) ** n, den ** n
    payment = round_div(cents * num * grown, den * (grown - base))
    balance, parts = cents, []
    for k in range(1, n + 1):
        interest = round_div(balance * num, den)
        principal = balance if k == n else min(max(payment - interest, 0), balance)
        parts.append((principal, interest))
        balance -= principal
    return parts


@dataclass(frozen=True, slots=True)
class InstalmentOwed:
    """What is still unpaid of one instalment, penalties included."""

    seq: int
    due_on: date
    penalty: Money
    interest: Money
    principal: Money

    def part(self, component: Component) -> Money:
        return {Component.PENALTY: self.penalty, Component.INTEREST: self.interest,
                Component.PRINCIPAL: self.principal}[component]

    @property
    def total(self) -> Money:
        return self.penalty + self.interest + self.principal


@dataclass(frozen=True, slots=True)
class RepaymentAllocation:
    parts: tuple[tuple[int, Component, Money], ...]   # (instalment seq, component, amount)
    excess: Money

    def total(self, component: Component) -> Money:
        return Money(sum(m.cents for _, c, m in self.parts if c is component))

    @property
    def applied(self) -> Money:
        return Money(sum(m.cents for _, _, m in self.parts))


def repayment_order(owed: list[InstalmentOwed]) -> list[InstalmentOwed]:
    """Overdue instalments oldest first, then the current one, then the rest in order:
    instalments fall due monthly, so due-date order is exactly that order."""
    return sorted((o for o in owed if o.total.is_positive()), key=lambda o: (o.due_on, o.seq))


def allocate_repayment(amount: Money, owed: list[InstalmentOwed]) -> RepaymentAllocation:
    if not amount.is_positive():
        raise InvalidAmount("a repayment must be more than zero", value=amount.cents)
    left = amount.cents
    parts: list[tuple[int, Component, Money]] = []
    for instalment in repayment_order(owed):
        for component in COMPONENT_ORDER:
            take = min(left, instalment.part(component).cents)
            if take > 0:
                parts.append((instalment.seq, component, Money(take)))
                left -= take
        if left == 0:
            break
    return RepaymentAllocation(tuple(parts), Money(left))


def instalment_penalty(rule: FineRule, unpaid: Money, due_on: date, grace_days: int, today: date) -> Money:
    """What an instalment should have been fined by `today` (the caller levies the difference)."""
    days_late = (today - due_on).days - grace_days
    return fine_due(rule, unpaid, days_late)
