"""Enrolling an app for push: the app names the member's phone, we text a
one-time code to that phone (through the outbox, as any SMS), and the app
sends the code back with its Firebase installation id (FID). Only then is
the FID kept (`member_channels.push_id`), so nobody can route someone
else's notices to their own app. Until a member has one, notices reach them
by SMS or WhatsApp as before (sms/routing.py).

A code lives ten minutes, takes five guesses, and a new one is sent at most
once a minute per member; only a salted hash of it is stored.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, insert, select, update

from ..conversation.i18n import _, translate
from ..core.errors import ChamaError
from ..core.phone import normalize_phone
from ..db.rule_tables import PushCode
from ..outbox.store import Channel, Purpose, enqueue
from ..services.records import members
from ..sms.routing import member_channels, register_push_id

codes = PushCode.__table__
CODE_DIGITS = 6
LIFETIME = timedelta(minutes=10)
RESEND_AFTER = timedelta(seconds=60)
MAX_ATTEMPTS = 5
MAX_FID = 300
CODE_SMS = _("Your Chamabora app code is %(code)s. It expires in 10 minutes. Never share it: Chamabora never "
             "asks for it.")


class EnrolmentRefused(ChamaError):
    """`reason`: unknown_member, too_soon, no_code, expired, wrong_code, too_many_attempts, bad_fid."""

    code = "enrolment_refused"


@dataclass(frozen=True, slots=True)
class Registered:
    member_id: int
    fid: str


def send_code(conn: Connection, phone: str, now: datetime) -> int:
    """Text a fresh code to the member with this phone; seconds it stays valid."""
    member = _member(conn, phone)
    latest = _latest(conn, member.id)
    if latest is not None and now - _aware(latest.created_at) < RESEND_AFTER:
        raise EnrolmentRefused("a code was sent less than a minute ago", reason="too_soon",
                               retry_after=int((RESEND_AFTER - (now - _aware(latest.created_at))).total_seconds()) + 1)
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    conn.execute(update(codes).where(codes.c.member_id == member.id, codes.c.used_at.is_(None)).values(used_at=now))
    conn.execute(insert(codes), {"member_id": member.id, "code_hash": _hash(code), "attempts": 0,
                                 "expires_at": now + LIFETIME, "created_at": now})
    enqueue(conn, Channel.SMS, member.phone, translate(member.language, CODE_SMS, code=code), purpose=Purpose.REPLY,
            member_id=member.id)
    return int(LIFETIME.total_seconds())


def confirm(conn: Connection, phone: str, code: str, fid: str, now: datetime) -> Registered:
    """Check the code; on success keep the FID as the member's push id and spend the code."""
    if not isinstance(fid, str) or not fid.strip() or len(fid) > MAX_FID:
        raise EnrolmentRefused("an installation id is 1 to 300 characters", reason="bad_fid")
    member = _member(conn, phone)
    latest = _latest(conn, member.id)
    if latest is None or latest.used_at is not None:
        raise EnrolmentRefused("ask for a code first", reason="no_code")
    if now > _aware(latest.expires_at):
        raise EnrolmentRefused("the code has expired", reason="expired")
    if latest.attempts >= MAX_ATTEMPTS:
        raise EnrolmentRefused("too many wrong codes; ask for a new one", reason="too_many_attempts")
    if not isinstance(code, str) or not hmac.compare_digest(_hash(code.strip(), latest.code_hash), latest.code_hash):
        conn.execute(update(codes).where(codes.c.id == latest.id).values(attempts=codes.c.attempts + 1))
        raise EnrolmentRefused("wrong code", reason="wrong_code", attempts_left=MAX_ATTEMPTS - latest.attempts - 1)
    conn.execute(update(codes).where(codes.c.id == latest.id).values(used_at=now))
    register_push_id(conn, member.id, fid.strip())
    return Registered(member.id, fid.strip())


def forget(conn: Connection, phone: str, fid: str) -> bool:
    """The app signs out: its FID stops receiving notices (only the FID itself proves it)."""
    member = _member(conn, phone)
    return bool(conn.execute(update(member_channels).where(member_channels.c.member_id == member.id,
                                                           member_channels.c.push_id == fid)
                             .values(push_id=None, updated_at=datetime.now(timezone.utc))).rowcount)


def _member(conn: Connection, phone: str):  # type: ignore[no-untyped-def]
    try:
        e164 = normalize_phone(phone)
    except ChamaError as bad:
        raise EnrolmentRefused("not a phone number", reason="unknown_member") from bad
    row = conn.execute(select(members.c.id, members.c.phone, members.c.language).where(members.c.phone == e164)).first()
    if row is None:
        raise EnrolmentRefused("no member has this phone", reason="unknown_member")
    return row


def _latest(conn: Connection, member_id: int):  # type: ignore[no-untyped-def]
    return conn.execute(select(codes).where(codes.c.member_id == member_id)
                        .order_by(codes.c.id.desc()).limit(1).with_for_update()).first()


def _hash(code: str, stored: str | None = None) -> str:
    salt = bytes.fromhex(stored.split("$")[0]) if stored else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", code.encode(), salt, 50_000)
    return f"{salt.hex()}${digest.hex()}"


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
