"""Marks of scheduled work done, per (kind, chama, period): a second run of
the same job for the same day, cycle or month finds the mark and skips the
chama, and a run cut short by a crash redoes only the chamas it had not
finished (a mark is written in the same transaction as the work)."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, select

from chamabora.db.ignoring import insert_ignoring

from chamabora.db.notify_tables import ScheduleMark

marks = ScheduleMark.__table__


def among(column, ids: Iterable[int]):  # type: ignore[no-untyped-def]
    """`column IN (...)` with the ids written into the SQL: a batch's hundreds of integer ids as
    placeholders cost more to prepare than the query takes to run."""
    return column.in_(bindparam(None, [int(i) for i in ids], expanding=True, literal_execute=True, unique=True))


def done(conn: Connection, kind: str, chama_ids: Iterable[int], period: str) -> set[int]:
    ids = list(chama_ids)
    if not ids:
        return set()
    return set(conn.execute(select(marks.c.chama_id).where(
        marks.c.kind == kind, marks.c.period == period, among(marks.c.chama_id, ids))).scalars())


def mark(conn: Connection, kind: str, chama_ids: Iterable[int], period: str) -> None:
    rows = [{"kind": kind, "chama_id": chama_id, "period": period} for chama_id in chama_ids]
    if not rows:
        return
    conn.execute(insert_ignoring(conn, marks, ("kind", "chama_id", "period")), rows)
