"""A merry-go-round payout: the cycle's pot, less what the recipient owes.

Netting takes the same path as a payment (`allocation.allocate`): the
recipient's oldest arrears, then fines, then the current cycle's own
contribution, so receiving the pot never leaves debts behind it.
"""
from __future__ import annotations

from dataclasses import dataclass

from .allocation import Allocation, DueKind
from .entries import POT, dues, fines, payable
from .ledger import Entry, EntryKind, Posting, merge
from .money import Money


@dataclass(frozen=True, slots=True)
class PayoutSplit:
    gross: Money
    netted_dues: Money
    netted_fines: Money
    net: Money


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
