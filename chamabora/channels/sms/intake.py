"""What every inbound webhook does after decoding: answer the message in one
unit of work, remember the channel the member used, and (for providers that
do not take the reply in the HTTP response) put the reply in the outbox in
that same transaction, so a retry of the webhook changes nothing."""
from __future__ import annotations

from datetime import datetime, timezone

import logging

from flask import abort, current_app
from redis.exceptions import RedisError
from sqlalchemy import Connection, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound, Reply
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.records import members
from chamabora.channels.http.input import clean
from chamabora.channels.sms import segments
from chamabora.db.message_tables import MemberChannel

log = logging.getLogger(__name__)
member_channels = MemberChannel.__table__
WHATSAPP_LIMIT = 4096  # characters in one WhatsApp text


def services():  # type: ignore[no-untyped-def]
    return current_app.extensions["chamabora"]


def reply_parts(channel: ChannelKind, text: str) -> list[str]:
    if not text:
        return []
    if channel is ChannelKind.SMS:
        return segments.split(text)
    return [text if len(text) <= WHATSAPP_LIMIT else text[:WHATSAPP_LIMIT - 3] + "..."]


def remember_channel(conn: Connection, inbound: Inbound) -> None:
    """The channel a member wrote on last is where their notices go."""
    values = {"channel": inbound.channel.value, "provider": inbound.provider,
              "updated_at": inbound.received_at}
    member_id = select(members.c.id).where(members.c.phone == inbound.phone).scalar_subquery()
    if conn.execute(update(member_channels).where(member_channels.c.member_id == member_id)
                    .values(**values)).rowcount:
        return
    query = select(members.c.id, literal(values["channel"]), literal(values["provider"]),
                   literal(values["updated_at"])).where(members.c.phone == inbound.phone)
    try:
        with conn.begin_nested():  # two first messages racing: either insert is fine
            conn.execute(insert(member_channels).from_select(
                ["member_id", "channel", "provider", "updated_at"], query))
    except IntegrityError:
        pass


def enqueue_reply(conn: Connection, inbound: Inbound, reply: Reply) -> None:
    channel = Channel.SMS if inbound.channel is ChannelKind.SMS else Channel.WHATSAPP
    member_id = conn.execute(select(members.c.id).where(members.c.phone == inbound.phone)).scalar()
    for n, part in enumerate(reply_parts(inbound.channel, reply.text)):
        enqueue(conn, channel, inbound.phone, part, purpose=Purpose.REPLY, member_id=member_id,
                payload={"provider": inbound.provider},
                dedupe_key=f"reply:{inbound.provider}:{inbound.provider_message_id}:{n}")


def take_in(inbound: Inbound, reply_by_outbox: bool) -> Reply:
    def work(conn: Connection) -> Reply:
        reply = answer(conn, inbound)
        remember_channel(conn, inbound)
        if reply_by_outbox:
            enqueue_reply(conn, inbound, reply)
        return reply

    return services().run(work)


def acknowledge(*inbounds: Inbound) -> None:
    """Africa's Talking and Infobip: answer now, or, when RQ runs, store each message (its own row, each
    committed) and wake the workers that answer stored messages (one Redis command)."""
    from chamabora.channels.sms import deferred

    services_ = services()
    if services_.jobs is None:
        for inbound in inbounds:
            take_in(inbound, reply_by_outbox=True)
        return
    for inbound in inbounds:
        deferred.store_now(services_.engine, inbound)  # a provider's retry stores nothing
    # woken even for a retry: should the first delivery's wake have been lost, this one answers it
    try:
        services_.jobs.wake_answerers()
    except RedisError as error:
        # stored and committed: the inbound sweeper wakes the answerers within a minute
        log.warning("stored messages not woken (%s); the sweeper answers them", type(error).__name__)


def refuse_nul(*values: str | None) -> None:
    """PostgreSQL text cannot hold a NUL character nor a lone surrogate: a request carrying one is refused
    (400) before anything is stored, instead of failing inside the insert (a 500)."""
    for value in values:
        if value:
            clean(value)


def parse_time(text: object) -> datetime:
    """Provider timestamps vary ('2017-05-03T06:04:45Z', '2017-05-03 06:04:45', '...220+0000'); now (UTC) when
    unreadable or not text at all. fromisoformat reads all of them, at a tenth of strptime's cost."""
    if not isinstance(text, str):
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return datetime.now(timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
