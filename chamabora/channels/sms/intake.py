"""What every inbound webhook does after decoding: answer the message in one
unit of work, remember the channel the member used, and (for providers that
do not take the reply in the HTTP response) put the reply in the outbox in
that same transaction, so a retry of the webhook changes nothing."""
from __future__ import annotations

from datetime import datetime, timezone

import logging

from flask import abort
from redis.exceptions import RedisError
from sqlalchemy import Connection

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import Inbound, Reply
from chamabora.channels.http.input import clean
from chamabora.channels.sms import deferred
from chamabora.channels.sms.replies import enqueue_reply, remember
from chamabora.composition.root import Root
from chamabora.composition.current import current_root

log = logging.getLogger(__name__)


def services() -> Root:
    return current_root()


def take_in(inbound: Inbound, reply_by_outbox: bool) -> Reply:
    def work(conn: Connection) -> Reply:
        reply = answer(conn, inbound)
        remember(conn, inbound)
        if reply_by_outbox:
            enqueue_reply(conn, inbound, reply)
        return reply

    return services().run(work)


def acknowledge(*inbounds: Inbound) -> None:
    """Africa's Talking and Infobip: answer now, or, when RQ runs, store each message (its own row, each
    committed) and wake the workers that answer stored messages (one Redis command)."""

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
