"""Units of work as their callers declare them: a transaction by default,
its reads and writes run once; work declared read-only is held to it by the
database itself (nothing is guessed from the SQL); a single statement runs
on its own."""
from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError

from chamabora.db.engine import make_reader
from chamabora.db.ignoring import insert_ignoring
from chamabora.db.transaction import one_statement, only_reads, unit_of_work
from chamabora.services.records import audit, members, record_audit


def audit_rows(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit)).scalar_one()


def test_a_unit_of_work_runs_its_reads_and_writes_once_in_one_transaction(engine):
    calls = []

    def work(conn):  # type: ignore[no-untyped-def]
        calls.append("work")
        conn.execute(select(func.count()).select_from(members)).scalar_one()
        conn.execute(insert(audit), {"action": "hop.wrote", "detail": "{}"})
        conn.execute(insert(audit), {"action": "hop.wrote", "detail": "{}"})
        return "done"

    assert unit_of_work(engine, work) == "done"
    assert calls == ["work"]
    assert audit_rows(engine) == 2


def test_a_failure_after_writing_leaves_nothing_half_written(engine):
    def fails_after_writing(conn):  # type: ignore[no-untyped-def]
        conn.execute(insert(audit), {"action": "hop.partial", "detail": "{}"})
        raise RuntimeError("the work failed after its first write")

    with pytest.raises(RuntimeError):
        unit_of_work(engine, fails_after_writing)
    assert audit_rows(engine) == 0


@pytest.mark.parametrize("through_reader", [False, True])
def test_work_declared_read_only_reads_and_the_database_refuses_its_writes(engine, through_reader):
    runs_on = make_reader(engine) if through_reader else engine
    assert only_reads(runs_on, lambda conn: conn.execute(select(func.count()).select_from(members)).scalar_one()) == 0

    def writes(conn):  # type: ignore[no-untyped-def]
        conn.execute(select(members.c.id)).all()
        record_audit(conn, "should.not.land")

    with pytest.raises(DBAPIError, match="(?i)read.only|readonly"):
        only_reads(runs_on, writes)
    assert audit_rows(engine) == 0
    # the same pooled connections write again for work that is not declared read-only
    unit_of_work(engine, lambda conn: record_audit(conn, "lands"))
    assert audit_rows(engine) == 1


def test_one_statement_inserts_once_and_a_repeat_adds_nothing(engine):
    def store(conn):  # type: ignore[no-untyped-def]
        statement = insert_ignoring(conn, members, ("phone",), returning_id=True)
        return conn.execute(statement, {"phone": "+254712000009", "name": "Wanjiru", "language": "en"}).scalar()

    first = one_statement(engine, store)
    assert first is not None
    assert one_statement(engine, store) is None
    assert only_reads(engine, lambda conn: conn.execute(select(func.count()).select_from(members)).scalar_one()) == 1
