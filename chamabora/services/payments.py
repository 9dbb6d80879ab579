"""Recording a member's payment: exactly once per outside event.

The member's membership row is locked first, so two payments for the same
member queue behind each other and each allocates against what the other
left; the idempotency key is checked under that lock, and the database's
unique index catches the rare race between different members quoting the
same key.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from ..core import entries as recipes
from ..core.allocation import DueKind, allocate
from ..core.errors import InvalidAmount, InvalidInput
from ..core.money import Money
from . import dues as dues_store
from .cycles import assess_fines, ensure_cycles
from .ledger_store import LedgerStore
from .records import load_chama, membership_of
from .transaction import DuplicateEvent, is_unique_violation


@dataclass(frozen=True, slots=True)
class PaymentResult:
    entry_id: int
    duplicate: bool
    amount: Money
    to_contributions: Money = Money(0)
    to_fines: Money = Money(0)
    credit: Money = Money(0)


def record_payment(conn: Connection, chama_id: int, member_id: int, amount: Money, key: str,
                   today: date, now: datetime | None = None, memo: str = "Contribution") -> PaymentResult:
    if not isinstance(amount, Money) or not amount.is_positive():
        raise InvalidAmount("a payment must be more than zero")
    if not key or len(key) > 120:
        raise InvalidInput("every payment needs its outside reference (1 to 120 characters)")
    chama = load_chama(conn, chama_id)
    membership = membership_of(conn, chama_id, member_id, lock=True)
    store = LedgerStore(conn, chama_id)
    existing = store.key_exists(key)
    if existing is not None:
        return PaymentResult(existing, True, amount)
    current = ensure_cycles(conn, chama, today)
    assess_fines(conn, chama, today, membership.id)
    owed = dues_store.outstanding(conn, [membership.id])[membership.id]
    allocation = allocate(amount, owed, current)
    entry = recipes.payment_entry(member_id, amount, allocation, key, memo)
    try:
        entry_id = store.post(entry, now)
    except IntegrityError as exc:
        # the transaction is now aborted; unit_of_work retries and finds the event applied
        if is_unique_violation(exc, "idempotency_key"):
            raise DuplicateEvent(key) from exc
        raise
    dues_store.settle(conn, [allocation])
    split = {kind: sum((p.cents for d, p in allocation.parts if d.kind is kind), 0) for kind in DueKind}
    return PaymentResult(entry_id, False, amount, Money(split[DueKind.CONTRIBUTION]),
                         Money(split[DueKind.FINE]), allocation.credit)
