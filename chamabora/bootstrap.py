"""The composition root: the one place that builds services from settings."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from .db.engine import make_engine
from .settings import Settings


@dataclass
class Services:
    settings: Settings
    engine: Engine
    redis: object | None

    def close(self) -> None:
        self.engine.dispose()
        if self.redis is not None:
            self.redis.close()  # type: ignore[attr-defined]


def bootstrap(settings: Settings) -> Services:
    redis_client = None
    if settings.redis_url:
        import redis  # only when configured: the local default runs without it

        redis_client = redis.Redis.from_url(settings.redis_url, socket_timeout=2)
    return Services(settings=settings, engine=make_engine(settings.database_url), redis=redis_client)
