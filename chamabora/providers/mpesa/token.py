"""The Daraja access token, fetched once and shared.

Daraja invalidates the previous token whenever a new one is issued, so every
process must use the same one: with Redis configured the token lives there
and one process at a time refreshes it (a short Redis lock); without Redis it
is cached in process. Tokens are dropped a minute before they expire.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

EARLY_SECONDS = 60
LOCK_SECONDS = 10


class TokenCache:
    def __init__(self, fetch: Callable[[], tuple[str, int]], redis: object | None = None,
                 namespace: str = "") -> None:
        self._fetch = fetch
        self._redis = redis
        digest = hashlib.sha256(namespace.encode()).hexdigest()[:16]
        self._key = f"chamabora:mpesa:token:{digest}"
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires = 0.0

    def get(self) -> str:
        if self._token and time.monotonic() < self._expires:
            return self._token
        with self._lock:
            if self._token and time.monotonic() < self._expires:
                return self._token
            token, ttl = self._shared() if self._redis is not None else self._fetch()
            self._token, self._expires = token, time.monotonic() + max(ttl - EARLY_SECONDS, 1)
            return token

    def invalidate(self, token: str) -> None:
        """Daraja refused `token`: forget it here and (if it is still the shared one) in Redis."""
        with self._lock:
            if self._token == token:
                self._token, self._expires = None, 0.0
        if self._redis is not None and self._redis.get(self._key) == token.encode():  # type: ignore[attr-defined]
            self._redis.delete(self._key)  # type: ignore[attr-defined]

    def _shared(self) -> tuple[str, int]:
        redis = self._redis
        for _ in range(LOCK_SECONDS * 20):
            cached = redis.get(self._key)  # type: ignore[attr-defined]
            if cached is not None:
                return cached.decode(), max(int(redis.ttl(self._key)), 1)  # type: ignore[attr-defined]
            if redis.set(self._key + ":lock", b"1", nx=True, ex=LOCK_SECONDS):  # type: ignore[attr-defined]
                try:
                    token, ttl = self._fetch()
                    redis.set(self._key, token.encode(), ex=max(ttl - EARLY_SECONDS, 1))  # type: ignore[attr-defined]
                    return token, ttl - EARLY_SECONDS
                finally:
                    redis.delete(self._key + ":lock")  # type: ignore[attr-defined]
            time.sleep(0.05)  # another process is fetching; its token will appear
        return self._fetch()
