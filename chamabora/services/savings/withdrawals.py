"""Withdrawals from savings: a request, then either the members' vote (when
the chama ratifies amounts above a threshold) or a treasurer's approval,
then payment out (the M-Pesa B2C module calls `record_withdrawal_paid`).

A withdrawal under way holds its amount, so the same savings cannot be
asked for twice. Votes are one per member and may change until the outcome
is decided (core/quorum.py); an undecided vote fails at its closing date.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from chamabora.i18n.officers import WITHDRAWAL_ASKED
from chamabora.i18n.members import WITHDRAWAL_REJECTED
from chamabora.core.chama import MONEY_ROLES
from chamabora.core.errors import ChamaError, Forbidden
from chamabora.core.cash import InsufficientCash
from chamabora.core.money import Money
from chamabora.core.quorum import Outcome, Tally, needs_ratification, tally
from chamabora.core.savings import check_withdrawal, withdrawal_entry
from chamabora.db.loan_tables import WithdrawalVote
from chamabora.core.signatures import check_signer
from chamabora.services.ledger.cash import require_cash
from chamabora.services.payouts.electorate import electorate, may_vote, require_voter
from chamabora.services.ledger.store import LedgerStore
from chamabora.services.labels import label
from chamabora.services.notices.money import OUTCOME_WORDS, VOTE_ASKED, VOTE_DECIDED, member_name, officers
from chamabora.services.notices.notify import notify
from chamabora.services.payouts.disbursements import queue_withdrawal
from chamabora.services.lending.policy import load_policy
from chamabora.services.records import load_chama, membership_of, memberships, money_officers, record_audit, require_role
from chamabora.services.savings.accounts import held_savings, savings_balance, withdrawals

votes = WithdrawalVote.__table__


class WithdrawalState(ChamaError):
    code = "withdrawal_state"


def request_withdrawal(conn: Connection, chama_id: int, member_id: int, amount: Money, today: date) -> int:
    membership_of(conn, chama_id, member_id, lock=True)
    check_withdrawal(amount, savings_balance(conn, chama_id, member_id), held_savings(conn, chama_id, member_id))
    policy = load_policy(conn, chama_id)
    voters, last_seat = electorate(conn, chama_id, excluding=member_id)
    ratify = needs_ratification(amount.cents, policy.ratify_above_cents) and bool(voters)
    closes = today + timedelta(days=policy.vote_days)
    withdrawal_id = conn.execute(insert(withdrawals).returning(withdrawals.c.id), {
        "chama_id": chama_id, "member_id": member_id, "amount_cents": amount.cents,
        "status": "voting" if ratify else "pending", "requested_on": today,
        "closes_on": closes if ratify else None, "eligible": len(voters) if ratify else 0,
        "quorum_bp": policy.quorum_bp if ratify else 0,
        "electorate_seq": last_seat if ratify else None}).scalar_one()
    chama, name = load_chama(conn, chama_id), member_name(conn, member_id)
    if ratify:
        for voter in voters:
            notify(conn, voter, VOTE_ASKED, chama_id, chama=chama.name, member=name, amount=str(amount),
                   ref=f"W{withdrawal_id}", closes=f"{closes:%d/%m/%Y}")
    else:
        # the member asking never decides their own withdrawal
        for officer in (o for o in officers(conn, chama_id) if o != member_id):
            notify(conn, officer, WITHDRAWAL_ASKED, chama_id, chama=label(chama.name), member=label(name),
                   amount=str(amount), ref=f"W{withdrawal_id}")
    record_audit(conn, "withdrawal.requested", chama_id, member_id, withdrawal_id=withdrawal_id,
                 amount=amount.cents, ratify=ratify)
    return withdrawal_id


def cast_vote(conn: Connection, withdrawal_id: int, member_id: int, yes: bool, today: date) -> tuple[Tally, bool]:
    """The tally after this vote, and whether it was counted: a vote after the closing date is not,
    and only decides the undecided vote (it fails)."""
    row = _withdrawal(conn, withdrawal_id)
    if row.status != "voting":
        raise WithdrawalState("this vote is closed", status=row.status)
    if member_id == row.member_id:
        raise Forbidden("the member asking does not vote on their own withdrawal")
    require_voter(conn, row.chama_id, member_id, row.electorate_seq)
    if today > row.closes_on:
        return close_vote(conn, withdrawal_id, today), False
    existing = conn.execute(select(votes.c.id).where(votes.c.withdrawal_id == withdrawal_id,
                                                     votes.c.member_id == member_id)).scalar()
    if existing is None:
        conn.execute(insert(votes), {"withdrawal_id": withdrawal_id, "member_id": member_id, "yes": yes})
    else:
        conn.execute(update(votes).where(votes.c.id == existing).values(yes=yes))
    return close_vote(conn, withdrawal_id, today, closed=False), True


def open_votes(conn: Connection, member_id: int) -> list[int]:
    """Withdrawals (ids) in this member's chamas still being voted on, that they have not voted on."""
    voted = select(votes.c.withdrawal_id).where(votes.c.member_id == member_id)
    return list(conn.execute(select(withdrawals.c.id).join(memberships, (memberships.c.chama_id == withdrawals.c.chama_id)
                                                           & (memberships.c.member_id == member_id)).where(
        memberships.c.status == "active", may_vote(memberships.c.join_seq, withdrawals.c.electorate_seq),
        withdrawals.c.status == "voting", withdrawals.c.member_id != member_id,
        withdrawals.c.id.not_in(voted)).order_by(withdrawals.c.id)).scalars())


