"""The schema, as SQLAlchemy 2 typed models.

Alembic's migrations build exactly this (a test compares them). Money columns
are BIGINT cents. Identifiers are BIGINT on PostgreSQL and INTEGER on SQLite,
where only INTEGER PRIMARY KEY autoincrements.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, Date, DateTime, ForeignKey, cast, func,
                        Index, Integer, MetaData, String, Text, UniqueConstraint, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

Id = BigInteger().with_variant(Integer(), "sqlite")
Cents = BigInteger

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _pk() -> Mapped[int]:
    return mapped_column(Id, primary_key=True, autoincrement=True)


def _now() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=text("CURRENT_TIMESTAMP"))


class Member(Base):
    __tablename__ = "members"
    id: Mapped[int] = _pk()
    phone: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(2), default="en")
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)
    pin_locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = _now()


class Chama(Base):
    __tablename__ = "chamas"
    __table_args__ = (
        CheckConstraint("contribution_cents > 0", name="contribution_positive"),
        CheckConstraint("grace_days >= 0", name="grace_not_negative"),
    )
    id: Mapped[int] = _pk()
    name: Mapped[str] = mapped_column(String(60))
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    contribution_cents: Mapped[int] = mapped_column(Cents)
    frequency: Mapped[str] = mapped_column(String(10))
    anchor_date: Mapped[date] = mapped_column(Date)
    grace_days: Mapped[int] = mapped_column(Integer, default=0)
    fine_flat_cents: Mapped[int] = mapped_column(Cents, default=0)
    fine_percent_bp: Mapped[int] = mapped_column(Integer, default=0)
    fine_per_day: Mapped[bool] = mapped_column(Boolean, default=False)
    fine_cap_cents: Mapped[int | None] = mapped_column(Cents)
    rotation_mode: Mapped[str] = mapped_column(String(12), default="join_order")
    rotation_seed: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = _now()


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("chama_id", "member_id"),
        UniqueConstraint("chama_id", "join_seq", name="uq_memberships_join_seq"),
    )
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="member")
    status: Mapped[str] = mapped_column(String(10), default="active")
    join_seq: Mapped[int] = mapped_column(Integer)
    joined_cycle: Mapped[int] = mapped_column(Integer)
    chair_position: Mapped[int | None] = mapped_column(Integer)
    joined_at: Mapped[datetime] = _now()


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("chama_id", "code", name="uq_accounts_chama_code"),)
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"))
    kind: Mapped[str] = mapped_column(String(24))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    code: Mapped[str] = mapped_column(String(48))


class JournalEntry(Base):
    __tablename__ = "journal_entries"
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    memo: Mapped[str] = mapped_column(String(200), default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"), unique=True)
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # PostgreSQL fills it (migration 0011): the top-level transaction that wrote the entry
    created_txid: Mapped[int | None] = mapped_column(BigInteger)


class Posting(Base):
    __tablename__ = "postings"
    __table_args__ = (CheckConstraint("amount_cents <> 0", name="not_zero"),)
    id: Mapped[int] = _pk()
    entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(Cents)


class Cycle(Base):
    __tablename__ = "cycles"
    __table_args__ = (UniqueConstraint("chama_id", "seq", name="uq_cycles_chama_seq"),)
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"))
    seq: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="open")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # the grace and fine in force when the cycle opened: a later rule change never fines it retroactively
    # (NULL for cycles opened before they were kept: the chama's rule applies)
    grace_days: Mapped[int | None] = mapped_column(Integer)
    fine_flat_cents: Mapped[int | None] = mapped_column(Cents)
    fine_percent_bp: Mapped[int | None] = mapped_column(Integer)
    fine_per_day: Mapped[bool | None] = mapped_column(Boolean)
    fine_cap_cents: Mapped[int | None] = mapped_column(Cents)


class Due(Base):
    """What each member owes per cycle: a projection of the ledger kept for allocation."""

    __tablename__ = "dues"
    __table_args__ = (
        CheckConstraint("paid_cents >= 0 AND paid_cents <= amount_cents", name="paid_within_amount"),
        Index("ix_dues_membership_open", "membership_id", "paid_cents", "amount_cents"),
    )
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"))
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"))
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    due_date: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Cents)
    paid_cents: Mapped[int] = mapped_column(Cents, default=0)
    key: Mapped[str] = mapped_column(String(80), unique=True)


class Payout(Base):
    __tablename__ = "payouts"
    __table_args__ = (
        # everyone receives exactly once per round
        UniqueConstraint("chama_id", "round_no", "membership_id", name="uq_payouts_once_per_round"),
    )
    id: Mapped[int] = _pk()
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"), unique=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("memberships.id"))
    round_no: Mapped[int] = mapped_column(Integer)
    gross_cents: Mapped[int] = mapped_column(Cents)
    netted_dues_cents: Mapped[int] = mapped_column(Cents)
    netted_fines_cents: Mapped[int] = mapped_column(Cents)
    net_cents: Mapped[int] = mapped_column(Cents)
    status: Mapped[str] = mapped_column(String(10), default="payable")
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_at: Mapped[datetime] = _now()


class AuditEvent(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = _pk()
    at: Mapped[datetime] = _now()
    chama_id: Mapped[int | None] = mapped_column(ForeignKey("chamas.id"), index=True)
    actor_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="{}")


def sum_cents(column):  # type: ignore[no-untyped-def]
    """SUM of a cents column as an integer: PostgreSQL widens SUM(bigint) to numeric."""
    return cast(func.coalesce(func.sum(column), 0), BigInteger)
