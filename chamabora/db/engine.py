"""Engines for PostgreSQL (production, CI) and SQLite (the local default).

SQLite transactions start with BEGIN IMMEDIATE: it takes the write lock up
front, so two payments cannot both read a member's dues and then collide on
the upgrade to a write lock. That serialises writers, which is the point on a
single-process local default. Work its caller declares read-only
(`READ_ONLY`, set by `db.transaction.only_reads`) begins a plain deferred
transaction instead, with `PRAGMA query_only` so that SQLite refuses a write.

`autocommit_engine` is the one autocommit path.
"""
from __future__ import annotations

import weakref
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

# conn.info flag: the caller declared this work read-only (db.transaction.only_reads)
READ_ONLY = "chamabora.read_only"
# PostgreSQL's own guard for connections that only read: every transaction on them is READ ONLY
_READ_ONLY_OPTIONS = "-c default_transaction_read_only=on"
_AUTOCOMMIT: weakref.WeakKeyDictionary[Engine, dict[bool, Engine]] = weakref.WeakKeyDictionary()
_MADE: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()  # an autocommit engine: read_only?


def normalize_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str, **kwargs: object) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url, **kwargs)
    # no pre-ping: it costs a round trip per transaction on the payment path;
    # a dropped connection is retried by unit_of_work instead
    kwargs.setdefault("pool_recycle", 1800)
    kwargs.setdefault("pool_size", 10)
    return create_engine(url, **kwargs)


def autocommit_engine(engine: Engine, read_only: bool = False) -> Engine:
    """Connections that send no BEGIN or COMMIT, for work that is one statement (atomic on its own);
    or, with `read_only`, connections whose every transaction is READ ONLY, for work its caller
    declared read-only (PostgreSQL then refuses a write itself).

    On PostgreSQL a small pool of its own per engine and purpose, kept in autocommit: switching a
    pooled connection in and out of autocommit per checkout cost as much as the BEGIN and COMMIT it
    saved. Its connections close with the engine's (`dispose`). SQLite's connections already leave
    transactions to SQLAlchemy: the engine itself."""
    if engine.dialect.name != "postgresql" or _MADE.get(engine) is read_only:
        return engine
    made = _AUTOCOMMIT.setdefault(engine, {})
    if read_only not in made:
        # Read-only work keeps its BEGIN and COMMIT: a read may sit in a SAVEPOINT (a menu trying a step
        # it may undo), which PostgreSQL allows only inside a transaction block.
        extra = {"connect_args": {"options": _READ_ONLY_OPTIONS}} if read_only else {"isolation_level": "AUTOCOMMIT"}
        made[read_only] = create_engine(engine.url, pool_size=4, max_overflow=4, pool_recycle=1800, **extra)
        _MADE[made[read_only]] = read_only
        weakref.finalize(engine, made[read_only].dispose)  # at the latest when the engine goes
    return made[read_only]


def make_reader(engine: Engine) -> Engine:
    """Connections for work declared read-only (db.transaction.only_reads)."""
    return autocommit_engine(engine, read_only=True)


def dispose(engine: Engine) -> None:
    """Close the engine's connections and those of its autocommit pools."""
    for made in _AUTOCOMMIT.pop(engine, {}).values():
        made.dispose()
    engine.dispose()


def _sqlite_engine(url: str, **kwargs: object) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # let SQLAlchemy, not the driver, decide when transactions begin
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        if connection.info.get(READ_ONLY):  # declared read-only: no write lock, and no writes
            driver = connection.connection.driver_connection
            driver.execute("BEGIN")
            driver.execute("PRAGMA query_only=ON")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection):  # type: ignore[no-untyped-def]
        if connection.info.get(READ_ONLY):  # the pooled connection's next user may write again
            connection.connection.driver_connection.execute("PRAGMA query_only=OFF")

    return engine
