"""Answering later: with RQ running, an Africa's Talking or Infobip message is
stored and acknowledged at once (one insert, one small Redis command), and
a worker on the `reply` queue answers it through the engine. The provider's
retry of the same message id finds the stored row and adds nothing; a
worker answers each row once (row lock and status), so the member gets one
reply. The web tier only wakes the answering jobs (jobs/queues.py
`wake_answerers`), which answer every waiting row, each in its own unit of
work: no RQ job per message on the request path, no fork per message.
Twilio cannot use this: its reply travels in the HTTP response.

Storing is the hot path of every such webhook. On PostgreSQL it is one
round trip: a single `INSERT ... ON CONFLICT DO NOTHING` is atomic on its
own, so it runs without BEGIN and COMMIT (db.transaction.one_statement).
"""
from __future__ import annotations

import json
from datetime import timezone

from sqlalchemy import Connection, Engine, select, update

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.channels.sms.replies import enqueue_reply, remember
from chamabora.db.ignoring import insert_ignoring
from chamabora.db.message_tables import QueuedInbound
from chamabora.db.transaction import one_statement

inbound_queue = QueuedInbound.__table__
ANSWER = "chamabora.worker.tasks.answer_inbound"


def stored_row(inbound: Inbound) -> dict[str, object]:
    return {"channel": inbound.channel.value, "provider": inbound.provider,
            "provider_message_id": inbound.provider_message_id, "phone": inbound.phone, "text": inbound.text,
            "media": json.dumps(list(inbound.media)), "profile_name": (inbound.profile_name or None) and inbound.profile_name[:100],
            "received_at": inbound.received_at, "status": "queued"}


def store_now(engine: Engine, inbound: Inbound) -> int | None:
    """Store on its own, committed: the new row's id, or None when the provider sent this message before.
    A dropped pooled connection is retried on a fresh one; had the insert landed, the retry inserts
    nothing and queues no job, and the inbound sweeper answers such a row a minute later."""
    return one_statement(engine, lambda conn: store(conn, inbound))


def store(conn: Connection, inbound: Inbound) -> int | None:
    """Within the caller's transaction: the new row's id, or None when the provider sent this message before."""
    statement = insert_ignoring(conn, inbound_queue, ("provider", "provider_message_id"), returning_id=True)
    return conn.execute(statement, stored_row(inbound)).scalar()  # type: ignore[no-any-return]


def waiting_ids(conn: Connection, skip: set[int], limit: int) -> list[int]:
    """Stored messages not answered yet, oldest first (less those this job could not answer)."""
    query = select(inbound_queue.c.id).where(inbound_queue.c.status == "queued")
    if skip:
        query = query.where(inbound_queue.c.id.not_in(skip))
    return list(conn.execute(query.order_by(inbound_queue.c.id).limit(limit)).scalars())


def answer_stored(conn: Connection, row_id: int) -> bool:
    """Answer one stored message inside the caller's unit of work; False when it was answered already,
    or another worker is answering it now (its row is locked: skipped, not waited for)."""
    row = conn.execute(select(inbound_queue).where(inbound_queue.c.id == row_id)
                       .with_for_update(skip_locked=True)).first()
    if row is None or row.status != "queued":
        return False
    received = row.received_at if row.received_at.tzinfo else row.received_at.replace(tzinfo=timezone.utc)
    inbound = Inbound(ChannelKind(row.channel), row.phone, row.text, received, row.provider,
                      row.provider_message_id, media=tuple(json.loads(row.media)), profile_name=row.profile_name)
    reply = answer(conn, inbound)
    remember(conn, inbound)
    enqueue_reply(conn, inbound, reply)
    conn.execute(update(inbound_queue).where(inbound_queue.c.id == row_id).values(status="answered"))
    return True
