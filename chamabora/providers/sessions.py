"""USSD session state: one read and one write per hop.

Kept in Redis with the session's 180-second life when REDIS_URL is set, else
in process. The state holds no PIN: PIN inputs are never stored, and the hop
text is kept only as a hash for replay detection. The composition root builds
the store; the USSD route (channels/ussd) reads and writes it.
"""
from __future__ import annotations

import json
import threading
import time
from typing import Protocol

from redis import Redis

SESSION_SECONDS = 180


class SessionStore(Protocol):
    def load_raw(self, session_id: str) -> str | bytes | None: ...
    def load(self, session_id: str) -> dict | None: ...  # type: ignore[type-arg]
    def save(self, session_id: str, state: dict) -> None: ...  # type: ignore[type-arg]
    def start(self, session_id: str, state: dict) -> bool: ...  # type: ignore[type-arg]


class RedisSessions:
    """Sessions in Redis, through the service's redis-py client (hiredis parses the replies)."""

    def __init__(self, redis: Redis, prefix: str = "chamabora:ussd:") -> None:
        self.redis = redis
        self.prefix = prefix

    def load_raw(self, session_id: str) -> bytes | None:
        """The stored JSON: a hop that must start again parses it afresh instead of copying a dict."""
        return self.redis.get(self.prefix + session_id)  # type: ignore[return-value]

    def load(self, session_id: str) -> dict | None:  # type: ignore[type-arg]
        raw = self.load_raw(session_id)
        return json.loads(raw) if raw else None

    def save(self, session_id: str, state: dict) -> None:  # type: ignore[type-arg]
        self.redis.set(self.prefix + session_id, _dump(state), ex=SESSION_SECONDS)

    def start(self, session_id: str, state: dict) -> bool:  # type: ignore[type-arg]
        """Store a new session's first state unless the session exists; whether it was stored."""
        return bool(self.redis.set(self.prefix + session_id, _dump(state), ex=SESSION_SECONDS, nx=True))


def _dump(state: dict) -> str:  # type: ignore[type-arg]
    return json.dumps(state, separators=(",", ":"))


class MemorySessions:
    """In-process store for the local default; entries expire like Redis keys."""

    def __init__(self, seconds: int = SESSION_SECONDS, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        self.seconds = seconds
        self.clock = clock
        self._data: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def load_raw(self, session_id: str) -> str | None:
        with self._lock:
            entry = self._data.get(session_id)
            if entry is None or entry[0] < self.clock():
                self._data.pop(session_id, None)
                return None
            return entry[1]

    def load(self, session_id: str) -> dict | None:  # type: ignore[type-arg]
        raw = self.load_raw(session_id)
        return json.loads(raw) if raw else None

    def save(self, session_id: str, state: dict) -> None:  # type: ignore[type-arg]
        with self._lock:
            if len(self._data) > 10_000:
                now = self.clock()
                self._data = {k: v for k, v in self._data.items() if v[0] >= now}
            self._data[session_id] = (self.clock() + self.seconds, _dump(state))

    def start(self, session_id: str, state: dict) -> bool:  # type: ignore[type-arg]
        with self._lock:
            entry = self._data.get(session_id)
            if entry is not None and entry[0] >= self.clock():
                return False
            self._data[session_id] = (self.clock() + self.seconds, _dump(state))
            return True
