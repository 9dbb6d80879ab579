"""Loans after approval: disbursement (called by the M-Pesa B2C module, or
by hand with the receipt), late penalties, repayments and status.

A repayment is applied once per outside event (journal key
`loan_repay:<key>`), under the loan's row lock: penalties due by today are
assessed first, then the core allocation settles overdue instalments
(penalty, interest, principal), then the current one, then the rest;
anything beyond the whole loan goes to the member's savings.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, insert, select, update

from chamabora.core import loan_entries
from chamabora.core.loans import Component, InstalmentOwed, allocate_repayment, instalment_penalty
from chamabora.core.money import Money
from chamabora.services.ledger.cash import require_cash
from chamabora.services.ledger.store import LedgerStore
from chamabora.services.lending.loans import LoanState, _loan, instalments, loans, schedule_of
from chamabora.services.notices.money import LOAN_REPAID
from chamabora.services.notices.notify import notify
from chamabora.services.lending.policy import load_policy
from chamabora.services.records import load_chama, membership_of, record_audit

PAID = {Component.PENALTY: "paid_penalty_cents", Component.INTEREST: "paid_interest_cents",
        Component.PRINCIPAL: "paid_principal_cents"}


@dataclass(frozen=True, slots=True)
class Repayment:
    loan_id: int
    entry_id: int
    duplicate: bool
    penalty: Money = Money(0)
    interest: Money = Money(0)
    principal: Money = Money(0)
    to_savings: Money = Money(0)
    repaid: bool = False


@dataclass(frozen=True, slots=True)
class LoanStatus:
    loan_id: int
    status: str
    principal: Money
    owed: Money               # everything still unpaid, penalties included
    overdue: Money
    next_due: date | None
    next_amount: Money


def record_disbursement(conn: Connection, loan_id: int, reference: str, today: date,
                        now: datetime | None = None) -> int:
    """The approved loan's money left by M-Pesa (`reference` is the receipt): book it and fix the schedule.

    Safe to call again with the same reference (returns the same entry)."""
    loan = _loan(conn, loan_id, lock=True)
    store = LedgerStore(conn, loan.chama_id)
    key = f"loan_out:{reference}"
    if loan.status != "approved":
        existing = store.key_exists(key)
        if existing is not None and loan.disbursement_ref == reference:
            return existing
        raise LoanState("only an approved loan is disbursed", status=loan.status)
    require_cash(conn, loan.chama_id, Money(loan.principal_cents), promised=False)
    entry_id = store.post(loan_entries.disbursement_entry(
        loan.member_id, Money(loan.principal_cents), key, f"Loan {loan_id} disbursed"), now)
    schedule = schedule_of(loan, today)
    conn.execute(insert(instalments), [
        {"loan_id": loan_id, "seq": i.seq, "due_date": i.due_on, "principal_cents": i.principal.cents,
         "interest_cents": i.interest.cents, "penalty_cents": 0, "paid_principal_cents": 0,
         "paid_interest_cents": 0, "paid_penalty_cents": 0} for i in schedule.instalments])
    conn.execute(update(loans).where(loans.c.id == loan_id).values(
        status="disbursed", disbursed_on=today, disbursement_ref=reference,
        total_interest_cents=schedule.total_interest.cents))
    record_audit(conn, "loan.disbursed", loan.chama_id, None, loan_id=loan_id, reference=reference)
    return entry_id


def assess_penalties(conn: Connection, loan_id: int, today: date) -> Money:
    """Raise each late instalment's penalty to what the chama's rule says it should be by today."""
    loan = _loan(conn, loan_id)
    policy = load_policy(conn, loan.chama_id)
    added = 0
    for row in conn.execute(select(instalments).where(instalments.c.loan_id == loan_id,
                                                      instalments.c.due_date < today)).all():
        unpaid = Money(row.principal_cents + row.interest_cents
                       - row.paid_principal_cents - row.paid_interest_cents)
        due = instalment_penalty(policy.loan_fine, unpaid, row.due_date, policy.loan_grace_days, today)
        if due.cents > row.penalty_cents:
            conn.execute(update(instalments).where(instalments.c.id == row.id).values(penalty_cents=due.cents))
            added += due.cents - row.penalty_cents
    return Money(added)


def owed_instalments(conn: Connection, loan_id: int) -> list[InstalmentOwed]:
    return [InstalmentOwed(r.seq, r.due_date, Money(r.penalty_cents - r.paid_penalty_cents),
                           Money(r.interest_cents - r.paid_interest_cents),
                           Money(r.principal_cents - r.paid_principal_cents))
            for r in conn.execute(select(instalments).where(instalments.c.loan_id == loan_id)
                                  .order_by(instalments.c.seq))]


def current_loan(conn: Connection, chama_id: int, member_id: int) -> int | None:
    """The member's oldest disbursed loan not yet repaid."""
    return conn.execute(select(loans.c.id).where(
        loans.c.chama_id == chama_id, loans.c.member_id == member_id, loans.c.status == "disbursed")
        .order_by(loans.c.id).limit(1)).scalar()


