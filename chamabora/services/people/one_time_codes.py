"""One-time codes texted to a member's phone to prove they hold it: before
an app registers for push (`push`) and to log in on the web (`web`).

Only a salted hash of a code is kept. A new code spends the member's earlier
unused ones of the same purpose; a code takes a limited number of guesses,
and a new one is sent at most once a minute per member and purpose.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, insert, select, update

from chamabora.i18n.catalogs import translate
from chamabora.core.errors import ChamaError
from chamabora.db.rule_tables import PushCode
from chamabora.outbox.store import Channel, Purpose, enqueue

codes = PushCode.__table__
CODE_DIGITS = 6
RESEND_AFTER = timedelta(seconds=60)
MAX_ATTEMPTS = 5


class CodeRefused(ChamaError):
    """`reason`: too_soon (with retry_after), no_code, expired, wrong_code (with attempts_left), too_many_attempts."""

    code = "code_refused"


def wait_seconds(conn: Connection, member_id: int, purpose: str, now: datetime) -> int:
    """Seconds before a new code may be sent to this member for this purpose (0: now)."""
    latest = _latest(conn, member_id, purpose, lock=False)
    if latest is None or now - _aware(latest.created_at) >= RESEND_AFTER:
        return 0
    return int((RESEND_AFTER - (now - _aware(latest.created_at))).total_seconds()) + 1


def issue(conn: Connection, member_id: int, purpose: str, now: datetime, lifetime: timedelta) -> str:
    """A fresh code for this member and purpose, stored as a hash; the caller texts it."""
    latest = _latest(conn, member_id, purpose)
    if latest is not None and now - _aware(latest.created_at) < RESEND_AFTER:
        wait = RESEND_AFTER - (now - _aware(latest.created_at))
        raise CodeRefused("a code was sent less than a minute ago", reason="too_soon",
                          retry_after=int(wait.total_seconds()) + 1)
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    conn.execute(update(codes).where(codes.c.member_id == member_id, codes.c.purpose == purpose,
                                     codes.c.used_at.is_(None)).values(used_at=now))
    conn.execute(insert(codes), {"member_id": member_id, "purpose": purpose, "code_hash": _hash(code),
                                 "attempts": 0, "expires_at": now + lifetime, "created_at": now})
    return code


def text_code(conn: Connection, member_id: int, phone: str, language: str, purpose: str, now: datetime,
              lifetime: timedelta, template: str) -> None:
    """Issue a code and text it (through the outbox, as every SMS): `template` names it %(code)s."""
    code = issue(conn, member_id, purpose, now, lifetime)
    enqueue(conn, Channel.SMS, phone, translate(language, template, code=code), purpose=Purpose.REPLY,
            member_id=member_id)


def spend(conn: Connection, member_id: int, purpose: str, code: object, now: datetime) -> None:
    """Check the member's latest code of this purpose and spend it; CodeRefused when it does not prove the phone.

    A wrong guess is counted in the same transaction as the refusal: the caller must commit it."""
    latest = _latest(conn, member_id, purpose)
    if latest is None or latest.used_at is not None:
        raise CodeRefused("ask for a code first", reason="no_code")
    if now > _aware(latest.expires_at):
        raise CodeRefused("the code has expired", reason="expired")
    if latest.attempts >= MAX_ATTEMPTS:
        raise CodeRefused("too many wrong codes; ask for a new one", reason="too_many_attempts")
    if not isinstance(code, str) or not hmac.compare_digest(_hash(code.strip(), latest.code_hash), latest.code_hash):
        conn.execute(update(codes).where(codes.c.id == latest.id).values(attempts=codes.c.attempts + 1))
        raise CodeRefused("wrong code", reason="wrong_code", attempts_left=MAX_ATTEMPTS - latest.attempts - 1)
    conn.execute(update(codes).where(codes.c.id == latest.id).values(used_at=now))


def _latest(conn: Connection, member_id: int, purpose: str, lock: bool = True):  # type: ignore[no-untyped-def]
    query = select(codes).where(codes.c.member_id == member_id, codes.c.purpose == purpose) \
        .order_by(codes.c.id.desc()).limit(1)
    return conn.execute(query.with_for_update() if lock else query).first()


def _hash(code: str, stored: str | None = None) -> str:
    salt = bytes.fromhex(stored.split("$")[0]) if stored else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", code.encode(), salt, 50_000)
    return f"{salt.hex()}${digest.hex()}"


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
