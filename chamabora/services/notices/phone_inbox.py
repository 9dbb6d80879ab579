"""What has been sent to one phone, newest first, as its owner would see it
arrive: SMS and WhatsApp addressed to the number, and pushes to the app (or
browser) of the member who has it. Read by the local phone simulator."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, or_, select

from chamabora.db.outbox_tables import OutboxMessage
from chamabora.services.records import members

outbox = OutboxMessage.__table__
READ_BY_PEOPLE = ("sms", "whatsapp", "push")   # M-Pesa prompts and payouts are instructions, not messages


@dataclass(frozen=True, slots=True)
class Arrived:
    id: int
    channel: str
    body: str
    at: datetime


def messages_to(conn: Connection, phone: str, limit: int = 30) -> list[Arrived]:
    """`phone` is E.164; at most `limit` messages, the newest first."""
    owner = select(members.c.id).where(members.c.phone == phone).scalar_subquery()
    rows = conn.execute(
        select(outbox.c.id, outbox.c.channel, outbox.c.body, outbox.c.created_at)
        .where(outbox.c.channel.in_(READ_BY_PEOPLE),
               or_(and_(outbox.c.channel != "push", outbox.c.recipient == phone),
                   and_(outbox.c.channel == "push", outbox.c.member_id == owner)))
        .order_by(outbox.c.id.desc()).limit(limit)).all()
    return [Arrived(r.id, r.channel, r.body or "", r.created_at) for r in rows]
