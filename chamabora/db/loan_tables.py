"""Tables for loans, goals, savings withdrawals, subscriptions and the
group's safety rules (issue 8). Money columns are BIGINT cents; loan
interest and penalties live here (the ledger holds only principal owed, see
core/loan_entries.py); savings and share-outs live in the ledger itself."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from chamabora.db.tables import Base, Id, _now

Cents = BigInteger


def _pk() -> Mapped[int]:
    return mapped_column(Id, primary_key=True, autoincrement=True)


class ChamaPolicy(Base):
    """A chama's money rules beyond its contributions; a chama without a row uses the defaults."""

    __tablename__ = "chama_policies"
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), primary_key=True)
    loan_multiple: Mapped[int] = mapped_column(Integer, default=3)
    loan_rate_bp: Mapped[int] = mapped_column(Integer, default=100)          # per month
    loan_method: Mapped[str] = mapped_column(String(10), default="reducing")
    loan_chair_above_cents: Mapped[int | None] = mapped_column(Cents)      # chair approves above this
    loan_fine_flat_cents: Mapped[int] = mapped_column(Cents, default=0)
    loan_fine_percent_bp: Mapped[int] = mapped_column(Integer, default=0)
    loan_grace_days: Mapped[int] = mapped_column(Integer, default=0)
    savings_rate_bp: Mapped[int] = mapped_column(Integer, default=0)         # per year
    ratify_above_cents: Mapped[int | None] = mapped_column(Cents)          # members vote above this
    payout_ratify_above_cents: Mapped[int | None] = mapped_column(Cents)   # ...and on pots above this
    quorum_bp: Mapped[int] = mapped_column(Integer, default=5000)
    vote_days: Mapped[int] = mapped_column(Integer, default=3)
    notify_guarantor: Mapped[bool] = mapped_column(Boolean, default=True)


class Loan(Base):
    __tablename__ = "loans"
    __table_args__ = (CheckConstraint("principal_cents > 0", name="principal_positive"),)
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    principal_cents: Mapped[int] = mapped_column(Cents)
    months: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(10))
    rate_num: Mapped[int] = mapped_column(BigInteger)
    rate_den: Mapped[int] = mapped_column(BigInteger)
    total_interest_cents: Mapped[int] = mapped_column(Cents)
    guarantee_needed_cents: Mapped[int] = mapped_column(Cents, default=0)
    status: Mapped[str] = mapped_column(String(12))  # requested, approved, disbursed, repaid, rejected
    requested_on: Mapped[date] = mapped_column(Date)
    treasurer_approved_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    chair_approved_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    approved_on: Mapped[date | None] = mapped_column(Date)
    disbursed_on: Mapped[date | None] = mapped_column(Date)
    disbursement_ref: Mapped[str | None] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = _now()


class LoanQuote(Base):
    """A loan offered to a member and not yet confirmed: one per member and chama, short-lived.

    Nothing in the loans table exists until the member confirms (YES / NDIO)."""

    __tablename__ = "loan_quotes"
    __table_args__ = (UniqueConstraint("chama_id", "member_id", name="uq_loan_quotes_member"),)
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    principal_cents: Mapped[int] = mapped_column(Cents)
    months: Mapped[int] = mapped_column(Integer)
    total_interest_cents: Mapped[int] = mapped_column(Cents)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    guarantors: Mapped[str | None] = mapped_column(String(120))  # member ids named in the request, "4,9"


class LoanInstalment(Base):
    __tablename__ = "loan_instalments"
    __table_args__ = (
        UniqueConstraint("loan_id", "seq", name="uq_loan_instalments_loan_seq"),
        CheckConstraint("paid_principal_cents <= principal_cents AND paid_interest_cents <= interest_cents"
                        " AND paid_penalty_cents <= penalty_cents", name="paid_within_owed"),
    )
    id: Mapped[int] = _pk()
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"))
    seq: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    principal_cents: Mapped[int] = mapped_column(Cents)
    interest_cents: Mapped[int] = mapped_column(Cents)
    penalty_cents: Mapped[int] = mapped_column(Cents, default=0)
    paid_principal_cents: Mapped[int] = mapped_column(Cents, default=0)
    paid_interest_cents: Mapped[int] = mapped_column(Cents, default=0)
    paid_penalty_cents: Mapped[int] = mapped_column(Cents, default=0)


