"""Members ratify a large merry-go-round payout (optional per chama).

When the chama sets `payout_ratify_above_cents` and a pot's net is above it,
every other active member is asked YES or NO on P<payout id> as the cycle
closes (or at the first approval, for a pot owed before the rule was set).
The B2C payment waits for the vote as well as the officers' signatures
(services/payouts/approvals.py). The count is core/quorum.py's, as for withdrawals:
PASSED lets the signed payout leave; FAILED (the quorum out of reach, or
undecided at the closing date) keeps it off M-Pesa, still owed to the
recipient in the books for the chama to settle. Everyone is told the outcome.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, insert, select, update

from chamabora.core.cash import InsufficientCash
from chamabora.core.errors import ChamaError, Forbidden, PayoutState
from chamabora.core.money import Money
from chamabora.core.quorum import Outcome, Tally, needs_ratification, tally
from chamabora.db.loan_tables import PayoutRatification, PayoutVote
from chamabora.db.tables import Payout
from chamabora.services.ledger.cash import require_cash
from chamabora.services.payouts.defaults import is_blocked
from chamabora.services.payouts.disbursements import latest_for_payout, queue, set_status
from chamabora.services.notices.money import PAYOUT_VOTE_ASKED, PAYOUT_VOTE_FAILED, PAYOUT_VOTE_PASSED, member_name
from chamabora.services.notices.notify import notify
from chamabora.services.payouts.electorate import electorate, may_vote, require_voter
from chamabora.services.lending.policy import load_policy
from chamabora.services.records import load_chama, memberships, record_audit

payouts = Payout.__table__
ratifications = PayoutRatification.__table__
votes = PayoutVote.__table__


class VoteClosed(ChamaError):
    code = "vote_closed"


class PayoutNotRatified(PayoutState):
    code = "payout_not_ratified"


class OwnPayout(Forbidden):
    code = "own_payout_vote"


def ratify(conn: Connection, payout_id: int, today: date) -> str | None:
    """The payout's vote as it stands today: None (no vote needed), voting, passed or failed.

    Opens the vote when the chama's rule wants one and none exists; decides one past its closing date.
    The row lock makes an approval wait for a vote being counted, so a signature never lands on an
    attempt just after the vote that would have released it."""
    row = _ratification(conn, payout_id, lock=True)
    if row is None:
        return _open(conn, payout_id, today)
    if row.status == "voting" and today > row.closes_on:
        return _count(conn, row, today).outcome.value
    return row.status  # type: ignore[no-any-return]


def _open(conn: Connection, payout_id: int, today: date) -> str | None:
    payout = conn.execute(select(payouts.c.chama_id, payouts.c.net_cents, memberships.c.member_id)
                          .join(memberships, memberships.c.id == payouts.c.membership_id)
                          .where(payouts.c.id == payout_id)).one()
    policy = load_policy(conn, payout.chama_id)
    if not needs_ratification(payout.net_cents, policy.payout_ratify_above_cents):
        return None
    voters, last_seat = electorate(conn, payout.chama_id, excluding=payout.member_id)
    if not voters:
        return None  # nobody but the recipient to ask
    closes = today + timedelta(days=policy.vote_days)
    conn.execute(insert(ratifications), {
        "payout_id": payout_id, "chama_id": payout.chama_id, "status": "voting", "opened_on": today,
        "closes_on": closes, "eligible": len(voters), "quorum_bp": policy.quorum_bp,
        "electorate_seq": last_seat})
    chama, name = load_chama(conn, payout.chama_id).name, member_name(conn, payout.member_id)
    for voter in voters:
        notify(conn, voter, PAYOUT_VOTE_ASKED, payout.chama_id, dedupe_key=f"payout-vote:{payout_id}:ask:{voter}",
               chama=chama, member=name, amount=str(Money(payout.net_cents)), ref=f"P{payout_id}",
               closes=f"{closes:%d/%m/%Y}")
    record_audit(conn, "payout.vote_opened", payout.chama_id, None, payout_id=payout_id, eligible=len(voters),
                 quorum_bp=policy.quorum_bp)
    return "voting"


def cast_vote(conn: Connection, payout_id: int, member_id: int, yes: bool, today: date) -> tuple[Tally, bool]:
    """The tally after this vote, and whether it was counted: a vote after the closing date is not,
    and only decides the undecided vote (it fails)."""
    row = _ratification(conn, payout_id, lock=True)
    if row is None or row.status != "voting":
        raise VoteClosed("no vote is open on this payout", payout_id=payout_id)
    if member_id == _recipient(conn, payout_id):
        raise OwnPayout("the recipient does not vote on their own payout")
    require_voter(conn, row.chama_id, member_id, row.electorate_seq)
    in_time = today <= row.closes_on
    if in_time:
        # a member's later vote replaces their earlier one until the outcome is decided
        changed = conn.execute(update(votes).where(votes.c.ratification_id == row.id,
                                                   votes.c.member_id == member_id).values(yes=yes)).rowcount
        if not changed:
            conn.execute(insert(votes), {"ratification_id": row.id, "member_id": member_id, "yes": yes})
    return _count(conn, row, today), in_time


def open_votes(conn: Connection, member_id: int) -> list[int]:
    """Payouts (ids) in this member's chamas still being voted on, not theirs, that they have not voted on."""
    voted = select(votes.c.ratification_id).where(votes.c.member_id == member_id)
    theirs = select(payouts.c.id).join(memberships, memberships.c.id == payouts.c.membership_id).where(
        memberships.c.member_id == member_id)
    return list(conn.execute(select(ratifications.c.payout_id).join(
        memberships, (memberships.c.chama_id == ratifications.c.chama_id) & (memberships.c.member_id == member_id))
        .where(memberships.c.status == "active", may_vote(memberships.c.join_seq, ratifications.c.electorate_seq),
               ratifications.c.status == "voting", ratifications.c.id.not_in(voted),
               ratifications.c.payout_id.not_in(theirs))
        .order_by(ratifications.c.payout_id)).scalars())


