"""The chama's cash, read and checked under the chama's row lock before any
money leaves (DESIGN.md section 5; the rule itself is core/cash.py).

Outflows serialise on the chama row, so two approvals cannot both spend the
same shillings. What is promised but not yet gone counts against the cash:
approved loans and withdrawals waiting for their money to leave, and payouts
already on their way by B2C (services/payouts/disbursements.py). The database refuses a negative balance as well
(migration 0018), for code that writes around these checks.
"""
from __future__ import annotations

from sqlalchemy import Connection, select

from chamabora.core.cash import CashPosition, check_outflow
from chamabora.core.entries import CASH, CLAIMED
from chamabora.core.money import Money
from chamabora.db.tables import sum_cents
from chamabora.services.payouts.disbursements import in_flight
from chamabora.services.ledger.store import LedgerStore
from chamabora.services.records import load_chama
from chamabora.services.savings.accounts import loans, withdrawals

def committed(conn: Connection, chama_id: int) -> Money:
    """Approved outflows whose money has not left yet."""
    waiting_loans = conn.execute(select(sum_cents(loans.c.principal_cents)).where(
        loans.c.chama_id == chama_id, loans.c.status == "approved")).scalar_one()
    waiting_withdrawals = conn.execute(select(sum_cents(withdrawals.c.amount_cents)).where(
        withdrawals.c.chama_id == chama_id, withdrawals.c.status == "approved")).scalar_one()
    return Money(waiting_loans + waiting_withdrawals + in_flight(conn, chama_id))


def cash_position(conn: Connection, chama_id: int, *, promised: bool = True) -> CashPosition:
    """Confirmed and claimed cash, and (with `promised`) what approved outflows hold; locks the chama row."""
    load_chama(conn, chama_id, lock=True)
    store = LedgerStore(conn, chama_id)
    return CashPosition(Money(store.balance(CASH)), Money(store.balance(CLAIMED)),
                        committed(conn, chama_id) if promised else Money(0))


def require_cash(conn: Connection, chama_id: int, amount: Money, *, promised: bool = True) -> CashPosition:
    """Refuse (InsufficientCash) an outflow of `amount` the chama's confirmed cash cannot cover.

    Approving checks against cash less what is promised (`promised`); booking money that has already
    left checks against the cash alone, its own promise being part of what is promised."""
    position = cash_position(conn, chama_id, promised=promised)
    check_outflow(amount, position)
    return position
