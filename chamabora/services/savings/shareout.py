"""Share-out at the end of a savings cycle (VSLA style): the interest and
fines the chama earned, less savings interest already paid, are shared in
proportion to each member's savings-time over the cycle, posted to their
savings in one entry (key `shareout:<chama>:<last day>`, so once per cycle).

From a phone, the chair proposes it (`SHARE OUT` / `GAWA`): each member's
free savings and share, in whole shillings, checked against the cash; another
officer approves it; then each line is paid as a withdrawal by M-Pesa B2C and
each member told their line. `share_out_cycle` shares into savings only."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, func, insert, select, update

from chamabora.i18n.officers import SHAREOUT_ASKED, SHAREOUT_REJECTED
from chamabora.core.chama import MONEY_ROLES, Role
from chamabora.core.cash import InsufficientCash
from chamabora.core.errors import ChamaError, CycleState, NotFound
from chamabora.core.ledger import AccountKind, AccountRef
from chamabora.core.money import Money
from chamabora.core.shareout import INCOME, pool_of, savings_time, share_out, shareout_entry
from chamabora.services.ledger.cash import require_cash
from chamabora.services.ledger.store import LedgerStore
from chamabora.db.rule_tables import ShareOutLine, ShareOutRun
from chamabora.services.labels import label
from chamabora.services.notices.money import SHARE_OUT, member_name, officers
from chamabora.services.notices.notify import notify
from chamabora.services.payouts.disbursements import queue_withdrawal
from chamabora.services.records import load_chama, record_audit, require_role
from chamabora.services.savings.accounts import (OPEN_LOANS, OPEN_WITHDRAWALS, held_savings, loans, savings_balance, savings_history,
                      split_history, start_of, withdrawals)


@dataclass(frozen=True, slots=True)
class ShareOut:
    entry_id: int
    pool: Money
    shares: dict[int, Money]


def share_out_cycle(conn: Connection, chama_id: int, actor_id: int, start: date, end: date,
                    today: date) -> ShareOut:
    require_role(conn, chama_id, actor_id, MONEY_ROLES)
    if today <= end:
        raise CycleState("the savings cycle has not ended", ends=end.isoformat())
    chama = load_chama(conn, chama_id, lock=True)
    store = LedgerStore(conn, chama_id)
    key = f"shareout:{chama_id}:{end.isoformat()}"
    if store.key_exists(key) is not None:
        raise CycleState("this cycle has already been shared out", ends=end.isoformat())
    income = {kind: store.balance(AccountRef(kind)) for kind in INCOME}
    paid = store.balance(AccountRef(AccountKind.SAVINGS_INTEREST))
    pool = pool_of(income, paid)
    weights = {}
    for member_id, history in savings_history(conn, chama_id, start_of(end + timedelta(days=1))).items():
        opening, changes = split_history(history, start)
        weights[member_id] = savings_time(opening, changes, start, end)
    shares = share_out(pool, weights)
    # the shares become savings members may withdraw: they must be there in confirmed cash
    require_cash(conn, chama_id, pool)
    entry_id = store.post(shareout_entry(shares, income, paid, key, f"Share-out {start:%d/%m/%Y}-{end:%d/%m/%Y}"))
    for member_id, share in shares.items():
        notify(conn, member_id, SHARE_OUT, chama_id, chama=chama.name, pool=str(pool), share=str(share))
    record_audit(conn, "shareout.posted", chama_id, actor_id, pool=pool.cents, members=len(shares))
    return ShareOut(entry_id, pool, shares)


# --- the chair's SHARE OUT: proposed, approved by another officer, paid member by member by M-Pesa ---

shareouts, lines = ShareOutRun.__table__, ShareOutLine.__table__


class ShareOutBlocked(ChamaError):
    """Something must be settled before the chama can share out (loans, withdrawals, a second officer)."""

    code = "shareout_blocked"


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    starts_on: date
    ends_on: date
    pool: Money
    total: Money
    members: int


def propose_share_out(conn: Connection, chama_id: int, actor_id: int, today: date) -> Proposal:
    """Everything saved (and free) plus each saver's part of what the chama earned, in whole shillings."""
    require_role(conn, chama_id, actor_id, frozenset({Role.CHAIR}))
    chama = load_chama(conn, chama_id, lock=True)
    _check_settled(conn, chama_id, actor_id)
    start, end = _period(conn, chama_id, today)
    store = LedgerStore(conn, chama_id)
    income = {kind: store.balance(AccountRef(kind)) for kind in INCOME}
    pool = pool_of(income, store.balance(AccountRef(AccountKind.SAVINGS_INTEREST)))
    history = savings_history(conn, chama_id, start_of(end + timedelta(days=1)))
    weights = {m: savings_time(*split_history(h, start), start, end) for m, h in history.items()}
    shares = share_out(pool, weights) if pool.is_positive() and any(w > 0 for w in weights.values()) else {}
    rows = []
    for member_id in sorted(set(history) | set(shares)):
        saved = savings_balance(conn, chama_id, member_id) - held_savings(conn, chama_id, member_id)
        share = shares.get(member_id, Money(0))
        paid = Money((saved + share).cents // 100 * 100)  # B2C pays whole shillings; cents stay saved
        if paid.is_positive():
            rows.append({"member_id": member_id, "savings_cents": saved.cents, "share_cents": share.cents,
                         "paid_cents": paid.cents})
    if not rows:
        raise ShareOutBlocked("nothing is saved to share out", reason="nothing")
    total = Money(sum(r["paid_cents"] for r in rows))
    _require_cash(conn, chama_id, total)
    shareout_id = conn.execute(insert(shareouts).returning(shareouts.c.id), {
        "chama_id": chama_id, "starts_on": start, "ends_on": end, "pool_cents": pool.cents if shares else 0,
        "total_cents": total.cents, "status": "proposed", "proposed_by": actor_id}).scalar_one()
    conn.execute(insert(lines), [{"shareout_id": shareout_id, **r} for r in rows])
    who = member_name(conn, actor_id)
    for officer in (o for o in officers(conn, chama_id) if o != actor_id):
        notify(conn, officer, SHAREOUT_ASKED, chama_id, chama=label(chama.name), who=label(who), ref=f"S{shareout_id}",
               total=str(total), count=len(rows), pool=str(pool if shares else Money(0)))
    record_audit(conn, "shareout.proposed", chama_id, actor_id, shareout_id=shareout_id, pool=pool.cents,
                 total=total.cents, members=len(rows), starts=start.isoformat(), ends=end.isoformat())
    return Proposal(shareout_id, start, end, pool if shares else Money(0), total, len(rows))


def _check_settled(conn: Connection, chama_id: int, actor_id: int) -> None:
    if not [o for o in officers(conn, chama_id) if o != actor_id]:
        raise ShareOutBlocked("another officer must approve a share-out", reason="one_officer")
    if conn.execute(select(shareouts.c.id).where(shareouts.c.chama_id == chama_id,
                                                 shareouts.c.status == "proposed")).first():
        raise ShareOutBlocked("a share-out is already waiting for approval", reason="waiting")
    if conn.execute(select(loans.c.id).where(loans.c.chama_id == chama_id, loans.c.status.in_(OPEN_LOANS))).first():
        raise ShareOutBlocked("loans must be repaid before the share-out", reason="loans")
    if conn.execute(select(withdrawals.c.id).where(withdrawals.c.chama_id == chama_id,
                                                   withdrawals.c.status.in_(OPEN_WITHDRAWALS))).first():
        raise ShareOutBlocked("withdrawals under way must finish first", reason="withdrawals")


def _period(conn: Connection, chama_id: int, today: date) -> tuple[date, date]:
    """From the day after the last share-out (or the first saving) to yesterday."""
    last = conn.execute(select(func.max(shareouts.c.ends_on)).where(
        shareouts.c.chama_id == chama_id, shareouts.c.status == "approved")).scalar()
    history = savings_history(conn, chama_id, start_of(today))
    first = min((day for h in history.values() for day, _cents in h), default=today - timedelta(days=1))
    start = last + timedelta(days=1) if last is not None else first
    return min(start, today - timedelta(days=1)), today - timedelta(days=1)


def approve_share_out(conn: Connection, shareout_id: int, actor_id: int, today: date) -> int:
    """Another officer approves: what was earned is shared into savings, then each line leaves by B2C."""
    row = _shareout(conn, shareout_id)
    require_role(conn, row.chama_id, actor_id, MONEY_ROLES)
    if row.status != "proposed" or actor_id == row.proposed_by:
        raise CycleState("only a proposed share-out, by another officer", status=row.status)
    _require_cash(conn, row.chama_id, Money(row.total_cents))
    store = LedgerStore(conn, row.chama_id)
    entry_id = None
    members_lines = conn.execute(select(lines).where(lines.c.shareout_id == shareout_id).order_by(lines.c.id)).all()
    if row.pool_cents:
        income = {kind: store.balance(AccountRef(kind)) for kind in INCOME}
        paid = store.balance(AccountRef(AccountKind.SAVINGS_INTEREST))
        if pool_of(income, paid).cents != row.pool_cents:
            raise ShareOutBlocked("the chama's earnings changed since the proposal", reason="changed")
        shares = {line.member_id: Money(line.share_cents) for line in members_lines if line.share_cents}
        entry_id = store.post(shareout_entry(shares, income, paid, f"shareout:{row.chama_id}:{row.ends_on}",
                                             f"Share-out S{shareout_id}"))
    for line in members_lines:
        withdrawal_id = conn.execute(insert(withdrawals).returning(withdrawals.c.id), {
            "chama_id": row.chama_id, "member_id": line.member_id, "amount_cents": line.paid_cents,
            "status": "approved", "requested_on": today, "approved_by": actor_id,
            "shareout_id": shareout_id}).scalar_one()
        conn.execute(update(lines).where(lines.c.id == line.id).values(withdrawal_id=withdrawal_id))
        queue_withdrawal(conn, withdrawal_id)
    conn.execute(update(shareouts).where(shareouts.c.id == shareout_id)
                 .values(status="approved", decided_by=actor_id, entry_id=entry_id))
    record_audit(conn, "shareout.approved", row.chama_id, actor_id, shareout_id=shareout_id, entry_id=entry_id)
    return len(members_lines)


def reject_share_out(conn: Connection, shareout_id: int, actor_id: int) -> None:
    row = _shareout(conn, shareout_id)
    require_role(conn, row.chama_id, actor_id, MONEY_ROLES)
    if row.status != "proposed":
        raise CycleState("only a proposed share-out", status=row.status)
    conn.execute(update(shareouts).where(shareouts.c.id == shareout_id)
                 .values(status="rejected", decided_by=actor_id))
    record_audit(conn, "shareout.rejected", row.chama_id, actor_id, shareout_id=shareout_id)
    if row.proposed_by != actor_id:
        notify(conn, row.proposed_by, SHAREOUT_REJECTED, row.chama_id,
               chama=label(load_chama(conn, row.chama_id).name), ref=f"S{shareout_id}",
               who=label(member_name(conn, actor_id)))


def _require_cash(conn: Connection, chama_id: int, total: Money) -> None:
    """Everything a share-out pays must be in confirmed cash, less what other approved outflows hold."""
    try:
        require_cash(conn, chama_id, total)
    except InsufficientCash as short:
        raise ShareOutBlocked("the chama's cash does not cover the share-out", reason="cash",
                              cash=short.details["available"]) from short


def _shareout(conn: Connection, shareout_id: int):  # type: ignore[no-untyped-def]
    row = conn.execute(select(shareouts).where(shareouts.c.id == shareout_id).with_for_update(key_share=True)).first()
    if row is None:
        raise NotFound("no such share-out", shareout_id=shareout_id)
    return row
