"""Messages answered once: each SMS or WhatsApp message a provider sent us,
kept with the reply it got, so a provider's retry of the same message id is
answered from here and changes nothing."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from chamabora.db.conversation_tables import InboundMessage
from chamabora.db.transaction import DuplicateEvent

inbound_messages = InboundMessage.__table__
KEPT_TEXT = 1000  # characters of the member's message kept with the reply


def earlier_reply(conn: Connection, provider: str, provider_message_id: str) -> str | None:
    """The reply this provider's message already got, or None when it is new."""
    return conn.execute(select(inbound_messages.c.reply).where(  # type: ignore[no-any-return]
        inbound_messages.c.provider == provider,
        inbound_messages.c.provider_message_id == provider_message_id)).scalar()


def record_answer(conn: Connection, *, channel: str, provider: str, provider_message_id: str, phone: str,
                  member_id: int | None, text: str, reply: str, received_at: datetime) -> None:
    try:
        conn.execute(insert(inbound_messages), {
            "channel": channel, "provider": provider, "provider_message_id": provider_message_id,
            "phone": phone, "member_id": member_id, "text": text_for_log(text), "reply": reply,
            "received_at": received_at})
    except IntegrityError as exc:
        # the same message is being answered in parallel; retrying returns that answer
        raise DuplicateEvent(provider_message_id) from exc


def text_for_log(text: str) -> str:
    return (text or "")[:KEPT_TEXT]
