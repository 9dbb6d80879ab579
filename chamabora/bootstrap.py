"""The composition root: the one place that builds services from settings."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from chamabora.broadcast import Broadcast, make_broadcast, publish_quietly
from chamabora.mpesa.wiring import install as install_mpesa
from chamabora.notify.email import install as install_email
from chamabora.outbox.dispatch import InlineDispatcher
from chamabora.outbox.sending import RecordingSender, Sender
from chamabora.outbox.store import Channel, take_pending
from chamabora.db.engine import WriteAttempted, make_engine, make_reader
from chamabora.limits import RateLimits
from chamabora.limits import register as register_limits
from chamabora.db.changes import take_changed
from chamabora.db.transaction import only_reads, unit_of_work
from chamabora.redis_lean import LeanRedis
from chamabora.settings import Settings
from chamabora.channels.sms.wiring import install as install_messaging

T = TypeVar("T")


@dataclass
class Services:
    settings: Settings
    engine: Engine
    redis: object | None
    senders: dict[str, Sender] = field(default_factory=dict)
    dispatcher: object | None = None
    mpesa: object | None = None
    reader: Engine | None = None  # plain reads outside a transaction (read_first)
    lean_redis: LeanRedis | None = None  # the same Redis, for USSD sessions (redis_lean)
    limits: RateLimits | None = None  # per phone and per chama (chamabora/limits)
    broadcast: Broadcast | None = None  # "chama N changed", after commit, to open boards (chamabora/broadcast)

    def run(self, work: Callable[[Connection], T]) -> T:
        """One unit of work; the outbox rows it wrote are dispatched, and the chamas it changed
        told to their open boards, once it has committed."""
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
        if pending and pending[0][0] and self.dispatcher is not None:
            self.dispatcher.dispatch(pending[0][0], purposes=pending[0][1])  # type: ignore[attr-defined]
        return result

    def only_reads(self, work: Callable[[Connection], T]) -> T:
        """Run `work` as plain reads outside a transaction; WriteAttempted if it would write."""
        return only_reads(self.reader or self.engine, work)

    def read_first(self, work: Callable[[Connection], T]) -> T:
        """Like `run`, but as plain reads outside a transaction until `work` would write; then it is
        run again from the start by `run`.

        Most USSD hops only read (a menu, a balance), and BEGIN and COMMIT were two of their three
        round trips. Starting again is safe: nothing was written, and work does nothing outside the
        database before its first write (messages go through the outbox, sent after commit)."""
        try:
            return self.only_reads(work)
        except WriteAttempted:
            return self.run(work)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            return self.run(work)  # a reader connection had died: once more, on the main pool

    def close(self) -> None:
        self.engine.dispose()
        if self.reader is not None and self.reader is not self.engine:
            self.reader.dispose()
        if self.redis is not None:
            self.redis.close()  # type: ignore[attr-defined]
        if self.lean_redis is not None:
            self.lean_redis.close()


def bootstrap(settings: Settings) -> Services:
    redis_client = None
    if settings.redis_url:
        import redis  # only when configured: the local default runs without it

        redis_client = redis.Redis.from_url(settings.redis_url, socket_timeout=2)
    engine = make_engine(settings.database_url)
    services = Services(settings=settings, engine=engine, redis=redis_client, reader=make_reader(engine),
                        lean_redis=LeanRedis.from_client(redis_client) if redis_client is not None else None)
    services.limits = RateLimits(settings.ops, settings.redis_url)
    services.broadcast = make_broadcast(redis_client)
    register_limits(engine, services.limits)
    recorder = RecordingSender()
    services.senders = {channel.value: recorder for channel in Channel}
    services.dispatcher = InlineDispatcher(services.engine, services.senders)
    install_messaging(services)
    install_email(services)
    install_mpesa(services)
    return services
