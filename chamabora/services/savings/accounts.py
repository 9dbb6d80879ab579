"""Members' savings: deposits (by STK push, optionally towards a goal), the
balance and what of it is free, the date-based history, and the monthly
interest job.

The interest job is idempotent per chama and month: its journal entry's key
is `savings_interest:<chama>:<YYYY-MM>`, and it is posted at the first
instant of the next month (Nairobi) so the credit starts earning from then.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Connection, select

from chamabora.core import account_reference
from chamabora.core import savings as recipes
from chamabora.core.interest import BalanceChange, month_bounds, monthly_credit
from chamabora.core.ledger import AccountKind
from chamabora.core.money import Money
from chamabora.core.schedule import NAIROBI
from chamabora.db.loan_tables import Goal, Loan, LoanGuarantor, Withdrawal
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.ledger.store import LedgerStore, accounts, entries, postings
from chamabora.services.lending.policy import load_policy
from chamabora.services.records import members, membership_of

loans = Loan.__table__
guarantors = LoanGuarantor.__table__
withdrawals = Withdrawal.__table__
goals = Goal.__table__
OPEN_LOANS = ("requested", "approved", "disbursed")
OPEN_WITHDRAWALS = ("voting", "pending", "approved")


def nairobi_day(moment: datetime) -> date:
    """SQLite hands back naive UTC timestamps; PostgreSQL aware ones."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(NAIROBI).date()


def start_of(day: date) -> datetime:
    """Midnight in Nairobi, in UTC: SQLite keeps a timestamp's wall time and drops its zone,
    so every stored moment is UTC (as the rest of the ledger writes them)."""
    return datetime.combine(day, time.min, NAIROBI).astimezone(timezone.utc)


def savings_balance(conn: Connection, chama_id: int, member_id: int) -> Money:
    return Money(-LedgerStore(conn, chama_id).balance(recipes.savings(member_id)))


def held_savings(conn: Connection, chama_id: int, member_id: int) -> Money:
    """Savings spoken for: pledges backing open loans and withdrawals under way."""
    pledged = conn.execute(select(guarantors.c.pledge_cents).join(loans, loans.c.id == guarantors.c.loan_id)
                           .where(loans.c.chama_id == chama_id, guarantors.c.member_id == member_id,
                                  guarantors.c.status == "accepted", loans.c.status.in_(OPEN_LOANS))).scalars()
    pending = conn.execute(select(withdrawals.c.amount_cents).where(
        withdrawals.c.chama_id == chama_id, withdrawals.c.member_id == member_id,
        withdrawals.c.status.in_(OPEN_WITHDRAWALS))).scalars()
    return Money(sum(pledged) + sum(pending))


def request_saving(conn: Connection, chama_id: int, member_id: int, amount: Money,
                   goal_id: int | None = None) -> int | None:
    """Ask M-Pesa to push a payment prompt to the member's phone; the confirmation calls `record_saving`."""
    membership_of(conn, chama_id, member_id)
    phone = conn.execute(select(members.c.phone).where(members.c.id == member_id)).scalar_one()
    # the goal's name lets a failed prompt's message give back the exact command to try again
    goal = conn.execute(select(goals.c.name).where(goals.c.id == goal_id)).scalar() if goal_id else None
    return enqueue(conn, Channel.STK_PUSH, phone, purpose=Purpose.MONEY, member_id=member_id,
                   chama_id=chama_id, payload={"purpose": "saving", "amount_cents": amount.cents,
                                               "goal_id": goal_id, "goal": goal,
                                               "account_reference": account_reference.saving(chama_id, goal_id)})


def record_saving(conn: Connection, chama_id: int, member_id: int, amount: Money, key: str,
                  now: datetime | None = None, memo: str = "Savings") -> tuple[int, bool]:
    """Money in to the member's savings, once per outside event: (entry id, duplicate)."""
    membership_of(conn, chama_id, member_id, lock=True)
    store = LedgerStore(conn, chama_id)
    existing = store.key_exists(f"saving:{key}")
    if existing is not None:
        return existing, True
    return store.post(recipes.saving_entry(member_id, amount, f"saving:{key}", memo), now), False


def savings_history(conn: Connection, chama_id: int, until: datetime) -> dict[int, list[tuple[date, int]]]:
    """Every member's savings postings before `until`, as (Nairobi day, cents), oldest first."""
    rows = conn.execute(
        select(accounts.c.member_id, entries.c.posted_at, postings.c.amount_cents)
        .join(postings, postings.c.account_id == accounts.c.id)
        .join(entries, entries.c.id == postings.c.entry_id)
        .where(accounts.c.chama_id == chama_id, accounts.c.kind == AccountKind.SAVINGS.value,
               entries.c.posted_at < until)
        .order_by(entries.c.posted_at, entries.c.id))
    history: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for member_id, posted_at, cents in rows:
        history[member_id].append((nairobi_day(posted_at), -cents))
    return history


def split_history(history: list[tuple[date, int]], start: date) -> tuple[Money, list[BalanceChange]]:
    """(balance before `start`, changes from `start` on)."""
    opening = sum(c for d, c in history if d < start)
    return Money(opening), [BalanceChange(d, Money(c)) for d, c in history if d >= start]


def credit_savings_interest(conn: Connection, chama_id: int, month: date) -> Money:
    """Credit a finished month's interest to every saver; running it again changes nothing."""
    rate = load_policy(conn, chama_id).savings_rate_bp
    start, end = month_bounds(month)
    key = f"savings_interest:{chama_id}:{start:%Y-%m}"
    store = LedgerStore(conn, chama_id)
    if rate == 0 or store.key_exists(key) is not None:
        return Money(0)
    credits = {}
    for member_id, history in savings_history(conn, chama_id, start_of(end + timedelta(days=1))).items():
        opening, changes = split_history(history, start)
        credits[member_id] = monthly_credit(opening, changes, start, rate)
    entry = recipes.interest_entry(credits, key, f"Savings interest {start:%m/%Y}")
    if entry is None:
        return Money(0)
    store.post(entry, start_of(end + timedelta(days=1)))
    return Money(sum(c.cents for c in credits.values()))
