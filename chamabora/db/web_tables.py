"""Tables of the web channel: browser sessions (members and operators) and
the operators who use `/admin`.

A session is kept server-side so that "log out everywhere" really ends every
browser at once; the cookie holds a random token and only its SHA-256 is
stored. A member's device is a long-lived random cookie, also kept as a hash,
so the first login from a new browser can be told to the member by SMS.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from chamabora.db.tables import Base, Id, _now


class Operator(Base):
    """Someone who runs the service (`/admin`); created from the CLI, never from the web."""

    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))   # argon2
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()


class WebSession(Base):
    """One logged-in browser: a member's (member_id) or an operator's (operator_id), never both."""

    __tablename__ = "web_sessions"
    __table_args__ = (CheckConstraint("(member_id IS NULL) <> (operator_id IS NULL)", name="one_owner"),)
    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"), index=True)
    device_hash: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = _now()
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
