"""Fines for late contributions.

A fine is levied per late cycle: a flat amount or a percentage of what is
still unpaid once the grace period has passed. With a per-day rule the same
amount accrues for every day past grace, capped per cycle. `fine_due` returns
the total a cycle should have been fined by `today`, so the caller levies only
the difference and levying twice on the same day changes nothing.
"""
from __future__ import annotations

from chamabora.core.chama import FineRule
from chamabora.core.money import Money


def fine_due(rule: FineRule, unpaid: Money, days_late: int) -> Money:
    if days_late <= 0 or not unpaid.is_positive():
        return Money(0)
    base = rule.flat if rule.flat.cents else unpaid.percent(rule.percent_bp)
    total = base * days_late if rule.per_day else base
    if rule.cap is not None and total > rule.cap:
        return rule.cap
    return total


def fine_to_levy(rule: FineRule, unpaid: Money, days_late: int, already: Money) -> Money:
    """What to add now so the cycle's fines reach `fine_due`; never negative."""
    return max(fine_due(rule, unpaid, days_late) - already, Money(0))
