"""Money only claimed (DESIGN.md sections 5 and 6): a forwarded M-Pesa
confirmation that no Daraja record matched is booked into `claimed_cash`,
where it settles the member's dues but cannot be paid out (core/cash.py).

It leaves that account one of two ways. Confirmed (Daraja's own record of
the receipt arrives, or a treasurer approves it having seen the money), it
moves to `cash` with one entry keyed `confirm:<entry>`. Found false (a
treasurer rejects it), it is taken back with one reversing entry that marks
unpaid again what it settled, newest first, so the member owes what they
owed before it came; a reversal is unique per entry, so this happens once.
"""
from __future__ import annotations

from sqlalchemy import Connection, bindparam, select

from chamabora.core import entries as recipes
from chamabora.core.allocation import unallocate
from chamabora.core.ledger import AccountKind
from chamabora.core.money import Money
from chamabora.db.tables import sum_cents
from chamabora.services.contributions import dues as dues_store
from chamabora.services.contributions.cycles import last_opened
from chamabora.services.ledger.store import LedgerStore, accounts, entries, postings
from chamabora.services.records import membership_of, record_audit

CLAIMED, CONFIRMED, TAKEN_BACK = "claimed", "confirmed", "taken_back"


def confirm_key(entry_id: int) -> str:
    return f"confirm:{entry_id}"


def claimed_in(conn: Connection, entry_id: int) -> Money:
    """What an entry put into claimed cash (zero for money Daraja confirmed when it came)."""
    return Money(conn.execute(select(sum_cents(postings.c.amount_cents))
                              .join(accounts, accounts.c.id == postings.c.account_id)
                              .where(postings.c.entry_id == entry_id,
                                     accounts.c.kind == AccountKind.CLAIMED_CASH.value)).scalar_one())


def state(conn: Connection, entry_id: int) -> str | None:
    """CLAIMED while waiting, CONFIRMED or TAKEN_BACK once decided; None for money that was never claimed."""
    if not claimed_in(conn, entry_id).is_positive():
        return None
    if conn.execute(select(entries.c.id).where(entries.c.reverses_id == entry_id)).first() is not None:
        return TAKEN_BACK
    if conn.execute(select(entries.c.id).where(entries.c.idempotency_key == confirm_key(entry_id))).first():
        return CONFIRMED
    return CLAIMED


_STILL_CLAIMED = (
    select(postings.c.entry_id).join(accounts, accounts.c.id == postings.c.account_id)
    .where(postings.c.entry_id.in_(bindparam("ids", expanding=True)),
           accounts.c.kind == AccountKind.CLAIMED_CASH.value, postings.c.amount_cents > 0))


def still_claimed(conn: Connection, entry_ids: list[int]) -> set[int]:
    """Those of `entry_ids` holding money that is claimed and neither confirmed nor taken back."""
    if not entry_ids:
        return set()
    claimed = set(conn.execute(_STILL_CLAIMED, {"ids": entry_ids}).scalars())
    if not claimed:
        return set()
    decided = set(conn.execute(select(entries.c.reverses_id).where(entries.c.reverses_id.in_(claimed))).scalars())
    keys = {confirm_key(i): i for i in claimed}
    decided |= {keys[k] for k in conn.execute(select(entries.c.idempotency_key)
                                              .where(entries.c.idempotency_key.in_(list(keys)))).scalars()}
    return claimed - decided


def confirm(conn: Connection, entry_id: int, memo: str) -> int | None:
    """The claimed money of `entry_id` is real: it becomes cash. None when there is nothing left to confirm."""
    if state(conn, entry_id) != CLAIMED:
        return None
    chama_id = conn.execute(select(entries.c.chama_id).where(entries.c.id == entry_id)).scalar_one()
    store = LedgerStore(conn, chama_id)
    confirmed = store.post(recipes.confirmation_entry(claimed_in(conn, entry_id), confirm_key(entry_id), memo))
    record_audit(conn, "claimed.confirmed", chama_id, None, entry_id=entry_id)
    return confirmed


def take_back(conn: Connection, chama_id: int, member_id: int, entry_id: int, memo: str) -> int | None:
    """The claimed money of `entry_id` was never paid: reverse it. None when it is no longer only claimed."""
    if state(conn, entry_id) != CLAIMED:
        return None
    membership = membership_of(conn, chama_id, member_id, lock=True)
    amount = claimed_in(conn, entry_id)
    store = LedgerStore(conn, chama_id)
    credit = Money(-store.balance(recipes.credit(member_id)))
    taken = unallocate(amount, dues_store.paid(conn, membership.id), credit, last_opened(conn, chama_id))
    reversal = store.post(recipes.take_back_entry(member_id, amount, taken, f"takeback:{entry_id}", memo),
                          reverses=entry_id)
    dues_store.unsettle(conn, taken)
    record_audit(conn, "claimed.taken_back", chama_id, member_id, entry_id=entry_id, amount=amount.cents)
    return reversal
