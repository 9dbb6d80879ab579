"""Telling open boards that a chama changed: one-way, "chama N changed", nothing more.

The composition root publishes after a commit (composition.root.Root.run); the web's live stream
subscribes (web/live.py) and the page fetches what changed itself, so a message carries no data
and a lost or extra one costs at most a late or a needless refresh.

With Redis configured the message goes over Redis pub/sub and reaches every process (gunicorn
workers, RQ workers, the operator's command line); without it, only this process's subscribers
hear it, which is the whole deployment of the local default (one process).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Protocol

log = logging.getLogger(__name__)
PREFIX = "chamabora:chama-changed:"


class Subscription(Protocol):
    def wait(self, seconds: float) -> bool:
        """True as soon as the chama changes (since the subscription or the last True), False after `seconds`."""

    def close(self) -> None: ...


class Broadcast(Protocol):
    def publish(self, chama_ids: Iterable[int]) -> None: ...

    def subscribe(self, chama_id: int) -> Subscription: ...


class _LocalSubscription:
    def __init__(self, owner: LocalBroadcast, chama_id: int) -> None:
        self.owner, self.chama_id, self.changed = owner, chama_id, threading.Event()

    def wait(self, seconds: float) -> bool:
        if not self.changed.wait(seconds):
            return False
        # cleared after the wait: a change published in between is reported now, and the page's
        # fetch that follows comes after that change's commit, so it is not lost
        self.changed.clear()
        return True

    def close(self) -> None:
        self.owner._drop(self)


class LocalBroadcast:
    """In this process only, thread-safe: the local default without Redis."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: dict[int, set[_LocalSubscription]] = {}

    def publish(self, chama_ids: Iterable[int]) -> None:
        with self._lock:
            found = [s for chama_id in chama_ids for s in self._listeners.get(chama_id, ())]
        for subscription in found:
            subscription.changed.set()

    def subscribe(self, chama_id: int) -> _LocalSubscription:
        subscription = _LocalSubscription(self, chama_id)
        with self._lock:
            self._listeners.setdefault(chama_id, set()).add(subscription)
        return subscription

    def listening(self) -> int:
        """How many subscriptions are open (tests check that a closed stream let go of its own)."""
        with self._lock:
            return sum(len(s) for s in self._listeners.values())

    def _drop(self, subscription: _LocalSubscription) -> None:
        with self._lock:
            left = self._listeners.get(subscription.chama_id)
            if left is not None:
                left.discard(subscription)
                if not left:
                    del self._listeners[subscription.chama_id]


class _RedisSubscription:
    def __init__(self, client, channel: str) -> None:  # type: ignore[no-untyped-def]
        # one pooled connection per open stream, given back on close
        self.pubsub = client.pubsub(ignore_subscribe_messages=True)
        self.pubsub.subscribe(channel)

    def wait(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        changed = False
        while True:
            left = deadline - time.monotonic()
            # once a change is in, only what already arrived is read with it (several commits, one refresh)
            message = self.pubsub.get_message(timeout=0 if changed else max(0.0, min(left, 1.0)))
            if message is not None and message.get("type") == "message":
                changed = True
                continue
            if changed or left <= 0:
                return changed

    def close(self) -> None:
        self.pubsub.close()


class RedisBroadcast:
    """Over Redis pub/sub: every process that serves boards hears every process that writes."""

    def __init__(self, client) -> None:  # type: ignore[no-untyped-def]
        self.client = client
        # pub/sub channels are one namespace for the whole Redis server, whatever its database:
        # deployments (or test runs) on other database numbers must not hear each other's chama 1
        self.prefix = f"{PREFIX}{client.connection_pool.connection_kwargs.get('db', 0)}:"

    def publish(self, chama_ids: Iterable[int]) -> None:
        for chama_id in chama_ids:
            self.client.publish(self.prefix + str(chama_id), "1")

    def subscribe(self, chama_id: int) -> _RedisSubscription:
        return _RedisSubscription(self.client, self.prefix + str(chama_id))


def publish_quietly(broadcast: Broadcast | None, chama_ids: set[int]) -> None:
    """After a commit: the change is made whatever happens here, so a broadcast that fails is
    logged, never raised (the boards catch up on their next load)."""
    if broadcast is None or not chama_ids:
        return
    try:
        broadcast.publish(sorted(chama_ids))
    except Exception as error:  # noqa: BLE001 - a committed payment must not answer 500 for a board
        log.warning("chama change not broadcast (%s)", type(error).__name__)


def make_broadcast(redis_client) -> Broadcast:  # type: ignore[no-untyped-def]
    return RedisBroadcast(redis_client) if redis_client is not None else LocalBroadcast()