def repay_loan(conn: Connection, chama_id: int, member_id: int, amount: Money, key: str, today: date,
               now: datetime | None = None) -> Repayment:
    membership_of(conn, chama_id, member_id, lock=True)
    store = LedgerStore(conn, chama_id)
    loan_id = current_loan(conn, chama_id, member_id)
    existing = store.key_exists(f"loan_repay:{key}")
    if existing is not None:
        return Repayment(loan_id or 0, existing, True)
    if loan_id is None:
        raise LoanState("no loan to repay", member_id=member_id)
    _loan(conn, loan_id, lock=True)
    assess_penalties(conn, loan_id, today)
    allocation = allocate_repayment(amount, owed_instalments(conn, loan_id))
    entry_id = store.post(loan_entries.repayment_entry(
        member_id, allocation, f"loan_repay:{key}", f"Loan {loan_id} repayment"), now)
    for seq, component, part in allocation.parts:
        column = instalments.c[PAID[component]]
        conn.execute(update(instalments).where(instalments.c.loan_id == loan_id, instalments.c.seq == seq)
                     .values({column: column + part.cents}))
    repaid = not any(o.total.is_positive() for o in owed_instalments(conn, loan_id))
    if repaid:
        conn.execute(update(loans).where(loans.c.id == loan_id).values(status="repaid"))
        notify(conn, member_id, LOAN_REPAID, chama_id, chama=load_chama(conn, chama_id).name)
    record_audit(conn, "loan.repayment", chama_id, member_id, loan_id=loan_id, amount=amount.cents, key=key)
    return Repayment(loan_id, entry_id, False, allocation.total(Component.PENALTY),
                     allocation.total(Component.INTEREST), allocation.total(Component.PRINCIPAL),
                     allocation.excess, repaid)


def loan_status(conn: Connection, chama_id: int, member_id: int, today: date) -> LoanStatus | None:
    """The member's latest loan that is not closed, for `LOAN` / `MKOPO`."""
    membership_of(conn, chama_id, member_id)
    loan = conn.execute(select(loans).where(
        loans.c.chama_id == chama_id, loans.c.member_id == member_id,
        loans.c.status.in_(("requested", "approved", "disbursed"))).order_by(loans.c.id).limit(1)).first()
    if loan is None:
        return None
    owed = owed_instalments(conn, loan.id)
    unpaid = [o for o in owed if o.total.is_positive()]
    overdue = sum((o.total for o in unpaid if o.due_on < today), Money(0))
    upcoming = [o for o in unpaid if o.due_on >= today]
    total = sum((o.total for o in unpaid), Money(0))
    if loan.status != "disbursed":
        total = Money(loan.principal_cents + loan.total_interest_cents)
    nxt = upcoming[0] if upcoming else (unpaid[0] if unpaid else None)
    return LoanStatus(loan.id, loan.status, Money(loan.principal_cents), total, overdue,
                      nxt.due_on if nxt else None, nxt.total if nxt else Money(0))
