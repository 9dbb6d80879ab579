"""Units of work: one database transaction per use case, retried when
PostgreSQL reports a deadlock or serialization failure, or the connection
dropped (all safe to retry: nothing outside the database happens inside the
transaction, and the transaction did not commit)."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from chamabora.db.engine import READ_FIRST

T = TypeVar("T")
RETRYABLE_SQLSTATES = {"40001", "40P01"}
ATTEMPTS = 5


class DuplicateEvent(Exception):
    """Two transactions raced to apply the same outside event; the loser retries and finds it applied."""


def unit_of_work(engine: Engine, work: Callable[[Connection], T]) -> T:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with engine.begin() as conn:
                return work(conn)
        except DuplicateEvent:
            if attempt == ATTEMPTS:
                raise
        except DBAPIError as exc:
            # a dead pooled connection was invalidated and the transaction never committed
            retryable = exc.connection_invalidated or _sqlstate(exc) in RETRYABLE_SQLSTATES
            if attempt == ATTEMPTS or not retryable:
                raise
            time.sleep(0.005 * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def only_reads(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work` on a reader engine (db.engine.make_reader), outside a transaction, refusing
    (WriteAttempted) the moment it would write or lock."""
    with engine.connect() as conn:
        conn.info[READ_FIRST] = True
        try:
            return work(conn)
        finally:
            conn.info.pop(READ_FIRST, None)


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None) or getattr(getattr(exc.orig, "diag", None), "sqlstate", None)


def is_unique_violation(exc: IntegrityError, constraint: str) -> bool:
    return constraint in str(exc.orig)
