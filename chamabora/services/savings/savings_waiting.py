"""Savings decisions waiting for an officer: withdrawals a treasurer
approves (`W7`) and share-outs another officer approves (`S3`). They are
the pending list's sources "withdrawals" and "shareouts" (the USSD
treasurer menu, PENDING by SMS, the web's decisions), and an officer's
`APPROVE W7` / `KATAA S3` decides through the same functions."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from sqlalchemy import Connection, func, select

from chamabora.core.money import Money
from chamabora.core.ports import WALL_CLOCK, Clock
from chamabora.core.schedule import today_in_nairobi
from chamabora.i18n.catalogs import translate
from chamabora.i18n.officers import (ALREADY_DECIDED, OWN_SHAREOUT, OWN_WITHDRAWAL, SHAREOUT_BLOCKED,
                                     SHAREOUT_DECIDED_APPROVED, SHAREOUT_DECIDED_REJECTED, SHAREOUT_PENDING_SUMMARY,
                                     WITHDRAWAL_DECIDED_APPROVED, WITHDRAWAL_DECIDED_REJECTED,
                                     WITHDRAWAL_PENDING_SUMMARY)
from chamabora.services.savings import shareout as sharing
from chamabora.services.savings import withdrawals as withdrawing
from chamabora.services.chama.pending import PendingItem, PendingSource, register_source
from chamabora.services.records import members
from chamabora.services.savings.accounts import withdrawals
from chamabora.services.savings.shareout import ShareOutBlocked, lines, shareouts

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


def blocked_text(language: str, blocked: ShareOutBlocked) -> str:
    """Why a share-out cannot go ahead, for the chair who proposed it or the officer approving it."""
    cash = blocked.details.get("cash")
    return translate(language, SHAREOUT_BLOCKED[str(blocked.details["reason"])],
                     **({"cash": Money(int(cash))} if cash is not None else {}))  # type: ignore[call-overload]


def pending_withdrawals(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    return [PendingItem("withdrawals", str(r.id), translate(language, WITHDRAWAL_PENDING_SUMMARY, amount=r.amount,
                                                            name=r.name[:20]),
                        datetime.combine(r.requested_on, time.min, timezone.utc))
            for r in waiting_withdrawals(conn, chama_id)]


def decide_withdrawal(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool, language: str) -> str:
    row = next((r for r in waiting_withdrawals(conn, chama_id) if str(r.id) == ref), None)
    if row is None:
        return translate(language, ALREADY_DECIDED)
    values = {"amount": row.amount, "name": row.name[:20], "ref": f"W{row.id}"}
    if row.member_id == actor_id:
        return translate(language, OWN_WITHDRAWAL, **values)
    if approve:
        withdrawing.approve_withdrawal(conn, row.id, actor_id)
        return translate(language, WITHDRAWAL_DECIDED_APPROVED, **values)
    withdrawing.reject_withdrawal(conn, row.id, actor_id)
    return translate(language, WITHDRAWAL_DECIDED_REJECTED, **values)


def pending_shareouts(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    return [PendingItem("shareouts", str(r.id), translate(language, SHAREOUT_PENDING_SUMMARY, amount=r.total,
                                                          count=r.count), r.created_at)
            for r in waiting_shareouts(conn, chama_id)]


def decide_shareout(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool, language: str,
                    clock: Clock = WALL_CLOCK) -> str:
    """An officer's decision on a share-out another officer proposed; approved on `clock`'s day in Nairobi."""
    row = next((r for r in waiting_shareouts(conn, chama_id) if str(r.id) == ref), None)
    if row is None:
        return translate(language, ALREADY_DECIDED)
    if approve and row.proposed_by == actor_id:
        return translate(language, OWN_SHAREOUT, ref=f"S{row.id}")
    if not approve:
        sharing.reject_share_out(conn, row.id, actor_id)
        return translate(language, SHAREOUT_DECIDED_REJECTED, ref=f"S{row.id}")
    try:
        count = sharing.approve_share_out(conn, row.id, actor_id, today_in_nairobi(clock.now()))
    except ShareOutBlocked as blocked:
        return blocked_text(language, blocked)
    return translate(language, SHAREOUT_DECIDED_APPROVED, ref=f"S{row.id}", count=count)


register_source(PendingSource("withdrawals", pending_withdrawals, decide_withdrawal))
register_source(PendingSource("shareouts", pending_shareouts, decide_shareout))
