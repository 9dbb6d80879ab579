"""Email to a chama's chair and treasurer, for those who gave an address:
the outbox row carries the subject and any attachments in its payload, and
the email sender (`email.py`) turns it into a MIME message."""
from __future__ import annotations

import base64
from dataclasses import dataclass

from sqlalchemy import Connection, select

from chamabora.core.chama import MONEY_ROLES
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.records import members, memberships
from chamabora.db.notify_tables import MemberPreference

preferences = MemberPreference.__table__


@dataclass(frozen=True, slots=True)
class Officer:
    member_id: int
    name: str
    email: str
    language: str


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes

    def as_payload(self) -> dict[str, str]:
        return {"filename": self.filename, "content_type": self.content_type,
                "content_b64": base64.b64encode(self.content).decode("ascii")}


def officers_with_email(conn: Connection, chama_ids: list[int]) -> dict[int, list[Officer]]:
    """{chama id: its chair and treasurers who gave an email address}."""
    found: dict[int, list[Officer]] = {}
    for row in conn.execute(
            select(memberships.c.chama_id, members.c.id, members.c.name, preferences.c.email, members.c.language)
            .join(members, members.c.id == memberships.c.member_id)
            .join(preferences, preferences.c.member_id == members.c.id)
            .where(memberships.c.chama_id.in_(chama_ids), memberships.c.status == "active",
                   memberships.c.role.in_([r.value for r in MONEY_ROLES]), preferences.c.email.is_not(None))
            .order_by(memberships.c.chama_id, memberships.c.join_seq)):
        found.setdefault(row.chama_id, []).append(Officer(row.id, row.name, row.email, row.language or "en"))
    return found


def email(conn: Connection, officer: Officer, chama_id: int, subject: str, body: str, dedupe_key: str,
          attachments: tuple[Attachment, ...] = (), purpose: Purpose = Purpose.NOTICE) -> int | None:
    payload: dict[str, object] = {"subject": subject}
    if attachments:
        payload["attachments"] = [a.as_payload() for a in attachments]
    return enqueue(conn, Channel.EMAIL, officer.email, body, purpose=purpose, member_id=officer.member_id,
                   chama_id=chama_id, payload=payload, dedupe_key=dedupe_key)
