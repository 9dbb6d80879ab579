"""What an answered message leaves in its unit of work, whether it was
answered at once (`intake.py`) or stored first and answered by a worker
(`deferred.py`): the channel the member wrote on, remembered for their
notices, and the reply in the outbox, split to fit the channel, going back
through the provider it came from (its dedupe key names the inbound
message, so a provider's retry queues nothing twice)."""
from __future__ import annotations

from sqlalchemy import Connection, select

from chamabora.conversation.messages import ChannelKind, Inbound, Reply
from chamabora.i18n import segments
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.notices.notify import remember_channel
from chamabora.services.records import members

WHATSAPP_LIMIT = 4096  # characters in one WhatsApp text


def reply_parts(channel: ChannelKind, text: str) -> list[str]:
    if not text:
        return []
    if channel is ChannelKind.SMS:
        return segments.split(text)
    return [text if len(text) <= WHATSAPP_LIMIT else text[:WHATSAPP_LIMIT - 3] + "..."]


def remember(conn: Connection, inbound: Inbound) -> None:
    """The channel a member wrote on last is where their notices go."""
    remember_channel(conn, inbound.phone, inbound.channel.value, inbound.provider, inbound.received_at)


def enqueue_reply(conn: Connection, inbound: Inbound, reply: Reply) -> None:
    channel = Channel.SMS if inbound.channel is ChannelKind.SMS else Channel.WHATSAPP
    member_id = conn.execute(select(members.c.id).where(members.c.phone == inbound.phone)).scalar()
    for n, part in enumerate(reply_parts(inbound.channel, reply.text)):
        enqueue(conn, channel, inbound.phone, part, purpose=Purpose.REPLY, member_id=member_id,
                payload={"provider": inbound.provider},
                dedupe_key=f"reply:{inbound.provider}:{inbound.provider_message_id}:{n}")
