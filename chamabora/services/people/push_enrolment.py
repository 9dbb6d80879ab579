"""Enrolling an app for push: the app names the member's phone, we text a
one-time code to that phone (through the outbox, as any SMS), and the app
sends the code back with its Firebase installation id (FID). Only then is
the FID kept (`member_channels.push_id`), so nobody can route someone
else's notices to their own app. Until a member has one, notices reach them
by SMS or WhatsApp as before (services/notices/notify.py).

A code lives ten minutes; how codes are kept and guessed is
`services/people/one_time_codes.py`, shared with the web login.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from chamabora.i18n.catalogs import _
from chamabora.core.errors import ChamaError
from chamabora.core.phone import normalize_phone
from chamabora.services.people import one_time_codes
from chamabora.services.records import members
from chamabora.services.notices.notify import forget_push_id, register_push_id

PURPOSE = "push"
LIFETIME = timedelta(minutes=10)
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
    try:
        one_time_codes.text_code(conn, member.id, member.phone, member.language, PURPOSE, now, LIFETIME, CODE_SMS)
    except one_time_codes.CodeRefused as refused:
        raise EnrolmentRefused(str(refused), **refused.details) from refused
    return int(LIFETIME.total_seconds())


def confirm(conn: Connection, phone: str, code: str, fid: str, now: datetime) -> Registered:
    """Check the code; on success keep the FID as the member's push id and spend the code."""
    if not isinstance(fid, str) or not fid.strip() or len(fid) > MAX_FID:
        raise EnrolmentRefused("an installation id is 1 to 300 characters", reason="bad_fid")
    member = _member(conn, phone)
    try:
        one_time_codes.spend(conn, member.id, PURPOSE, code, now)
    except one_time_codes.CodeRefused as refused:
        raise EnrolmentRefused(str(refused), **refused.details) from refused
    register_push_id(conn, member.id, fid.strip())
    return Registered(member.id, fid.strip())


def forget(conn: Connection, phone: str, fid: str) -> bool:
    """The app signs out: its FID stops receiving notices (only the FID itself proves it)."""
    member = _member(conn, phone)
    return forget_push_id(conn, member.id, fid)


def _member(conn: Connection, phone: str):  # type: ignore[no-untyped-def]
    try:
        e164 = normalize_phone(phone)
    except ChamaError as bad:
        raise EnrolmentRefused("not a phone number", reason="unknown_member") from bad
    row = conn.execute(select(members.c.id, members.c.phone, members.c.language).where(members.c.phone == e164)).first()
    if row is None:
        raise EnrolmentRefused("no member has this phone", reason="unknown_member")
    return row
