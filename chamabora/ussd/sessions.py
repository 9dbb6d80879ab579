"""USSD session state: one read and one write per hop.

Kept in Redis with the session's 180-second life when REDIS_URL is set, else
in process. The state holds no PIN: PIN inputs are never stored, and the hop
text is kept only as a hash for replay detection.
"""
from __future__ import annotations

import json
import threading
import time
from typing import Protocol

SESSION_SECONDS = 180


class SessionStore(Protocol):
    def load(self, session_id: str) -> dict | None: ...  # type: ignore[type-arg]
    def save(self, session_id: str, state: dict) -> None: ...  # type: ignore[type-arg]


class RedisSessions:
    def __init__(self, redis, prefix: str = "chamabora:ussd:") -> None:  # type: ignore[no-untyped-def]
        self.redis = redis
        self.prefix = prefix

    def load(self, session_id: str) -> dict | None:  # type: ignore[type-arg]
        raw = self.redis.get(self.prefix + session_id)
        return json.loads(raw) if raw else None

    def save(self, session_id: str, state: dict) -> None:  # type: ignore[type-arg]
        self.redis.set(self.prefix + session_id, json.dumps(state, separators=(",", ":")), ex=SESSION_SECONDS)


class MemorySessions:
    """In-process store for the local default; entries expire like Redis keys."""

    def __init__(self, seconds: int = SESSION_SECONDS, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        self.seconds = seconds
        self.clock = clock
        self._data: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    def load(self, session_id: str) -> dict | None:  # type: ignore[type-arg]
        with self._lock:
            entry = self._data.get(session_id)
            if entry is None or entry[0] < self.clock():
                self._data.pop(session_id, None)
                return None
            return json.loads(entry[1])

    def save(self, session_id: str, state: dict) -> None:  # type: ignore[type-arg]
        with self._lock:
            if len(self._data) > 10_000:
                now = self.clock()
                self._data = {k: v for k, v in self._data.items() if v[0] >= now}
            self._data[session_id] = (self.clock() + self.seconds, json.dumps(state))
