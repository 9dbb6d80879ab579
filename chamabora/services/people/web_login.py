"""Logging in on the web with the phone: a six-digit code by SMS (through the
outbox, like every message), five minutes and five guesses, and a notice by
SMS the first time a browser logs in as the member.

Nobody learns from the answer whether a phone belongs to a member: a phone
that does not gets no code, and the same "a code is on its way" page.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from chamabora.i18n.catalogs import translate
from chamabora.i18n.members import WEB_LOGIN_CODE, WEB_LOGIN_NEW_DEVICE
from chamabora.core.errors import ChamaError
from chamabora.core.phone import normalize_phone
from chamabora.core.schedule import NAIROBI
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.people import one_time_codes
from chamabora.services.people import web_sessions
from chamabora.services.records import members, record_audit

PURPOSE = "web"
LIFETIME = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class WebMember:
    id: int
    name: str
    phone: str
    language: str


class LoginRefused(ChamaError):
    """`reason`: not_a_phone, and those of one_time_codes.CodeRefused."""

    code = "login_refused"


def send_code(conn: Connection, phone: str, now: datetime) -> None:
    """Text a login code to this phone when a member has it; nothing otherwise (said the same way)."""
    found = _by_phone(conn, phone)
    if found is None:
        return
    try:
        one_time_codes.text_code(conn, found.id, found.phone, found.language, PURPOSE, now, LIFETIME, WEB_LOGIN_CODE)
    except one_time_codes.CodeRefused as refused:
        raise LoginRefused(str(refused), **refused.details) from refused


def wait_seconds(conn: Connection, phone: str, now: datetime) -> int:
    """Seconds before another code may be texted to this phone (0 for a phone no member has)."""
    found = _by_phone(conn, phone)
    return 0 if found is None else one_time_codes.wait_seconds(conn, found.id, PURPOSE, now)


def log_in(conn: Connection, phone: str, code: str, now: datetime, device: str, user_agent: str,
           days: int) -> tuple[WebMember, str]:
    """Spend the code and open a session: the member and the session's token. A wrong guess is
    counted even though this raises, so the caller commits the refusal."""
    found = _by_phone(conn, phone)
    if found is None:
        raise LoginRefused("no code was sent to this phone", reason="no_code")
    try:
        one_time_codes.spend(conn, found.id, PURPOSE, code, now)
    except one_time_codes.CodeRefused as refused:
        raise LoginRefused(str(refused), **refused.details) from refused
    token, new_device = web_sessions.start(conn, days, now, device, user_agent, member_id=found.id)
    record_audit(conn, "web.login", actor=found.id, new_device=new_device)
    if new_device:
        enqueue(conn, Channel.SMS, found.phone, translate(
            found.language, WEB_LOGIN_NEW_DEVICE, device=device_name(user_agent),
            time=f"{now.astimezone(NAIROBI):%H:%M %d/%m}"), purpose=Purpose.NOTICE, member_id=found.id)
    return found, token


def member(conn: Connection, member_id: int) -> WebMember | None:
    row = conn.execute(select(members.c.id, members.c.name, members.c.phone, members.c.language)
                       .where(members.c.id == member_id)).first()
    return WebMember(*row) if row is not None else None


def device_name(user_agent: str) -> str:
    """A browser as a member would name it, in words no language needs to translate: "Chrome, Android"."""
    ua = user_agent or ""
    browser = next((name for key, name in (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
                                          ("SamsungBrowser", "Samsung Internet"), ("Chrome/", "Chrome"),
                                          ("Safari/", "Safari")) if key in ua), "Web")
    system = next((name for key, name in (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
                                         ("Windows", "Windows"), ("Mac OS", "Mac"), ("CrOS", "Chromebook"),
                                         ("Linux", "Linux")) if key in ua), "")
    return f"{browser}, {system}" if system else browser


def _by_phone(conn: Connection, phone: str) -> WebMember | None:
    try:
        e164 = normalize_phone(phone)
    except ChamaError as bad:
        raise LoginRefused("not a phone number", reason="not_a_phone") from bad
    row = conn.execute(select(members.c.id, members.c.name, members.c.phone, members.c.language)
                       .where(members.c.phone == e164)).first()
    return WebMember(*row) if row is not None else None
