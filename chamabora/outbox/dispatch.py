"""After a unit of work commits, its new outbox rows are dispatched: sent in
process (local default) or handed to RQ, one job per row with a unique job id
so a row is never queued twice."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from sqlalchemy import Engine

from chamabora.core.ports import SendFailed, Sender

from chamabora.outbox.sending import send_one
from chamabora.outbox.store import Purpose

log = logging.getLogger(__name__)


class Dispatcher(Protocol):
    """Takes a committed unit of work's outbox rows: InlineDispatcher sends them here and now,
    jobs.queues.RQDispatcher queues them for the workers."""

    def dispatch(self, message_ids: list[int], purposes: dict[int, str] | None = None) -> None: ...


class InlineDispatcher:
    def __init__(self, engine: Engine, senders: dict[str, Sender]) -> None:
        self.engine = engine
        self.senders = senders

    def dispatch(self, message_ids: list[int], purposes: dict[int, str] | None = None) -> None:
        # money last: the reply that says a prompt is coming reaches the member before any word
        # of that prompt's fate, as it does when workers send them
        known = purposes or {}
        for message_id in sorted(message_ids, key=lambda m: known.get(m) == Purpose.MONEY.value):
            try:
                send_one(self.engine, self.senders, message_id)
            except SendFailed:
                # the row stays failed; the sweeper retries it later
                log.warning("inline send of outbox %s failed; left for retry", message_id)


Dispatch = Callable[[list[int]], None]


class LeavePending:
    """Dispatches nothing: the rows stay pending for the sweeper (benchmarks, and tests of a process
    that died between commit and dispatch)."""

    def dispatch(self, message_ids: list[int], purposes: dict[int, str] | None = None) -> None:
        return None
