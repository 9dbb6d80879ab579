"""A merry-go-round payout: the pot the cycle collected, less what the recipient owes.

The pot is money, not a promise (DESIGN.md section 5): the contributions
actually collected toward pots and not yet paid out, counting only money
that was confirmed. A contribution still unpaid at the close is owed to the
chama, never advanced by it; paid late, it joins the next pot. Money counted
from a forwarded confirmation nobody has confirmed waits likewise.

The recipient's own contribution for the closing cycle would only go round
in a circle (paid in to be paid straight back), so it is settled from the
pot: it is added to the pot and netted at once. Their older arrears and
fines are netted the way a payment settles them (`allocation.allocate`), so
receiving the pot never leaves debts behind it.
"""
from __future__ import annotations

from dataclasses import dataclass

from chamabora.core.allocation import Allocation, Due, DueKind, allocate
from chamabora.core.entries import POT, dues, fines, payable
from chamabora.core.ledger import Entry, EntryKind, Posting, merge
from chamabora.core.money import Money


@dataclass(frozen=True, slots=True)
class PotBook:
    """The pot account at a cycle's close, as non-negative amounts."""

    owed_to_pots: Money   # the pot account's credit: contributions levied, less pots already paid
    unpaid: Money         # contributions levied up to the closing cycle and still unpaid
    levied_later: Money   # contributions of later cycles already open: their money is for later pots
    claimed: Money        # money counted from confirmations nobody has confirmed yet


def collected(book: PotBook) -> Money:
    """What the closing cycle's pot holds in confirmed money."""
    return Money(max(0, book.owed_to_pots.cents - book.unpaid.cents - book.levied_later.cents
                     - book.claimed.cents))


@dataclass(frozen=True, slots=True)
class PayoutSplit:
    gross: Money
    netted_dues: Money
    netted_fines: Money
    net: Money


def split_pot(pot: Money, own: Due | None, arrears: list[Due], seq: int) -> tuple[PayoutSplit, Allocation]:
    """The payout of `pot` (positive) to a recipient whose contribution to cycle `seq` is `own` (None when
    paid) and who owes `arrears` (earlier contributions, fines); with the allocation it settles."""
    netted = allocate(pot, [d for d in arrears if d is not own], seq)
    parts = netted.parts
    gross = pot
    if own is not None and own.outstanding.is_positive():
        parts += ((own, own.outstanding),)
        gross = pot + own.outstanding
    allocation = Allocation(parts, netted.credit)
    return split_from_allocation(gross, allocation), allocation


def split_from_allocation(pot: Money, allocation: Allocation) -> PayoutSplit:
    owed = {DueKind.CONTRIBUTION: 0, DueKind.FINE: 0}
    for due, part in allocation.parts:
        owed[due.kind] += part.cents
    return PayoutSplit(pot, Money(owed[DueKind.CONTRIBUTION]), Money(owed[DueKind.FINE]),
                       allocation.credit)


def payout_entry(split: PayoutSplit, member_id: int, allocation: Allocation, key: str, memo: str) -> Entry:
    postings = [Posting(POT, split.gross)]
    for due, part in allocation.parts:
        account = dues(member_id) if due.kind is DueKind.CONTRIBUTION else fines(member_id)
        postings.append(Posting(account, -part))
    if split.net:
        postings.append(Posting(payable(member_id), -split.net))
    return Entry(EntryKind.PAYOUT, merge(postings), memo=memo, idempotency_key=key)
