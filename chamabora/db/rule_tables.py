"""Tables for rule changes waiting for their cycle, share-outs and their
lines, and the codes that prove a phone before an app registers for push."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chamabora.db.tables import Base, Id, _now

Cents = BigInteger


class RuleChange(Base):
    """A rule change as the officer sent it; applied when cycle `effective_seq` opens (or its pot is awarded)."""

    __tablename__ = "rule_changes"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    actor_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    effective_seq: Mapped[int] = mapped_column(Integer)
    changes: Mapped[str] = mapped_column(Text)           # JSON: setting name -> value (phones for an order)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending, applied, replaced
    created_at: Mapped[datetime] = _now()
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ShareOutRun(Base):
    """One share-out: proposed by an officer, approved by another, then paid member by member by B2C."""

    __tablename__ = "shareouts"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    chama_id: Mapped[int] = mapped_column(ForeignKey("chamas.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    pool_cents: Mapped[int] = mapped_column(Cents)        # what the chama earned, shared by savings-time
    total_cents: Mapped[int] = mapped_column(Cents)       # savings and shares paid out
    status: Mapped[str] = mapped_column(String(10))       # proposed, approved, rejected
    proposed_by: Mapped[int] = mapped_column(ForeignKey("members.id"))
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id"))
    created_at: Mapped[datetime] = _now()


class ShareOutLine(Base):
    __tablename__ = "shareout_lines"
    __table_args__ = (UniqueConstraint("shareout_id", "member_id", name="uq_shareout_lines_member"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    shareout_id: Mapped[int] = mapped_column(ForeignKey("shareouts.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    savings_cents: Mapped[int] = mapped_column(Cents)     # free savings paid back
    share_cents: Mapped[int] = mapped_column(Cents)       # the member's part of the pool
    paid_cents: Mapped[int] = mapped_column(Cents)        # whole shillings sent by M-Pesa
    withdrawal_id: Mapped[int | None] = mapped_column(ForeignKey("withdrawals.id"))


class PushCode(Base):
    """A one-time code sent by SMS to prove a phone (before an app registers a push id, or to log in on the web);
    only its hash is kept. The table keeps the name it had when push was its only use."""

    __tablename__ = "push_codes"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(10), server_default="push")  # push (an app), web (a browser login)
    code_hash: Mapped[str] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()
