"""How to reach a member: the channel and provider they wrote on last (the
default for notices), and the app's push id when they use the app; and the
inbound messages waiting for a worker to answer them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chamabora.db.tables import Base, Id, _now


class MemberChannel(Base):
    __tablename__ = "member_channels"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))          # sms, whatsapp
    provider: Mapped[str] = mapped_column(String(20))
    push_id: Mapped[str | None] = mapped_column(String(300))  # Firebase installation id (FID)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class QueuedInbound(Base):
    """An SMS or WhatsApp message acknowledged at once and answered by a worker
    (providers that take the reply through their send API, when RQ runs)."""

    __tablename__ = "inbound_queue"
    __table_args__ = (UniqueConstraint("provider", "provider_message_id", name="uq_inbound_queue_provider_id"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(10))
    provider: Mapped[str] = mapped_column(String(20))
    provider_message_id: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    media: Mapped[str] = mapped_column(Text, default="[]")
    profile_name: Mapped[str | None] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10), default="queued")   # queued, answered
    created_at: Mapped[datetime] = _now()
