"""Dues: what each member owes per cycle, kept beside the ledger so a payment
can be allocated without summing the member's whole history.

The `dues` table is a projection of the ledger: the unpaid total of a
member's contribution dues always equals their dues-receivable balance, and
fines likewise (property tests hold this).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, bindparam, insert, select, update

from chamabora.core.allocation import Allocation, Due, DueKind
from chamabora.core.money import Money
from chamabora.db.tables import Cycle, Due as DueRow

dues = DueRow.__table__
cycles = Cycle.__table__

_pay = (update(dues).where(dues.c.id == bindparam("ref"))
        .values(paid_cents=dues.c.paid_cents + bindparam("part")))


_OUTSTANDING = (
    select(dues.c.id, dues.c.membership_id, dues.c.kind, cycles.c.seq, dues.c.due_date,
           dues.c.amount_cents - dues.c.paid_cents)
    .join(cycles, cycles.c.id == dues.c.cycle_id)
    .where(dues.c.membership_id.in_(bindparam("ids", expanding=True)),
           dues.c.paid_cents < dues.c.amount_cents))


def outstanding(conn: Connection, membership_ids: list[int]) -> dict[int, list[Due]]:
    rows = conn.execute(_OUTSTANDING, {"ids": membership_ids})
    found: dict[int, list[Due]] = {m: [] for m in membership_ids}
    for ref, membership_id, kind, seq, due_on, left in rows:
        found[membership_id].append(Due(ref, DueKind(kind), seq, due_on, Money(left)))
    return found


def settle(conn: Connection, allocations: list[Allocation]) -> None:
    params = [{"ref": due.ref, "part": part.cents} for a in allocations for due, part in a.parts]
    if params:
        conn.execute(_pay, params)


_unpay = (update(dues).where(dues.c.id == bindparam("ref"))
          .values(paid_cents=dues.c.paid_cents - bindparam("part")))


def paid(conn: Connection, membership_id: int) -> list[Due]:
    """What the member has paid on each due, carried as the Due's `outstanding` (for `allocation.unallocate`)."""
    rows = conn.execute(select(dues.c.id, dues.c.kind, cycles.c.seq, dues.c.due_date, dues.c.paid_cents)
                        .join(cycles, cycles.c.id == dues.c.cycle_id)
                        .where(dues.c.membership_id == membership_id, dues.c.paid_cents > 0))
    return [Due(ref, DueKind(kind), seq, due_on, Money(cents)) for ref, kind, seq, due_on, cents in rows]


def unsettle(conn: Connection, allocation: Allocation) -> None:
    """Mark unpaid again what a payment taken back had settled."""
    params = [{"ref": due.ref, "part": part.cents} for due, part in allocation.parts]
    if params:
        conn.execute(_unpay, params)


def add(conn: Connection, rows: list[dict[str, object]]) -> None:
    """rows: chama_id, membership_id, cycle_id, kind, due_date, amount_cents, key."""
    if rows:
        conn.execute(insert(dues), [{**row, "paid_cents": 0} for row in rows])


def row(chama_id: int, membership_id: int, cycle_id: int, kind: DueKind, due_on: date,
        amount: Money, key: str) -> dict[str, object]:
    return {"chama_id": chama_id, "membership_id": membership_id, "cycle_id": cycle_id,
            "kind": kind.value, "due_date": due_on, "amount_cents": amount.cents, "key": key}
