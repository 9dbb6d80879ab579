"""Which chamas a transaction changed, so their open boards can be told once it commits.

The few writes every payment, held claim and decision passes through (the ledger's postings,
the audit log, payment claims) mark their chama on the connection; the composition root takes
the marks after the commit and publishes them (chamabora/broadcast.py). A rolled-back attempt
publishes nothing, and a mark left by a refusal undone in a savepoint only costs a board one
needless refresh.
"""
from __future__ import annotations

from sqlalchemy import Connection

CHANGED = "chamabora.changed_chamas"


def mark_changed(conn: Connection, chama_id: int | None) -> None:
    if chama_id is not None:
        conn.info.setdefault(CHANGED, set()).add(int(chama_id))


def take_changed(conn: Connection) -> set[int]:
    """The chamas marked on this connection since the last take, forgetting them."""
    return conn.info.pop(CHANGED, set())  # type: ignore[no-any-return]
