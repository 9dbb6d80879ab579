"""Who is speaking from a phone: the member behind the number, their
language, and the chamas they are active in (with their role in each).

Nearly every turn (every USSD screen) asks this first, so the speaker and
their chamas come back in one round trip. A member's own settings (language,
notices on or off) are written here too: they are what the next turn reads.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select, update

from chamabora.services.records import chamas, members, memberships


@dataclass(frozen=True, slots=True)
class Speaker:
    id: int
    name: str
    phone: str
    language: str
    opted_out: bool


@dataclass(frozen=True, slots=True)
class ChamaChoice:
    id: int
    code: str
    name: str
    role: str


def load_speaker(conn: Connection, phone: str) -> Speaker | None:
    row = conn.execute(select(members.c.id, members.c.name, members.c.phone, members.c.language,
                              members.c.opted_out).where(members.c.phone == phone)).first()
    return Speaker(*row) if row else None


def member_chamas(conn: Connection, member_id: int) -> list[ChamaChoice]:
    """The chamas a member is active in, in the order they joined them."""
    rows = conn.execute(
        select(chamas.c.id, chamas.c.join_code, chamas.c.name, memberships.c.role)
        .join(memberships, memberships.c.chama_id == chamas.c.id)
        .where(memberships.c.member_id == member_id, memberships.c.status == "active")
        .order_by(memberships.c.joined_at, chamas.c.id))
    return [ChamaChoice(*row) for row in rows]


# Built once: nearly every turn (every USSD screen) runs it, and building the
# statement cost as much as executing it.
SPEAKER_AND_CHAMAS = (
    select(members.c.id, members.c.name, members.c.phone, members.c.language, members.c.opted_out,
           chamas.c.id, chamas.c.join_code, chamas.c.name, memberships.c.role)
    .select_from(members)
    .outerjoin(memberships, (memberships.c.member_id == members.c.id) & (memberships.c.status == "active"))
    .outerjoin(chamas, chamas.c.id == memberships.c.chama_id)
    .where(members.c.phone == bindparam("phone"))
    .order_by(memberships.c.joined_at, chamas.c.id))


def load_speaker_and_chamas(conn: Connection, phone: str) -> tuple[Speaker | None, list[ChamaChoice]]:
    """The speaker and their active chamas in one round trip: nearly every turn asks for both."""
    rows = conn.execute(SPEAKER_AND_CHAMAS, {"phone": phone}).all()
    if not rows:
        return None, []
    member_id, name, e164, language, opted_out = rows[0][:5]
    speaker = Speaker(member_id, name, e164, language, bool(opted_out))
    return speaker, [ChamaChoice(*row[5:]) for row in rows if row[5] is not None]


def language_and_chamas(conn: Connection, phone: str) -> tuple[str, list[int]]:
    """The language of the phone's owner ("en" for a stranger) and the ids of their active chamas."""
    rows = conn.execute(select(members.c.language, memberships.c.chama_id).select_from(members).outerjoin(
        memberships, (memberships.c.member_id == members.c.id) & (memberships.c.status == "active"))
        .where(members.c.phone == phone)).all()
    return (rows[0].language if rows else "en"), [row.chama_id for row in rows if row.chama_id is not None]


def set_language(conn: Connection, member_id: int, language: str) -> None:
    conn.execute(update(members).where(members.c.id == member_id).values(language=language))


def set_notices(conn: Connection, member_id: int, on: bool) -> None:
    """A member's STOP (off) or START (on) for reminders and notices; replies to their own messages still go."""
    conn.execute(update(members).where(members.c.id == member_id).values(opted_out=not on))

