"""Where a member's payment goes.

The order is the chama's promise to its members (DESIGN.md §5): the oldest
unpaid contribution first, then unpaid fines (oldest first), then the current
cycle's contribution; whatever is left is kept as credit for the next cycle.
Paying old debts first stops arrears from hiding behind new payments.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from chamabora.core.errors import InvalidAmount
from chamabora.core.money import Money


class DueKind(enum.StrEnum):
    CONTRIBUTION = "contribution"
    FINE = "fine"


@dataclass(frozen=True, slots=True)
class Due:
    """One thing a member owes: a cycle's contribution or a fine."""

    ref: int
    kind: DueKind
    cycle_seq: int
    due_on: date
    outstanding: Money


@dataclass(frozen=True, slots=True)
class Allocation:
    parts: tuple[tuple[Due, Money], ...]
    credit: Money

    @property
    def applied(self) -> Money:
        return sum((m for _, m in self.parts), Money(0))


def allocation_order(dues: list[Due], current_seq: int) -> list[Due]:
    def rank(due: Due) -> tuple[int, date, int, int]:
        if due.kind is DueKind.CONTRIBUTION and due.cycle_seq < current_seq:
            group = 0
        elif due.kind is DueKind.FINE:
            group = 1
        else:
            group = 2
        return (group, due.due_on, due.cycle_seq, due.ref)

    return sorted((d for d in dues if d.outstanding.is_positive()), key=rank)


def to_clear_fines(dues: list[Due], current_seq: int) -> Money:
    """The payment that settles every unpaid fine: the fines and whatever the order puts before them."""
    order = allocation_order(dues, current_seq)
    last_fine = max((i for i, due in enumerate(order) if due.kind is DueKind.FINE), default=-1)
    return sum((due.outstanding for due in order[:last_fine + 1]), Money(0))


def allocate(amount: Money, dues: list[Due], current_seq: int) -> Allocation:
    if not amount.is_positive():
        raise InvalidAmount("a payment must be more than zero", value=amount.cents)
    left = amount.cents
    parts: list[tuple[Due, Money]] = []
    for due in allocation_order(dues, current_seq):
        if left == 0:
            break
        take = min(left, due.outstanding.cents)
        parts.append((due, Money(take)))
        left -= take
    return Allocation(tuple(parts), Money(left))


def unallocate(amount: Money, paid: list[Due], credit: Money, current_seq: int) -> Allocation:
    """Taking back `amount` a member was credited with (a payment found false), as if it had never come:
    from the credit it left first, then from what was settled last, the allocation order reversed.

    `paid` carries each due's paid part as its `outstanding`. The result's parts are what to mark unpaid
    again and its `credit` what comes off the member's credit."""
    if not amount.is_positive():
        raise InvalidAmount("nothing to take back", value=amount.cents)
    from_credit = min(amount.cents, max(0, credit.cents))
    left = amount.cents - from_credit
    parts: list[tuple[Due, Money]] = []
    for due in reversed(allocation_order(paid, current_seq)):
        if left == 0:
            break
        take = min(left, due.outstanding.cents)
        parts.append((due, Money(take)))
        left -= take
    if left:
        raise InvalidAmount("more than the member has paid", short=left)
    return Allocation(tuple(parts), Money(from_credit))
