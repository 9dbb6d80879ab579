"""Queueing many outbox rows in one statement. `outbox.store.enqueue` looks
up each dedupe key before inserting, which is right for one message and far
too slow for a reminder run over hundreds of thousands of members; here the
unique dedupe key does the work (rows already queued are skipped by the
database), and the new ids join the unit of work's list exactly as
`enqueue` leaves them, so they are dispatched once the transaction commits.

On PostgreSQL the rows are copied (COPY) into a temporary table dropped at
commit and inserted from there: a multi-row VALUES statement of thousands of
rows spends longer being prepared than inserted, and COPY is five times
faster than that again.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, column, literal, select, table

from chamabora.db.ignoring import insert_ignoring
from chamabora.outbox.store import PENDING_IDS, Channel, Purpose, Status, outbox

CHUNK = 5000   # rows per INSERT: bounded statement size, few round trips


@dataclass(frozen=True, slots=True)
class Message:
    channel: Channel
    recipient: str
    body: str
    dedupe_key: str
    member_id: int | None = None
    chama_id: int | None = None
    purpose: Purpose = Purpose.REMINDER
    payload: dict[str, object] = field(default_factory=dict)

    def row(self) -> dict[str, object]:
        return {"channel": self.channel.value, "purpose": self.purpose.value, "recipient": self.recipient,
                "member_id": self.member_id, "chama_id": self.chama_id, "body": self.body,
                "payload": json.dumps(self.payload, sort_keys=True, default=str),
                "dedupe_key": self.dedupe_key, "status": Status.PENDING.value, "attempts": 0}


COLUMNS = ("channel", "purpose", "recipient", "member_id", "chama_id", "body", "payload", "dedupe_key")
STAGING = ("CREATE TEMP TABLE IF NOT EXISTS outbox_incoming (channel text, purpose text, recipient text, "
           "member_id bigint, chama_id bigint, body text, payload text, dedupe_key text) ON COMMIT DROP")
INCOMING = table("outbox_incoming", *(column(name) for name in COLUMNS))


def _copy_in(conn: Connection, rows: list[dict[str, object]]) -> list[int]:
    """PostgreSQL: COPY into a staging table, then one INSERT that skips known dedupe keys."""
    driver = conn.connection.driver_connection
    with driver.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute(STAGING)
        cursor.execute("TRUNCATE outbox_incoming")
        with cursor.copy(f"COPY outbox_incoming ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in COLUMNS])
    from_staging = insert_ignoring(conn, outbox, ("dedupe_key",), returning_id=True).from_select(
        [*COLUMNS, "status", "attempts"],
        select(*INCOMING.c, literal(Status.PENDING.value), literal(0)))
    return [row_id for (row_id,) in conn.execute(from_staging)]


def enqueue_many(conn: Connection, messages: Sequence[Message]) -> list[int]:
    """Insert every message whose dedupe key is new; returns the new rows' ids."""
    added: list[int] = []
    statement = insert_ignoring(conn, outbox, ("dedupe_key",), returning_id=True)
    for at in range(0, len(messages), CHUNK):
        rows = [m.row() for m in messages[at:at + CHUNK]]
        if conn.dialect.name == "postgresql":
            added += _copy_in(conn, rows)
        else:
            added += [row_id for (row_id,) in conn.execute(statement, rows)]
    conn.info.setdefault(PENDING_IDS, []).extend(added)
    return added
