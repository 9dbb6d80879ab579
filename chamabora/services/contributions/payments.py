"""Recording a member's payment: exactly once per outside event.

The member's membership row is locked first, so two payments for the same
member queue behind each other and each allocates against what the other
left; the idempotency key is checked under that lock, and the database's
unique index catches the rare race between different members quoting the
same key. This is the hottest path in the service, so its first read
gathers the chama, the lock, the last opened cycle and the key in one query.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import IntegrityError

from chamabora.core import entries as recipes
from chamabora.core.allocation import DueKind, allocate
from chamabora.core.errors import InvalidAmount, InvalidInput
from chamabora.core.money import Money
from chamabora.core.schedule import days_late
from chamabora.services.claims import claimed
from chamabora.services.contributions import dues as dues_store
from chamabora.services.contributions.cycles import assess_fines, ensure_cycles
from chamabora.services.contributions.dues import cycles
from chamabora.services.ledger.store import LedgerStore, entries
from chamabora.services.records import chama_row, chamas, load_chama, membership_of, memberships
from chamabora.db.transaction import DuplicateEvent, is_unique_violation

_CONTEXT = (
    select(chamas, memberships.c.id.label("membership_id"),
           select(func.coalesce(func.max(cycles.c.seq), -1)).where(cycles.c.chama_id == chamas.c.id)
           .scalar_subquery().label("last_opened"),
           select(entries.c.id).where(entries.c.idempotency_key == bindparam("key"))
           .scalar_subquery().label("existing"))
    .join(memberships, memberships.c.chama_id == chamas.c.id)
    .where(chamas.c.id == bindparam("chama_id"), memberships.c.member_id == bindparam("member_id"),
           memberships.c.status == "active")
    .with_for_update(of=memberships, key_share=True))


@dataclass(frozen=True, slots=True)
class PaymentResult:
    entry_id: int
    duplicate: bool
    amount: Money
    to_contributions: Money = Money(0)
    to_fines: Money = Money(0)
    credit: Money = Money(0)


def record_payment(conn: Connection, chama_id: int, member_id: int, amount: Money, key: str,
                   today: date, now: datetime | None = None, memo: str = "Contribution",
                   confirmed: bool = True) -> PaymentResult:
    """`confirmed` False: money only claimed (a forwarded confirmation nobody confirmed), booked into claimed
    cash (services/claims/claimed.py). The same key again, confirmed, confirms money first booked as claimed."""
    if not isinstance(amount, Money) or not amount.is_positive():
        raise InvalidAmount("a payment must be more than zero")
    if not key or len(key) > 120:
        raise InvalidInput("every payment needs its outside reference (1 to 120 characters)")
    ctx = conn.execute(_CONTEXT, {"chama_id": chama_id, "member_id": member_id, "key": key}).first()
    if ctx is None:
        load_chama(conn, chama_id)
        membership_of(conn, chama_id, member_id)  # raises the precise error
        raise AssertionError("unreachable")  # pragma: no cover
    if ctx.existing is not None:
        if confirmed:
            claimed.confirm(conn, ctx.existing, f"{memo} confirmed"[:200])
        return PaymentResult(ctx.existing, True, amount)
    chama = chama_row(ctx)
    current = ensure_cycles(conn, chama, today, opened=ctx.last_opened)
    owed = dues_store.outstanding(conn, [ctx.membership_id])[ctx.membership_id]
    if any(d.kind is DueKind.CONTRIBUTION and days_late(chama.terms, d.cycle_seq, today) for d in owed):
        if assess_fines(conn, chama, today, ctx.membership_id):
            owed = dues_store.outstanding(conn, [ctx.membership_id])[ctx.membership_id]
    allocation = allocate(amount, owed, current)
    store = LedgerStore(conn, chama_id)
    try:
        entry_id = store.post(recipes.payment_entry(member_id, amount, allocation, key, memo,
                                                    recipes.CASH if confirmed else recipes.CLAIMED), now)
    except IntegrityError as exc:
        # the transaction is now aborted; unit_of_work retries and finds the event applied
        if is_unique_violation(exc, "idempotency_key"):
            raise DuplicateEvent(key) from exc
        raise
    dues_store.settle(conn, [allocation])
    split = {kind: sum((p.cents for d, p in allocation.parts if d.kind is kind), 0) for kind in DueKind}
    return PaymentResult(entry_id, False, amount, Money(split[DueKind.CONTRIBUTION]),
                         Money(split[DueKind.FINE]), allocation.credit)
