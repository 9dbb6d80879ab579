"""`Root`: what the composition root built, and the unit of work every entry
point runs its work in (the outbox rows it wrote are dispatched, and the
chamas it changed told to their open boards, once it has committed)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from redis import Redis
from sqlalchemy import Connection, Engine

from chamabora.broadcast import Broadcast, publish_quietly
from chamabora.providers.messaging.media import MediaStore
from chamabora.db.changes import take_changed
from chamabora.db.engine import dispose
from chamabora.db.transaction import only_reads, unit_of_work
from chamabora.jobs.queues import RQDispatcher
from chamabora.limits import RateLimits
from chamabora.providers.mpesa.wiring import Mpesa
from chamabora.outbox.dispatch import Dispatcher
from chamabora.core.ports import Sender
from chamabora.outbox.store import take_pending
from chamabora.providers.sessions import SessionStore
from chamabora.settings import Settings

T = TypeVar("T")


@dataclass(frozen=True)
class Root:
    settings: Settings
    engine: Engine
    reader: Engine              # for work declared read-only (only_reads)
    redis: Redis | None         # None in the local default (no REDIS_URL)
    sessions: SessionStore      # USSD session state: Redis, or this process's memory
    limits: RateLimits          # per phone and per chama (chamabora/limits)
    broadcast: Broadcast        # "chama N changed", after commit, to open boards (chamabora/broadcast)
    # by channel; filled once when the root is built (the money senders record through `run`)
    senders: dict[str, Sender]
    dispatcher: Dispatcher      # committed outbox rows go here: `jobs`, or sent in process
    jobs: RQDispatcher | None   # the RQ queues, exactly when settings.jobs_enabled
    mpesa: Mpesa | None         # Daraja; None where money instructions are only recorded (most tests)
    media: MediaStore | None    # WhatsApp receipt images; None keeps the provider's URL

    def run(self, work: Callable[[Connection], T]) -> T:
        """One unit of work; its outbox rows are dispatched and its chamas broadcast after commit."""
        pending: list[tuple[list[int], dict[int, str]]] = []
        changed: set[int] = set()

        def wrapped(conn: Connection) -> T:
            # conn.info lives with the pooled connection: ids left by an earlier transaction
            # (a rolled-back attempt, or plain unit_of_work) are not this one's to dispatch
            take_pending(conn)
            take_changed(conn)
            result = work(conn)
            pending[:] = [take_pending(conn)]
            changed.clear()
            changed.update(take_changed(conn))
            return result

        result = unit_of_work(self.engine, wrapped)
        publish_quietly(self.broadcast, changed)
        if pending and pending[0][0]:
            self.dispatcher.dispatch(pending[0][0], purposes=pending[0][1])
        return result

    def only_reads(self, work: Callable[[Connection], T]) -> T:
        """Run `work`, which the caller declares read-only: no BEGIN or COMMIT on PostgreSQL, no write
        lock on SQLite; the database refuses a write (db.transaction.only_reads)."""
        return only_reads(self.reader, work)

    def close(self) -> None:
        dispose(self.engine)  # and its reader
        if self.redis is not None:
            self.redis.close()