def expired_votes(conn: Connection, today: date) -> list[int]:
    """Payouts (ids) whose vote is still open after its closing date."""
    return list(conn.execute(select(ratifications.c.payout_id).where(
        ratifications.c.status == "voting", ratifications.c.closes_on < today)
        .order_by(ratifications.c.payout_id)).scalars())


def _count(conn: Connection, row, today: date) -> Tally:  # type: ignore[no-untyped-def]
    """Tally the vote and, once the outcome is certain (or the closing date passed), decide it."""
    cast = dict(conn.execute(select(votes.c.member_id, votes.c.yes).where(votes.c.ratification_id == row.id)).all())
    result = tally(cast, row.eligible, row.quorum_bp, closed=today > row.closes_on)
    if row.status == "voting" and result.outcome is not Outcome.PENDING:
        _decide(conn, row, result)
    return result


def _decide(conn: Connection, row, result: Tally) -> None:  # type: ignore[no-untyped-def]
    passed = result.outcome is Outcome.PASSED
    conn.execute(update(ratifications).where(ratifications.c.id == row.id)
                 .values(status=result.outcome.value))
    payout = conn.execute(select(payouts.c.net_cents).where(payouts.c.id == row.payout_id)).one()
    chama, name = load_chama(conn, row.chama_id).name, member_name(conn, _recipient(conn, row.payout_id))
    everyone = conn.execute(select(memberships.c.member_id).where(
        memberships.c.chama_id == row.chama_id, memberships.c.status == "active")
        .order_by(memberships.c.join_seq)).scalars().all()
    for member_id in everyone:
        notify(conn, member_id, PAYOUT_VOTE_PASSED if passed else PAYOUT_VOTE_FAILED, row.chama_id,
               dedupe_key=f"payout-vote:{row.payout_id}:decided:{member_id}", chama=chama, member=name,
               amount=str(Money(payout.net_cents)), yes=result.yes, no=result.no)
    record_audit(conn, "payout.vote_decided", row.chama_id, None, payout_id=row.payout_id,
                 outcome=result.outcome.value, yes=result.yes, no=result.no)
    settle_ratified(conn, row.payout_id, passed)


def settle_ratified(conn: Connection, payout_id: int, passed: bool) -> None:
    """The members decided: a signed attempt waiting for them leaves now; on NO, an open attempt is withdrawn.

    A recipient flagged as a defaulter while the vote ran gets nothing: their signed attempt is withdrawn
    too, and once the flag clears an officer approves afresh (the passed vote stands)."""
    attempt = latest_for_payout(conn, payout_id)
    if attempt is None or attempt.status not in ("approving", "ratifying"):
        return
    if passed and attempt.status == "ratifying" and not is_blocked(conn, attempt.chama_id, attempt.member_id):
        if _covered(conn, attempt):
            queue(conn, attempt)
        else:
            set_status(conn, attempt.id, "declined")
            record_audit(conn, "payout.cash_short", attempt.chama_id, None, payout_id=payout_id,
                         amount=attempt.amount_cents)
    elif not passed or attempt.status == "ratifying":
        set_status(conn, attempt.id, "declined")


def _covered(conn: Connection, attempt) -> bool:  # type: ignore[no-untyped-def]
    """Whether the chama's confirmed cash, less what is promised elsewhere, still covers this attempt."""
    try:
        require_cash(conn, attempt.chama_id, Money(attempt.amount_cents))
    except InsufficientCash:
        return False
    return True


def _recipient(conn: Connection, payout_id: int) -> int:
    return conn.execute(select(memberships.c.member_id).join(payouts, payouts.c.membership_id == memberships.c.id)
                        .where(payouts.c.id == payout_id)).scalar_one()  # type: ignore[no-any-return]


def _ratification(conn: Connection, payout_id: int, lock: bool = False):  # type: ignore[no-untyped-def]
    query = select(ratifications).where(ratifications.c.payout_id == payout_id)
    if lock:
        query = query.with_for_update(key_share=True)
    return conn.execute(query).first()
