"""A chama's money policy (loan multiple and rate, approval threshold, loan
fines, savings rate, the thresholds above which members ratify withdrawals
and payouts, and the quorum), with defaults for a chama that never set one."""
from __future__ import annotations

from dataclasses import dataclass, fields
from fractions import Fraction

from sqlalchemy import Connection, insert, select, update

from chamabora.core.chama import FineRule, Role
from chamabora.core.errors import InvalidInput
from chamabora.core.loans import InterestMethod, monthly_rate
from chamabora.core.money import Money
from chamabora.db.loan_tables import ChamaPolicy
from chamabora.services.records import record_audit, require_role

policies = ChamaPolicy.__table__


@dataclass(frozen=True, slots=True)
class Policy:
    loan_multiple: int = 3
    loan_rate_bp: int = 100
    loan_method: str = InterestMethod.REDUCING.value
    loan_chair_above_cents: int | None = None
    loan_fine_flat_cents: int = 0
    loan_fine_percent_bp: int = 0
    loan_grace_days: int = 0
    savings_rate_bp: int = 0
    ratify_above_cents: int | None = None
    payout_ratify_above_cents: int | None = None  # merry-go-round pots: members vote above this
    quorum_bp: int = 5000
    vote_days: int = 3
    notify_guarantor: bool = True

    @property
    def rate(self) -> Fraction:
        return monthly_rate(self.loan_rate_bp)

    @property
    def method(self) -> InterestMethod:
        return InterestMethod(self.loan_method)

    @property
    def loan_fine(self) -> FineRule:
        return FineRule(Money(self.loan_fine_flat_cents), self.loan_fine_percent_bp)


NAMES = tuple(f.name for f in fields(Policy))


def load_policy(conn: Connection, chama_id: int) -> Policy:
    row = conn.execute(select(policies).where(policies.c.chama_id == chama_id)).first()
    return Policy() if row is None else Policy(**{name: getattr(row, name) for name in NAMES})


def set_policy(conn: Connection, chama_id: int, actor_id: int, **changes: object) -> Policy:
    """The chair changes the rules at once (the operator's CLI); unknown names are refused rather than ignored.
    Rules changed from a phone wait for the next cycle (services/chama/rules.py) and are stored by `store_policy`."""
    require_role(conn, chama_id, actor_id, frozenset({Role.CHAIR}))
    merged = store_policy(conn, chama_id, **changes)
    record_audit(conn, "policy.changed", chama_id, actor_id, **changes)
    return merged


def store_policy(conn: Connection, chama_id: int, **changes: object) -> Policy:
    unknown = set(changes) - set(NAMES)
    if unknown:
        raise InvalidInput("no such policy setting", names=sorted(unknown))
    merged = Policy(**{**{n: getattr(load_policy(conn, chama_id), n) for n in NAMES}, **changes})
    InterestMethod(merged.loan_method)
    merged.loan_fine  # validates the fine rule
    thresholds = (merged.ratify_above_cents, merged.payout_ratify_above_cents, merged.loan_chair_above_cents)
    # a vote that no quorum can pass, or that closes before it opens, would hold every payout it touches
    if not 0 < merged.quorum_bp <= 10000 or merged.vote_days < 1 or any(t is not None and t < 0 for t in thresholds):
        raise InvalidInput("a quorum between 0 and 100%, at least a day to vote, thresholds of zero or more")
    values = {n: getattr(merged, n) for n in NAMES}
    if conn.execute(select(policies.c.chama_id).where(policies.c.chama_id == chama_id)).first():
        conn.execute(update(policies).where(policies.c.chama_id == chama_id).values(**values))
    else:
        conn.execute(insert(policies), {"chama_id": chama_id, **values})
    return merged


def policy_changes(policy: Policy) -> dict[str, object]:
    """The policy's settings a member reads about, named as changes are."""
    return {"loan_rate_bp": policy.loan_rate_bp, "loan_method": policy.loan_method,
            "loan_multiple": policy.loan_multiple, "savings_rate_bp": policy.savings_rate_bp,
            "ratify_above_cents": policy.ratify_above_cents,
            "payout_ratify_above_cents": policy.payout_ratify_above_cents, "quorum_bp": policy.quorum_bp}
