"""How to reach a member: the channel and provider they wrote on last (the
default for notices), and the app's push id when they use the app."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db.tables import Base


class MemberChannel(Base):
    __tablename__ = "member_channels"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))          # sms, whatsapp
    provider: Mapped[str] = mapped_column(String(20))
    push_id: Mapped[str | None] = mapped_column(String(300))  # Firebase installation id (FID)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
