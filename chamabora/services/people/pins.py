"""PINs for money actions on USSD: checked against the stored hash; three
wrong in a row lock money actions for 30 minutes, on every channel (the
conversation's PIN-lock gate refuses SMS and WhatsApp money commands too),
and the member is told by SMS when the lock ends, so someone holding a
borrowed phone cannot keep guessing."""
from __future__ import annotations

import enum
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, select, update

from chamabora.core.member import PIN_ATTEMPTS, hash_pin, verify_pin
from chamabora.core.schedule import NAIROBI
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.records import members, record_audit

LOCK_FOR = timedelta(minutes=30)


class PinCheck(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"      # locked before this try
    NOW_LOCKED = "now_locked"
    NOT_SET = "not_set"


def locked_until(conn: Connection, member_id: int, now: datetime) -> datetime | None:
    """When the member's lock on money actions ends, if they are locked at `now`: it holds on every
    channel, since a borrowed phone can send an SMS as easily as dial."""
    until = conn.execute(select(members.c.pin_locked_until).where(members.c.id == member_id)).scalar()
    return _aware(until) if until is not None and _aware(until) > now.astimezone(timezone.utc) else None


def is_locked(conn: Connection, member_id: int, now: datetime) -> bool:
    return locked_until(conn, member_id, now) is not None


def lock_ends(until: datetime, now: datetime) -> str:
    """The end of a lock as a member reads it: Nairobi clock time, with the date when it is not today."""
    local, today = until.astimezone(NAIROBI), now.astimezone(NAIROBI).date()
    return f"{local:%H:%M}" if local.date() == today else f"{local:%H:%M} {local:%d/%m}"


def check_pin(conn: Connection, member_id: int, pin: str, now: datetime, lock_notice: str) -> PinCheck:
    now = now.astimezone(timezone.utc)
    row = conn.execute(select(members.c.pin_hash, members.c.pin_failures, members.c.pin_locked_until,
                              members.c.phone).where(members.c.id == member_id).with_for_update()).one()
    if row.pin_locked_until is not None and _aware(row.pin_locked_until) > now:
        return PinCheck.LOCKED
    if row.pin_hash is None:
        return PinCheck.NOT_SET
    if verify_pin(pin, row.pin_hash):
        if row.pin_failures:
            conn.execute(update(members).where(members.c.id == member_id).values(pin_failures=0))
        return PinCheck.OK
    failures = row.pin_failures + 1
    if failures < PIN_ATTEMPTS:
        conn.execute(update(members).where(members.c.id == member_id).values(pin_failures=failures))
        return PinCheck.WRONG
    conn.execute(update(members).where(members.c.id == member_id)
                 .values(pin_failures=0, pin_locked_until=now + LOCK_FOR))
    enqueue(conn, Channel.SMS, row.phone, lock_notice, purpose=Purpose.NOTICE, member_id=member_id)
    record_audit(conn, "pin.locked", actor=member_id, until=(now + LOCK_FOR).isoformat())
    return PinCheck.NOW_LOCKED


def has_pin(conn: Connection, member_id: int) -> bool:
    return conn.execute(select(members.c.pin_hash).where(members.c.id == member_id)).scalar() is not None


def set_pin(conn: Connection, member_id: int, pin_hash: str) -> None:
    conn.execute(update(members).where(members.c.id == member_id)
                 .values(pin_hash=pin_hash, pin_failures=0, pin_locked_until=None))
    record_audit(conn, "pin.set", actor=member_id)


def new_pin_hash(pin: str) -> str:
    return hash_pin(pin)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
