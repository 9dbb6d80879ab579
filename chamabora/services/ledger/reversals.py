"""An operator's correction of a payment recorded by mistake (a wrong amount
typed at the command line, money booked to the wrong member): never an edit,
always a new entry that reverses it, with the operator's reason in the audit
log.

The reversal takes the money back out of cash and marks owed again what the
payment settled, the way a rejected claim is taken back (services/claims/claimed.py):
from the credit it left first, then from what it settled last, so the member
owes what they would owe had it never come. When nothing has happened since,
that is exactly every posting negated.

Only payments: other entries have their own projections (loan schedules,
payouts, goals) and their own commands to undo them. A reversal is unique per
entry (the database's `reverses_id` and the key `reversal:<id>`), so a second
attempt changes nothing and says which entry reversed it.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from chamabora.core import entries as recipes
from chamabora.core.allocation import unallocate
from chamabora.core.cash import InsufficientCash
from chamabora.core.errors import ChamaError
from chamabora.core.ledger import AccountKind, EntryKind
from chamabora.core.money import Money
from chamabora.services.claims import claimed
from chamabora.services.contributions import dues as dues_store
from chamabora.services.ledger.cash import require_cash
from chamabora.services.contributions.cycles import last_opened
from chamabora.services.ledger.store import LedgerStore, accounts, entries, postings
from chamabora.services.records import load_chama, membership_of, record_audit

ACTION = "admin.reversal"
MONEY_IN = (AccountKind.CASH.value, AccountKind.CLAIMED_CASH.value)


class ReversalRefused(ChamaError):
    """`reason`: no_reason, not_found, is_reversal, already_reversed (with `reversal_id`), not_a_payment,
    still_claimed, short_of_cash, not_a_member."""

    code = "reversal_refused"


def key_for(entry_id: int) -> str:
    return f"reversal:{entry_id}"


def reversed_by(conn: Connection, entry_id: int) -> int | None:
    return conn.execute(select(entries.c.id).where(entries.c.reverses_id == entry_id)).scalar()


def reverse_payment(conn: Connection, entry_id: int, reason: str, operator_id: int, operator: str,
                    now: datetime) -> int:
    """The id of the new entry reversing payment `entry_id`, recorded in the audit log with who and why."""
    why = " ".join((reason or "").split())[:200]
    if len(why) < 3:
        raise ReversalRefused("a reversal needs a reason", reason="no_reason")
    row = conn.execute(select(entries).where(entries.c.id == entry_id)).first()
    if row is None:
        raise ReversalRefused("no such entry", reason="not_found")
    load_chama(conn, row.chama_id, lock=True)   # one correction at a time per chama, as outflows queue
    if row.kind == EntryKind.REVERSAL.value or row.reverses_id is not None:
        raise ReversalRefused("a reversal is not reversed", reason="is_reversal")
    done = reversed_by(conn, entry_id)
    if done is not None:
        raise ReversalRefused("reversed already", reason="already_reversed", reversal_id=done)
    if row.kind != EntryKind.PAYMENT.value:
        raise ReversalRefused("only a payment is reversed here", reason="not_a_payment", kind=row.kind)
    if claimed.state(conn, entry_id) == claimed.CLAIMED:
        raise ReversalRefused("a claim still waits for the treasurer", reason="still_claimed")
    amount, member_id = _payment(conn, entry_id)
    try:
        require_cash(conn, row.chama_id, amount)
    except InsufficientCash as short:
        raise ReversalRefused("the chama no longer holds this money", reason="short_of_cash") from short
    try:
        membership = membership_of(conn, row.chama_id, member_id, lock=True)
    except ChamaError as gone:
        raise ReversalRefused("the payer is no longer a member", reason="not_a_member") from gone
    store = LedgerStore(conn, row.chama_id)
    credit = Money(-store.balance(recipes.credit(member_id)))
    taken = unallocate(amount, dues_store.paid(conn, membership.id), credit, last_opened(conn, row.chama_id))
    reversal_id = store.post(recipes.take_back_entry(member_id, amount, taken, key_for(entry_id),
                                                     f"Correction: {why}", out_of=recipes.CASH),
                             now, reverses=entry_id)
    dues_store.unsettle(conn, taken)
    record_audit(conn, ACTION, row.chama_id, None, entry_id=entry_id, reversal_id=reversal_id,
                 amount=amount.cents, member_id=member_id, reason=why, operator_id=operator_id, operator=operator)
    return reversal_id


def _payment(conn: Connection, entry_id: int) -> tuple[Money, int]:
    """What came in with the payment, and whose it was."""
    rows = conn.execute(select(accounts.c.kind, accounts.c.member_id, postings.c.amount_cents)
                        .join(accounts, accounts.c.id == postings.c.account_id)
                        .where(postings.c.entry_id == entry_id)).all()
    amount = sum(cents for kind, _m, cents in rows if kind in MONEY_IN and cents > 0)
    payers = {member for _k, member, _c in rows if member is not None}
    if amount <= 0 or len(payers) != 1:
        raise ReversalRefused("not a member's payment", reason="not_a_payment")
    return Money(amount), payers.pop()
