"""Sending what the claims flow says: a notice to the member, and the SMS
that asks every treasurer and the chair to decide a held claim (the words
are in i18n/members.py and i18n/officers.py, Swahili in fraud.po)."""
from __future__ import annotations

from sqlalchemy import Connection, select

from chamabora.i18n.gsm7 import gsm7_length
from chamabora.i18n.catalogs import translate
from chamabora.i18n.officers import CLAIM_ASK_DECISION
from chamabora.core.chama import MONEY_ROLES
from chamabora.core.money import Money
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.labels import label
from chamabora.services.records import members, memberships
from chamabora.services.notices.notify import notify
from chamabora.fraud.explain import UNKNOWN, phrases

SEGMENT = 160


def language_of(conn: Connection, member_id: int) -> tuple[str, str]:
    row = conn.execute(select(members.c.phone, members.c.language).where(members.c.id == member_id)).one()
    return row.phone, row.language or "en"


def tell_member(conn: Connection, chama_id: int, member_id: int, msgid: str, key: str, **values: object) -> None:
    phone, language = language_of(conn, member_id)
    enqueue(conn, Channel.SMS, phone, translate(language, msgid, **values), purpose=Purpose.NOTICE,
            member_id=member_id, chama_id=chama_id, dedupe_key=key)


def deciders(conn: Connection, chama_id: int) -> list[tuple[int, str, str]]:
    """(member id, phone, language) of every treasurer and the chair."""
    rows = conn.execute(select(members.c.id, members.c.phone, members.c.language)
                        .join(memberships, memberships.c.member_id == members.c.id)
                        .where(memberships.c.chama_id == chama_id, memberships.c.status == "active",
                               memberships.c.role.in_([r.value for r in MONEY_ROLES]))
                        .order_by(memberships.c.join_seq))
    return [(r.id, r.phone, r.language or "en") for r in rows]


def ask_text(language: str, chama: str, code: str, member: str, amount: Money | None, said: list[str]) -> str:
    """The treasurer's question in plain words: what looks wrong, no score; the reasons that fit one SMS."""
    said = said or [translate(language, UNKNOWN)]
    values = dict(code=code, chama=label(chama), amount=amount if amount is not None else "?")
    first = member.split()[0] if member.split() else member
    for name in (label(member), label(first)):  # the full name when it fits, else the first name
        for count in range(len(said), 0, -1):
            body = translate(language, CLAIM_ASK_DECISION, member=name, reasons="; ".join(said[:count]), **values)
            if gsm7_length(body) <= SEGMENT:
                return body
    return body


def ask_deciders(conn: Connection, chama_id: int, chama: str, code: str, member: str, amount: Money | None,
                 score: float, reasons: list[str]) -> int:
    """One SMS per treasurer and chair; returns how many were asked."""
    asked = 0
    for member_id, phone, language in deciders(conn, chama_id):
        body = ask_text(language, chama, code, member, amount, phrases(reasons, language))
        notify(conn, member_id, body, chama_id, dedupe_key=f"fraud:{code}:ask:{member_id}")
        asked += 1
    return asked
