"""Merry-go-round default protection.

A member who has already received the pot holds the group's money; if they
then fall behind, the others are exposed. Such a member is a defaulter when
any contribution that fell due after their payout is late (past the grace
period) and unpaid, or their unpaid fines exceed the chama's tolerance. A
defaulter is flagged to the treasurer and chair, payouts to them are blocked
until they are paid up, and (if the chama enables it) their guarantor is told.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chamabora.core.errors import ChamaError
from chamabora.core.money import Money


class PayoutBlocked(ChamaError):
    code = "payout_blocked"


@dataclass(frozen=True, slots=True)
class RecipientStanding:
    member_id: int
    received_on: date | None       # due date of the cycle whose pot they received, if any
    late_unpaid: Money             # contributions past grace and unpaid
    late_since: date | None        # due date of the oldest of those
    fines_unpaid: Money


def is_defaulter(standing: RecipientStanding, fine_tolerance: Money = Money(0)) -> bool:
    if standing.received_on is None:
        return False
    late_after_payout = (standing.late_unpaid.is_positive() and standing.late_since is not None
                         and standing.late_since >= standing.received_on)
    return late_after_payout or standing.fines_unpaid > fine_tolerance


def defaulters(standings: list[RecipientStanding], fine_tolerance: Money = Money(0)) -> list[int]:
    return sorted(s.member_id for s in standings if is_defaulter(s, fine_tolerance))
