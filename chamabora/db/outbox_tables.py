"""The outbox table, and the delivery reports that came before their row
was marked sent."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chamabora.db.tables import Base, Id, _now


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_created", "status", "created_at"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = _now()
    channel: Mapped[str] = mapped_column(String(12))        # sms, whatsapp, push, email, stk_push, b2c
    purpose: Mapped[str] = mapped_column(String(16))        # reply, notice, receipt, reminder, money
    recipient: Mapped[str] = mapped_column(String(200))     # E.164 phone, push token, email address
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    chama_id: Mapped[int | None] = mapped_column(ForeignKey("chamas.id"))
    body: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[str] = mapped_column(Text, default="{}")  # JSON: channel-specific extras
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # the last attempt began
    provider: Mapped[str | None] = mapped_column(String(20))
    provider_message_id: Mapped[str | None] = mapped_column(String(100), index=True)
    last_error: Mapped[str | None] = mapped_column(String(300))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WaitingDeliveryReport(Base):
    """A final delivery report for a provider message id no row carries yet: the
    provider answered faster than the worker recorded 'sent'. Applied (and
    deleted) when the row gets that id; see outbox/reports.py."""

    __tablename__ = "delivery_reports_waiting"
    __table_args__ = (UniqueConstraint("provider", "provider_message_id", name="uq_delivery_reports_waiting_id"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    provider: Mapped[str] = mapped_column(String(20))
    provider_message_id: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12))          # delivered or failed
    reason: Mapped[str | None] = mapped_column(String(300))
    received_at: Mapped[datetime] = _now()
