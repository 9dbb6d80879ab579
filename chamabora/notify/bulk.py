"""Queueing many outbox rows in one statement. `outbox.store.enqueue` looks
up each dedupe key before inserting, which is right for one message and far
too slow for a reminder run over hundreds of thousands of members; here the
unique dedupe key does the work (rows already queued are skipped by the
database), and the new ids join the unit of work's list exactly as
`enqueue` leaves them, so they are dispatched once the transaction commits.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ..outbox.store import PENDING_IDS, Channel, Purpose, Status, outbox

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


def _insert_ignoring_duplicates(conn: Connection):  # type: ignore[no-untyped-def]
    dialect = conn.dialect.name
    if dialect == "postgresql":
        return pg_insert(outbox).on_conflict_do_nothing(index_elements=["dedupe_key"])
    if dialect == "sqlite":
        return sqlite_insert(outbox).on_conflict_do_nothing(index_elements=["dedupe_key"])
    return insert(outbox)


def enqueue_many(conn: Connection, messages: Sequence[Message]) -> list[int]:
    """Insert every message whose dedupe key is new; returns the new rows' ids."""
    added: list[int] = []
    statement = _insert_ignoring_duplicates(conn).returning(outbox.c.id)
    for at in range(0, len(messages), CHUNK):
        rows = [m.row() for m in messages[at:at + CHUNK]]
        added += [row_id for (row_id,) in conn.execute(statement, rows)]
    conn.info.setdefault(PENDING_IDS, []).extend(added)
    return added
