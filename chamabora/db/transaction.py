"""Units of work: one database transaction per use case, retried when
PostgreSQL reports a deadlock or serialization failure, or the connection
dropped (all safe to retry: nothing outside the database happens inside the
transaction, and the transaction did not commit).

Work is a transaction by default (`unit_of_work`). A caller that knows its
work only reads says so (`only_reads`), and the database holds it to that;
work that is a single statement, atomic on its own, may run without BEGIN
and COMMIT (`one_statement`). Nothing is inferred from the SQL.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from chamabora.db.engine import READ_ONLY, autocommit_engine, make_reader

T = TypeVar("T")
RETRYABLE_SQLSTATES = {"40001", "40P01"}
ATTEMPTS = 5


class DuplicateEvent(Exception):
    """Two transactions raced to apply the same outside event; the loser retries and finds it applied."""


def unit_of_work(engine: Engine, work: Callable[[Connection], T]) -> T:
    return _attempts(engine, work, read_only=False)


def only_reads(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work`, which its caller declares read-only, without a write lock (db.engine.autocommit_engine
    with read_only). The database refuses a write: PostgreSQL's transactions on these connections are
    READ ONLY, SQLite's connection is `query_only` meanwhile.
    `engine` is the main engine or its reader (db.engine.make_reader)."""
    return _attempts(make_reader(engine), work, read_only=True)


def one_statement(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work`, one statement atomic on its own (an INSERT ... ON CONFLICT DO NOTHING), on PostgreSQL
    without BEGIN and COMMIT; on SQLite as a unit of work."""
    return _attempts(autocommit_engine(engine), work, read_only=False)


def _attempts(engine: Engine, work: Callable[[Connection], T], read_only: bool) -> T:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with engine.connect() as conn:
                if read_only:
                    conn.info[READ_ONLY] = True
                try:
                    with conn.begin():
                        return work(conn)
                finally:
                    if read_only:
                        conn.info.pop(READ_ONLY, None)
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


def _sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None) or getattr(getattr(exc.orig, "diag", None), "sqlstate", None)


def is_unique_violation(exc: IntegrityError, constraint: str) -> bool:
    return constraint in str(exc.orig)
