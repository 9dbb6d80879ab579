"""USSD records: side effects done per hop (so a replayed hop never repeats
one) and the end-of-session notices Africa's Talking sends, kept for support."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chamabora.db.tables import Base, Id, _now


class UssdAction(Base):
    __tablename__ = "ussd_actions"
    __table_args__ = (UniqueConstraint("session_id", "hop_key", name="uq_ussd_actions_hop"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(100))
    hop_key: Mapped[str] = mapped_column(String(32))
    reply: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = _now()


class UssdSessionEvent(Base):
    __tablename__ = "ussd_session_events"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(String(100), index=True)
    phone: Mapped[str] = mapped_column(String(20))
    service_code: Mapped[str] = mapped_column(String(40), default="")
    network_code: Mapped[str] = mapped_column(String(10), default="")
    status: Mapped[str] = mapped_column(String(20), default="")
    cost: Mapped[str] = mapped_column(String(20), default="")
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    hops: Mapped[int | None] = mapped_column(Integer)
    input: Mapped[str] = mapped_column(Text, default="")           # PIN inputs redacted
    last_response: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = _now()