def expired_votes(conn: Connection, today: date) -> list[int]:
    """Withdrawals (ids) still being voted on after their closing date."""
    return list(conn.execute(select(withdrawals.c.id).where(
        withdrawals.c.status == "voting", withdrawals.c.closes_on < today).order_by(withdrawals.c.id)).scalars())


def close_vote(conn: Connection, withdrawal_id: int, today: date, closed: bool = True) -> Tally:
    """Decide the vote if it is certain (or the deadline passed): approved, or rejected."""
    row = _withdrawal(conn, withdrawal_id)
    cast = dict(conn.execute(select(votes.c.member_id, votes.c.yes).where(votes.c.withdrawal_id == withdrawal_id)).all())
    result = tally(cast, row.eligible, row.quorum_bp, closed=closed or today > row.closes_on)
    if row.status == "voting" and result.outcome is not Outcome.PENDING:
        status = "approved" if result.outcome is Outcome.PASSED else "rejected"
        if status == "approved" and not _covered(conn, row.chama_id, Money(row.amount_cents)):
            status = "pending"  # voted, but the cash is short: an officer sends it once the cash is there
        conn.execute(update(withdrawals).where(withdrawals.c.id == withdrawal_id).values(status=status))
        if status == "approved":
            queue_withdrawal(conn, withdrawal_id)  # the members decided: no officer signs again
        chama, name = load_chama(conn, row.chama_id), member_name(conn, row.member_id)
        for member_id in [row.member_id, *cast]:
            notify(conn, member_id, VOTE_DECIDED, row.chama_id, chama=chama.name, member=name,
                   amount=str(Money(row.amount_cents)), outcome=OUTCOME_WORDS[result.outcome.value],
                   yes=result.yes, no=result.no)
        record_audit(conn, "withdrawal.vote_decided", row.chama_id, None, withdrawal_id=withdrawal_id,
                     outcome=result.outcome.value, yes=result.yes, no=result.no)
    return result


def _covered(conn: Connection, chama_id: int, amount: Money) -> bool:
    try:
        require_cash(conn, chama_id, amount)
    except InsufficientCash:
        return False
    return True


def approve_withdrawal(conn: Connection, withdrawal_id: int, actor_id: int) -> None:
    row = _withdrawal(conn, withdrawal_id)
    require_role(conn, row.chama_id, actor_id, MONEY_ROLES)
    if row.status != "pending":
        raise WithdrawalState("only a pending withdrawal is approved", status=row.status)
    check_signer(actor_id, row.member_id, money_officers(conn, row.chama_id))
    require_cash(conn, row.chama_id, Money(row.amount_cents))
    conn.execute(update(withdrawals).where(withdrawals.c.id == withdrawal_id)
                 .values(status="approved", approved_by=actor_id))
    record_audit(conn, "withdrawal.approved", row.chama_id, actor_id, withdrawal_id=withdrawal_id)
    queue_withdrawal(conn, withdrawal_id)


def reject_withdrawal(conn: Connection, withdrawal_id: int, actor_id: int) -> None:
    """An officer turns a pending withdrawal down; its savings are free again and the member is told."""
    row = _withdrawal(conn, withdrawal_id)
    require_role(conn, row.chama_id, actor_id, MONEY_ROLES)
    if row.status != "pending" or actor_id == row.member_id:
        raise WithdrawalState("only a pending withdrawal, by someone other than its owner", status=row.status)
    conn.execute(update(withdrawals).where(withdrawals.c.id == withdrawal_id).values(status="rejected"))
    record_audit(conn, "withdrawal.rejected", row.chama_id, actor_id, withdrawal_id=withdrawal_id)
    notify(conn, row.member_id, WITHDRAWAL_REJECTED, row.chama_id, chama=label(load_chama(conn, row.chama_id).name),
           ref=f"W{withdrawal_id}", amount=str(Money(row.amount_cents)))


def send_failed(conn: Connection, withdrawal_id: int) -> None:
    """M-Pesa did not pay it: nothing was posted, and it waits for an officer's approval again."""
    conn.execute(update(withdrawals).where(withdrawals.c.id == withdrawal_id, withdrawals.c.status == "approved")
                 .values(status="pending", approved_by=None))


def record_withdrawal_paid(conn: Connection, withdrawal_id: int, reference: str,
                           now: datetime | None = None) -> int:
    """The approved withdrawal's money left (M-Pesa receipt `reference`); the same receipt again is a no-op."""
    row = _withdrawal(conn, withdrawal_id)
    store = LedgerStore(conn, row.chama_id)
    key = f"withdrawal:{reference}"
    if row.status == "paid" and row.reference == reference:
        return store.key_exists(key)  # type: ignore[return-value]
    if row.status != "approved":
        raise WithdrawalState("only an approved withdrawal is paid", status=row.status)
    require_cash(conn, row.chama_id, Money(row.amount_cents), promised=False)
    entry_id = store.post(withdrawal_entry(row.member_id, Money(row.amount_cents), key, "Savings withdrawal"), now)
    conn.execute(update(withdrawals).where(withdrawals.c.id == withdrawal_id)
                 .values(status="paid", reference=reference))
    return entry_id


def _withdrawal(conn: Connection, withdrawal_id: int):  # type: ignore[no-untyped-def]
    row = conn.execute(select(withdrawals).where(withdrawals.c.id == withdrawal_id)
                       .with_for_update(key_share=True)).first()
    if row is None:
        raise WithdrawalState("no such withdrawal", withdrawal_id=withdrawal_id)
    return row
