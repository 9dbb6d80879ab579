"""Browser sessions, kept server-side by the hash of a random token.

A session lasts a number of days at most and ends sooner when idle (the web's
settings say how many); "log out everywhere" revokes every one of theirs at once. The device
cookie is only ever compared as a hash, to tell a member when a browser they
have never used before logs in as them.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, exists, insert, select, update

from chamabora.db.web_tables import WebSession

web_sessions = WebSession.__table__
TOUCH_EVERY = timedelta(minutes=5)   # last_seen_at is written at most this often per session


@dataclass(frozen=True, slots=True)
class Owner:
    session_id: int
    member_id: int | None
    operator_id: int | None


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def start(conn: Connection, days: int, now: datetime, device: str, user_agent: str,
          member_id: int | None = None, operator_id: int | None = None) -> tuple[str, bool]:
    """A new session's token, and whether this device is new to its owner."""
    device_hash = digest(device)
    owner = (web_sessions.c.member_id == member_id) if member_id is not None \
        else (web_sessions.c.operator_id == operator_id)
    known = conn.execute(select(exists().where(owner, web_sessions.c.device_hash == device_hash))).scalar()
    token = new_token()
    conn.execute(insert(web_sessions), {
        "token_hash": digest(token), "member_id": member_id, "operator_id": operator_id,
        "device_hash": device_hash, "user_agent": user_agent[:200], "created_at": now, "last_seen_at": now,
        "expires_at": now + timedelta(days=days)})
    return token, not known


def find(conn: Connection, idle_days: int, token: str | None, now: datetime) -> Owner | None:
    if not token or len(token) > 100:
        return None
    row = conn.execute(select(web_sessions.c.id, web_sessions.c.member_id, web_sessions.c.operator_id,
                              web_sessions.c.last_seen_at, web_sessions.c.expires_at)
                       .where(web_sessions.c.token_hash == digest(token), web_sessions.c.revoked_at.is_(None))).first()
    if row is None or _aware(row.expires_at) <= now or _aware(row.last_seen_at) + timedelta(days=idle_days) <= now:
        return None
    if now - _aware(row.last_seen_at) >= TOUCH_EVERY:
        conn.execute(update(web_sessions).where(web_sessions.c.id == row.id).values(last_seen_at=now))
    return Owner(row.id, row.member_id, row.operator_id)


def end(conn: Connection, session_id: int, now: datetime) -> None:
    conn.execute(update(web_sessions).where(web_sessions.c.id == session_id, web_sessions.c.revoked_at.is_(None))
                 .values(revoked_at=now))


def end_all(conn: Connection, now: datetime, member_id: int | None = None, operator_id: int | None = None) -> int:
    """Every open session of a member (or an operator); how many were ended."""
    owner = (web_sessions.c.member_id == member_id) if member_id is not None \
        else (web_sessions.c.operator_id == operator_id)
    return int(conn.execute(update(web_sessions).where(owner, web_sessions.c.revoked_at.is_(None))
                            .values(revoked_at=now)).rowcount)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