class LoanGuarantor(Base):
    __tablename__ = "loan_guarantors"
    __table_args__ = (UniqueConstraint("loan_id", "member_id", name="uq_loan_guarantors_loan_member"),)
    id: Mapped[int] = _pk()
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    pledge_cents: Mapped[int] = mapped_column(Cents)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending, accepted, declined


class Goal(Base):
    """A personal goal (member_id set) or a group goal (member_id null, shares in goal_shares)."""

    __tablename__ = "goals"
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    target_cents: Mapped[int] = mapped_column(Cents)
    by_date: Mapped[date] = mapped_column(Date)
    created_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open, complete


class GoalShare(Base):
    __tablename__ = "goal_shares"
    __table_args__ = (UniqueConstraint("goal_id", "member_id", name="uq_goal_shares_goal_member"),)
    id: Mapped[int] = _pk()
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    share_cents: Mapped[int] = mapped_column(Cents)


class GoalSaving(Base):
    __tablename__ = "goal_savings"
    id: Mapped[int] = _pk()
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    amount_cents: Mapped[int] = mapped_column(Cents)
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), unique=True)
    saved_on: Mapped[date] = mapped_column(Date)


class Withdrawal(Base):
    __tablename__ = "withdrawals"
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(Cents)
    status: Mapped[str] = mapped_column(String(10))  # voting, pending, approved, paid, rejected
    requested_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    eligible: Mapped[int] = mapped_column(Integer, default=0)
    quorum_bp: Mapped[int] = mapped_column(Integer, default=0)
    electorate_seq: Mapped[int | None] = mapped_column(Integer)  # last join_seq that may vote
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    reference: Mapped[str | None] = mapped_column(String(80), unique=True)
    shareout_id: Mapped[int | None] = mapped_column(ForeignKey("shareouts.id"))  # a share-out's payment


class WithdrawalVote(Base):
    __tablename__ = "withdrawal_votes"
    __table_args__ = (UniqueConstraint("withdrawal_id", "member_id", name="uq_withdrawal_votes_member"),)
    id: Mapped[int] = _pk()
    withdrawal_id: Mapped[int] = mapped_column(ForeignKey("withdrawals.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    yes: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = _now()


class PayoutRatification(Base):
    """The members' vote on one large merry-go-round payout; its B2C payment waits for `passed`."""

    __tablename__ = "payout_ratifications"
    id: Mapped[int] = _pk()
    payout_id: Mapped[int] = mapped_column(ForeignKey("payouts.id"), unique=True)
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))  # voting, passed, failed
    opened_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    eligible: Mapped[int] = mapped_column(Integer)
    quorum_bp: Mapped[int] = mapped_column(Integer)
    electorate_seq: Mapped[int | None] = mapped_column(Integer)  # last join_seq that may vote


class PayoutVote(Base):
    __tablename__ = "payout_votes"
    __table_args__ = (UniqueConstraint("ratification_id", "member_id", name="uq_payout_votes_member"),)
    id: Mapped[int] = _pk()
    ratification_id: Mapped[int] = mapped_column(ForeignKey("payout_ratifications.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    yes: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = _now()


class Subscription(Base):
    __tablename__ = "subscriptions"
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), primary_key=True)
    plan: Mapped[str] = mapped_column(String(10), default="free")
    paid_until: Mapped[date | None] = mapped_column(Date)
    trial_ends: Mapped[date | None] = mapped_column(Date)
    renewal_requested_on: Mapped[date | None] = mapped_column(Date)


class SubscriptionPayment(Base):
    __tablename__ = "subscription_payments"
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    plan: Mapped[str] = mapped_column(String(10))
    months: Mapped[int] = mapped_column(Integer)
    amount_cents: Mapped[int] = mapped_column(Cents)
    reference: Mapped[str] = mapped_column(String(80), unique=True)
    paid_on: Mapped[date] = mapped_column(Date)


class RotationGuarantor(Base):
    """Who answers for a merry-go-round member if they default after receiving the pot."""

    __tablename__ = "rotation_guarantors"
    __table_args__ = (UniqueConstraint("chama_id", "member_id", name="uq_rotation_guarantors_member"),)
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    guarantor_id: Mapped[int] = mapped_column(ForeignKey("members.id"))


class DefaultFlag(Base):
    __tablename__ = "default_flags"
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    flagged_on: Mapped[date] = mapped_column(Date)
    late_cents: Mapped[int] = mapped_column(Cents)
    fines_cents: Mapped[int] = mapped_column(Cents)
    cleared_on: Mapped[date | None] = mapped_column(Date)
