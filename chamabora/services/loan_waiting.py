"""Loan requests waiting for an officer, read as the pending list and an
officer's `APPROVE LOAN 12` / `REJECT LOAN 12` need them. A loan is the
officers' to decide once its guarantors have all answered (they are told
then); before that it waits for the guarantors, not for the officers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, exists, select

from chamabora.core.money import Money
from chamabora.services.loans import guarantors, loans
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
