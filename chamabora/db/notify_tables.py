"""Notification preferences per member, and the marks that make scheduled
work idempotent per chama, kind and period (a cycle, a day, a month)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from chamabora.db.tables import Base, Id, _now


class MemberPreference(Base):
    __tablename__ = "member_preferences"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    night_reminders: Mapped[bool] = mapped_column(Boolean, default=False)  # reminders in quiet hours too
    email: Mapped[str | None] = mapped_column(String(254))  # chairs and treasurers: statements and alerts
    updated_at: Mapped[datetime] = _now()


class ScheduleMark(Base):
    """One row per piece of scheduled work done: (kind, chama, period) is done once."""

    __tablename__ = "schedule_marks"
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    chama_id: Mapped[int] = mapped_column(Id, ForeignKey("chamas.id"), primary_key=True)
    period: Mapped[str] = mapped_column(String(24), primary_key=True)
    done_at: Mapped[datetime] = _now()
