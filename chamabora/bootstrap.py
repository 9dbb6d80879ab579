"""The composition root: the one place that builds services from settings."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Connection, Engine

from .db.engine import make_engine
from .mpesa.wiring import install as install_mpesa
from .notify.email import install as install_email
from .outbox.dispatch import InlineDispatcher
from .outbox.sending import RecordingSender, Sender
from .outbox.store import Channel, take_pending_ids
from .services.transaction import unit_of_work
from .settings import Settings
from .sms.wiring import install as install_messaging

T = TypeVar("T")


@dataclass
class Services:
    settings: Settings
    engine: Engine
    redis: object | None
    senders: dict[str, Sender] = field(default_factory=dict)
    dispatcher: object | None = None
    mpesa: object | None = None

    def run(self, work: Callable[[Connection], T]) -> T:
        """One unit of work; the outbox rows it wrote are dispatched once it has committed."""
        pending: list[int] = []

        def wrapped(conn: Connection) -> T:
            # conn.info lives with the pooled connection: ids left by an earlier transaction
            # (a rolled-back attempt, or plain unit_of_work) are not this one's to dispatch
            take_pending_ids(conn)
            result = work(conn)
            pending[:] = take_pending_ids(conn)
            return result

        result = unit_of_work(self.engine, wrapped)
        if pending and self.dispatcher is not None:
            self.dispatcher.dispatch(pending)  # type: ignore[attr-defined]
        return result

    def close(self) -> None:
        self.engine.dispose()
        if self.redis is not None:
            self.redis.close()  # type: ignore[attr-defined]


def bootstrap(settings: Settings) -> Services:
    redis_client = None
    if settings.redis_url:
        import redis  # only when configured: the local default runs without it

        redis_client = redis.Redis.from_url(settings.redis_url, socket_timeout=2)
    services = Services(settings=settings, engine=make_engine(settings.database_url), redis=redis_client)
    recorder = RecordingSender()
    services.senders = {channel.value: recorder for channel in Channel}
    services.dispatcher = InlineDispatcher(services.engine, services.senders)
    install_messaging(services)
    install_email(services)
    install_mpesa(services)
    return services
