"""Engines for PostgreSQL (production, CI) and SQLite (the local default).

SQLite transactions start with BEGIN IMMEDIATE: it takes the write lock up
front, so two payments cannot both read a member's dues and then collide on
the upgrade to a write lock. That serialises writers, which is the point on a
single-process local default.
"""
from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

# conn.info flag: this connection is reading outside a transaction (read_first)
READ_FIRST = "chamabora.read_first"
LOCKING = re.compile(r"\bFOR\s+(NO\s+KEY\s+UPDATE|UPDATE|SHARE|KEY\s+SHARE)\b", re.IGNORECASE)


class WriteAttempted(Exception):
    """Work run as plain reads tried to write (or lock); it must run again as a transaction."""


def is_plain_read(statement: str) -> bool:
    return statement.lstrip()[:6].upper() == "SELECT" and LOCKING.search(statement) is None


def _guard_reads(engine: Engine) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def _refuse_writes(conn, _cursor, statement, _parameters, _context, _many):  # type: ignore[no-untyped-def]
        if conn.info.get(READ_FIRST) and not is_plain_read(statement):
            raise WriteAttempted(statement[:60])


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
    engine = create_engine(url, **kwargs)
    _guard_reads(engine)
    return engine


def make_reader(engine: Engine) -> Engine:
    """Connections for work that only reads, outside a transaction (services.transaction.only_reads).

    On PostgreSQL a small pool of its own, kept in autocommit: switching a pooled connection in and
    out of autocommit on every checkout cost more than the BEGIN and COMMIT it saved. SQLite's
    connections already leave transactions to SQLAlchemy, so reads share its engine (and its file)."""
    if engine.dialect.name == "sqlite":
        return engine
    reader = create_engine(engine.url, isolation_level="AUTOCOMMIT", pool_size=4, max_overflow=4,
                           pool_recycle=1800)
    _guard_reads(reader)
    return reader


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
        if not connection.info.get(READ_FIRST):  # plain reads take no write lock
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    _guard_reads(engine)
    return engine
