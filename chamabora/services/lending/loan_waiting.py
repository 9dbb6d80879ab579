"""Loan requests waiting for an officer: the pending list's source "loans"
(the USSD treasurer menu, PENDING by SMS, the web's decisions) and what an
officer's `APPROVE LOAN 12` / `REJECT LOAN 12` reads and decides through.
A loan is the officers' to decide once its guarantors have all answered
(they are told then); before that it waits for the guarantors."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, exists, select

from chamabora.core.money import Money
from chamabora.core.ports import WALL_CLOCK, Clock
from chamabora.core.schedule import today_in_nairobi
from chamabora.i18n.catalogs import translate
from chamabora.i18n.officers import (ALREADY_DECIDED, LOAN_DECIDED_APPROVED, LOAN_DECIDED_NEEDS_OTHER,
                                     LOAN_DECIDED_REJECTED, LOAN_PENDING_SUMMARY)
from chamabora.services.lending import loans as lending
from chamabora.services.lending.loans import guarantors, loans
from chamabora.services.chama.pending import PendingItem, PendingSource, register_source
from chamabora.services.records import members


@dataclass(frozen=True, slots=True)
class WaitingLoan:
    id: int
    principal: Money
    months: int
    created_at: datetime
    name: str   # the borrower's


@dataclass(frozen=True, slots=True)
class LoanStanding:
    chama_id: int
    member_id: int   # the borrower
    status: str


def _guarantors_unanswered(loan_id: object) -> ColumnElement[bool]:
    return exists().where(guarantors.c.loan_id == loan_id, guarantors.c.status == "pending")


def waiting_loans(conn: Connection, chama_id: int) -> list[WaitingLoan]:
    """The chama's loan requests ready for an officer, oldest first."""
    return [WaitingLoan(r.id, Money(r.principal_cents), r.months, r.created_at, r.name) for r in conn.execute(
        select(loans.c.id, loans.c.principal_cents, loans.c.months, loans.c.created_at, members.c.name)
        .join(members, members.c.id == loans.c.member_id)
        .where(loans.c.chama_id == chama_id, loans.c.status == "requested", ~_guarantors_unanswered(loans.c.id))
        .order_by(loans.c.id))]


def loan_standing(conn: Connection, loan_id: int) -> LoanStanding | None:
    row = conn.execute(select(loans.c.chama_id, loans.c.member_id, loans.c.status)
                       .where(loans.c.id == loan_id)).first()
    return LoanStanding(*row) if row else None


def awaits_guarantors(conn: Connection, loan_id: int) -> bool:
    return bool(conn.execute(select(_guarantors_unanswered(loan_id))).scalar())


def pending_loans(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    """The pending list's lines: the chama's loan requests ready for an officer."""
    return [PendingItem("loans", str(row.id), translate(language, LOAN_PENDING_SUMMARY, amount=row.principal,
                                                        months=row.months, name=row.name[:20]), row.created_at)
            for row in waiting_loans(conn, chama_id)]


def decide_loan(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool, language: str,
                clock: Clock = WALL_CLOCK) -> str:
    """An officer's decision, from the pending list or APPROVE LOAN: approving signs through
    `loans.approve_loan` (a second officer may still be needed), rejecting calls `loans.reject_loan`.
    The loan is approved on `clock`'s day in Nairobi, which starts its schedule."""
    if not any(str(row.id) == ref for row in waiting_loans(conn, chama_id)):
        return translate(language, ALREADY_DECIDED)
    loan_id = int(ref)
    if not approve:
        lending.reject_loan(conn, loan_id, actor_id)
        return translate(language, LOAN_DECIDED_REJECTED, loan=f"L{loan_id}")
    status = lending.approve_loan(conn, loan_id, actor_id, today_in_nairobi(clock.now()))
    return translate(language, LOAN_DECIDED_APPROVED if status == "approved" else LOAN_DECIDED_NEEDS_OTHER,
                     loan=f"L{loan_id}")


register_source(PendingSource("loans", pending_loans, decide_loan))
