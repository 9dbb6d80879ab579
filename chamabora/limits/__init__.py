"""Rate limits per phone and per chama: SMS and WhatsApp commands, USSD
sessions, OTP requests and money actions (the numbers: `ops/config.py`,
each overridable by `LIMIT_<KIND>`).

Counted on Redis where it runs, so every web process and worker shares one
count, and in the process without it (the local default), with the
`limits` library that Flask-Limiter is built on; `web.py` puts
Flask-Limiter itself on HTTP routes (the OTP request of the web login). A
limit store that cannot be reached lets the request through (logged and
counted): a Redis outage must not silence every member.

Limits are found from a database connection (`for_connection`), so the
conversation can ask for them in a web request and in an RQ job alike.
"""
from __future__ import annotations

import logging
import weakref

from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import Connection, Engine

from chamabora.config.ops import OpsSettings
from chamabora.ops.metrics import LIMITED

log = logging.getLogger(__name__)
_by_engine: weakref.WeakKeyDictionary[Engine, RateLimits] = weakref.WeakKeyDictionary()


class RateLimits:
    def __init__(self, settings: OpsSettings, redis_url: str | None) -> None:
        self.enabled = settings.limits_enabled
        self.storage_uri = redis_url or "memory://"
        options = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5} if redis_url else {}
        self.storage = storage_from_string(self.storage_uri, **options)
        self.strategy = FixedWindowRateLimiter(self.storage)
        self.rules: dict[str, list[RateLimitItem]] = {kind: parse_many(rule) for kind, rule in settings.limits.items()}

    def allow(self, kind: str, key: object) -> bool:
        """Count one against every rule of `kind` for `key`; False when any is exceeded."""
        if not self.enabled:
            return True
        try:
            allowed = all([self.strategy.hit(rule, kind, str(key)) for rule in self.rules[kind]])
        except Exception as error:  # noqa: BLE001 - no limit store: let members through, say so
            LIMITED.labels(kind.split("_", 1)[0], "store_unavailable").inc()
            log.warning("rate limit store unavailable for %s: %s", kind, type(error).__name__)
            return True
        if not allowed:
            LIMITED.labels(*kind.split("_", 1)).inc()
        return allowed

    def first_refusal(self, kind: str, key: object) -> bool:
        """True once per window of `kind`'s shortest rule: the refused member is told once, not per message."""
        rule = min(self.rules[kind], key=lambda item: item.get_expiry())
        told = parse_many(f"1/{rule.get_expiry()}second")[0]
        try:
            return self.strategy.hit(told, "told", kind, str(key))
        except Exception:  # noqa: BLE001 - without the store, tell them: better twice than never
            return True

    def reset(self) -> None:
        self.storage.reset()


def register(engine: Engine, limits: RateLimits) -> None:
    _by_engine[engine] = limits


def for_connection(conn: Connection) -> RateLimits | None:
    return _by_engine.get(conn.engine)
