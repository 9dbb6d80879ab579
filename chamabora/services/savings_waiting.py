"""Savings decisions waiting for an officer: withdrawals a treasurer
approves (`W7`) and share-outs another officer approves (`S3`), read as the
pending list and an officer's `APPROVE W7` / `KATAA S3` need them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, func, select

from chamabora.core.money import Money
from chamabora.services.records import members
from chamabora.services.savings import withdrawals
from chamabora.services.shareout import lines, shareouts

KINDS = {"W": withdrawals, "S": shareouts}


@dataclass(frozen=True, slots=True)
class WaitingWithdrawal:
    id: int
    amount: Money
    member_id: int
    name: str
    requested_on: date


@dataclass(frozen=True, slots=True)
class WaitingShareOut:
    id: int
    total: Money
    created_at: datetime
    proposed_by: int
    count: int   # members with a line


def withdrawal_stage(conn: Connection, withdrawal_id: int) -> tuple[str, date | None]:
    """(status, the members' vote's closing day) of a withdrawal just requested."""
    row = conn.execute(select(withdrawals.c.status, withdrawals.c.closes_on)
                       .where(withdrawals.c.id == withdrawal_id)).one()
    return row.status, row.closes_on


def chama_of(conn: Connection, kind: str, number: int) -> int | None:
    """The chama of withdrawal `W<number>` or share-out `S<number>`, None when there is none."""
    table = KINDS[kind]
    return conn.execute(select(table.c.chama_id).where(table.c.id == number)).scalar()  # type: ignore[no-any-return]


def waiting_withdrawals(conn: Connection, chama_id: int) -> list[WaitingWithdrawal]:
    return [WaitingWithdrawal(r.id, Money(r.amount_cents), r.member_id, r.name, r.requested_on) for r in conn.execute(
        select(withdrawals.c.id, withdrawals.c.amount_cents, withdrawals.c.member_id, members.c.name,
               withdrawals.c.requested_on)
        .join(members, members.c.id == withdrawals.c.member_id)
        .where(withdrawals.c.chama_id == chama_id, withdrawals.c.status == "pending")
        .order_by(withdrawals.c.id))]


def waiting_shareouts(conn: Connection, chama_id: int) -> list[WaitingShareOut]:
    return [WaitingShareOut(r.id, Money(r.total_cents), r.created_at, r.proposed_by, r.n) for r in conn.execute(
        select(shareouts.c.id, shareouts.c.total_cents, shareouts.c.created_at, shareouts.c.proposed_by,
               func.count(lines.c.id).label("n"))
        .join(lines, lines.c.shareout_id == shareouts.c.id)
        .where(shareouts.c.chama_id == chama_id, shareouts.c.status == "proposed")
        .group_by(shareouts.c.id, shareouts.c.total_cents, shareouts.c.created_at, shareouts.c.proposed_by)
        .order_by(shareouts.c.id))]
