"""INSERT ... ON CONFLICT DO NOTHING for PostgreSQL and SQLite alike: a row
whose unique key is taken is skipped inside the statement, so two
transactions racing on the same key never fail the loser's whole unit of
work, and nobody needs a SELECT first. Built once per table, key and
dialect: constructing the statement cost more than running it."""
from __future__ import annotations

from sqlalchemy import Connection, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import Insert

_BUILT: dict[tuple[str, str, tuple[str, ...], bool], Insert] = {}
_DIALECTS = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def insert_ignoring(conn: Connection, table: Table, key: tuple[str, ...], returning_id: bool = False) -> Insert:
    """The INSERT for `table` that skips rows whose `key` columns (a unique constraint) are taken;
    with `returning_id`, it returns the new row's id (no row when it was skipped)."""
    entry = (conn.dialect.name, table.name, key, returning_id)
    statement = _BUILT.get(entry)
    if statement is None:
        statement = _DIALECTS[conn.dialect.name](table).on_conflict_do_nothing(index_elements=list(key))
        if returning_id:
            statement = statement.returning(table.c.id)
        _BUILT[entry] = statement
    return statement
