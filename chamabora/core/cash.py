"""What may leave a chama's cash (DESIGN.md section 5): confirmed money only,
and never more than is there.

Members' money sits in two asset accounts: `cash`, which Daraja confirmed
(or a treasurer did, having seen it on the chama's own M-Pesa statement),
and `claimed_cash`, which a forwarded confirmation says was paid but nobody
has confirmed yet. Claimed money settles the member's dues like any other
payment, so a member is not fined for money that is only waiting to be
checked; but every outflow (payout, loan, withdrawal, share-out) draws on
confirmed cash alone, less what outflows already approved have promised.
A forged confirmation therefore cannot send anyone money.
"""
from __future__ import annotations

from dataclasses import dataclass

from chamabora.core.errors import ChamaError, InvalidAmount
from chamabora.core.money import Money


class InsufficientCash(ChamaError):
    code = "insufficient_cash"


@dataclass(frozen=True, slots=True)
class CashPosition:
    confirmed: Money          # the `cash` account's balance
    claimed: Money            # the `claimed_cash` account's balance: counted, not yet confirmed
    committed: Money = Money(0)   # approved outflows whose money has not left yet

    @property
    def available(self) -> Money:
        """What a new outflow may take."""
        return Money(max(0, self.confirmed.cents - self.committed.cents))


def check_outflow(amount: Money, position: CashPosition) -> None:
    """Refuse an outflow that would take confirmed cash below zero (or below what others were promised)."""
    if not amount.is_positive():
        raise InvalidAmount("an outflow must be more than zero", value=amount.cents)
    if amount > position.available:
        raise InsufficientCash("not enough confirmed cash", needed=amount.cents,
                               available=position.available.cents, claimed=position.claimed.cents)
