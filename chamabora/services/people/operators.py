"""The people who run the service (`/admin`): accounts made from the command
line only, passwords kept as argon2 hashes, five wrong passwords in a row
lock the account for a while, and a disabled account never logs in again.

A name that does not exist costs the same hashing work as a wrong password
and gets the same answer, so the login page does not tell who has an account.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from chamabora.core.errors import ChamaError, InvalidInput
from chamabora.db.web_tables import Operator
from chamabora.services.people import web_sessions
from chamabora.services.records import record_audit

operators = Operator.__table__
MIN_PASSWORD = 12
MAX_PASSWORD = 200   # argon2 takes anything; a megabyte "password" is an attack, not a person
MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
_hasher = PasswordHasher()
# verified against when the name is unknown, so that answer takes as long as a wrong password
_DECOY = _hasher.hash("not-a-password-anyone-has")


class OperatorRefused(ChamaError):
    code = "operator_refused"


class Outcome(enum.StrEnum):
    OK = "ok"
    WRONG = "wrong"            # wrong name or password (never said which)
    NOW_LOCKED = "now_locked"  # this wrong password was the last one allowed
    LOCKED = "locked"          # locked before this try; the password was not even checked


@dataclass(frozen=True, slots=True)
class Attempt:
    outcome: Outcome
    operator_id: int | None = None
    left: int = 0                       # wrong passwords still allowed before the lock
    locked_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class OperatorRow:
    id: int
    username: str
    failures: int
    locked_until: datetime | None
    disabled_at: datetime | None
    created_at: datetime


def clean_name(username: str) -> str:
    name = (username or "").strip().lower()
    if not 2 <= len(name) <= 60 or not set(name) <= NAME_CHARS:
        raise InvalidInput("an operator name is 2 to 60 letters, digits, dots, dashes or underscores")
    return name


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"a password has at most {MAX_PASSWORD} characters")


def add(conn: Connection, username: str, password: str) -> int:
    name = clean_name(username)
    check_new_password(password)
    if conn.execute(select(operators.c.id).where(operators.c.username == name)).first() is not None:
        raise OperatorRefused("an operator with that name exists already", username=name)
    operator_id = int(conn.execute(insert(operators).returning(operators.c.id),
                                   {"username": name, "password_hash": _hasher.hash(password),
                                    "failures": 0}).scalar_one())
    record_audit(conn, "operator.added", operator_id=operator_id, username=name)
    return operator_id


def disable(conn: Connection, username: str, now: datetime) -> int:
    """Disable the account and end every session it has open; how many sessions were ended."""
    name = clean_name(username)
    row = conn.execute(select(operators.c.id, operators.c.disabled_at).where(operators.c.username == name)).first()
    if row is None:
        raise OperatorRefused("no operator with that name", username=name)
    if row.disabled_at is None:
        conn.execute(update(operators).where(operators.c.id == row.id).values(disabled_at=now))
        record_audit(conn, "operator.disabled", operator_id=row.id, username=name)
    return web_sessions.end_all(conn, now, operator_id=row.id)


def listing(conn: Connection) -> list[OperatorRow]:
    return [OperatorRow(r.id, r.username, r.failures, _aware(r.locked_until), _aware(r.disabled_at),
                        _aware(r.created_at))
            for r in conn.execute(select(operators).order_by(operators.c.username))]


def active_name(conn: Connection, operator_id: int) -> str | None:
    """The operator's name while the account may be used; None once disabled (or never there)."""
    row = conn.execute(select(operators.c.username, operators.c.disabled_at)
                       .where(operators.c.id == operator_id)).first()
    return row.username if row is not None and row.disabled_at is None else None


def check_password(conn: Connection, username: str, password: str, now: datetime) -> Attempt:
    """A login try. A wrong one is counted (the caller commits it even though nobody logs in)."""
    try:
        name = clean_name(username)
    except InvalidInput:
        name = ""
    row = conn.execute(select(operators).where(operators.c.username == name)
                       .with_for_update()).first() if name else None
    if row is None or row.disabled_at is not None:
        _verify(_DECOY, password)
        return Attempt(Outcome.WRONG, left=MAX_FAILURES)
    locked = _aware(row.locked_until)
    if locked is not None and locked > now:
        return Attempt(Outcome.LOCKED, row.id, locked_until=locked)
    failures = 0 if locked is not None else row.failures   # a lock that has run out starts the count again
    if _verify(row.password_hash, password[:MAX_PASSWORD]):
        conn.execute(update(operators).where(operators.c.id == row.id).values(failures=0, locked_until=None))
        return Attempt(Outcome.OK, row.id)
    failures += 1
    if failures >= MAX_FAILURES:
        until = now + LOCK_FOR
        conn.execute(update(operators).where(operators.c.id == row.id).values(failures=failures,
                                                                             locked_until=until))
        record_audit(conn, "operator.locked", operator_id=row.id, username=row.username)
        return Attempt(Outcome.NOW_LOCKED, row.id, locked_until=until)
    conn.execute(update(operators).where(operators.c.id == row.id).values(failures=failures, locked_until=None))
    return Attempt(Outcome.WRONG, row.id, left=MAX_FAILURES - failures)


def log_in(conn: Connection, username: str, password: str, now: datetime, device: str, user_agent: str,
           hours: int) -> tuple[Attempt, str | None]:
    """A login try, and the new session's token when it succeeds."""
    attempt = check_password(conn, username, password, now)
    if attempt.outcome is not Outcome.OK or attempt.operator_id is None:
        return attempt, None
    # a shorter life than a member's (hours, not days): the row's expiry is what `find` checks
    token, _new = web_sessions.start(conn, hours / 24, now, device, user_agent,  # type: ignore[arg-type]
                                     operator_id=attempt.operator_id)
    record_audit(conn, "operator.login", operator_id=attempt.operator_id, username=clean_name(username))
    return attempt, token


def log_out(conn: Connection, session_id: int, operator_id: int, now: datetime) -> None:
    web_sessions.end(conn, session_id, now)
    record_audit(conn, "operator.logout", operator_id=operator_id)


def _verify(hashed: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(hashed, password))
    except (VerificationError, InvalidHashError):
        return False


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
