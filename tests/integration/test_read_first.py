"""Read-first units of work: USSD hops that only read run outside a
transaction; the moment one would write or lock, it starts again as a
transaction, so its writes land exactly once."""
from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select

from chamabora.db.engine import is_plain_read, make_reader
from chamabora.services.records import audit, members, record_audit
from chamabora.db.transaction import only_reads
from chamabora.db.engine import WriteAttempted


@pytest.mark.parametrize("statement, plain", [
    ("SELECT id FROM members WHERE phone = %(p)s", True),
    ("  select 1", True),
    ("SELECT id FROM memberships WHERE id = 1 FOR NO KEY UPDATE", False),
    ("SELECT id FROM memberships FOR UPDATE", False),
    ("SELECT id FROM memberships FOR KEY SHARE", False),
    ("INSERT INTO audit_log (action) VALUES ('x')", False),
    ("UPDATE members SET language = 'sw'", False),
    ("WITH x AS (DELETE FROM t RETURNING id) SELECT * FROM x", False),
    ("SAVEPOINT sa_savepoint_1", False),
])
def test_only_plain_selects_count_as_reads(statement, plain):
    assert is_plain_read(statement) is plain


def audit_rows(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit)).scalar_one()


def test_a_write_inside_only_reads_is_refused_before_it_reaches_the_database(engine):
    reader = make_reader(engine)
    before = audit_rows(engine)

    def work(conn):  # type: ignore[no-untyped-def]
        conn.execute(select(members.c.id)).all()
        record_audit(conn, "should.not.land")

    with pytest.raises(WriteAttempted):
        only_reads(reader, work)
    assert audit_rows(engine) == before
    if reader is not engine:
        reader.dispose()


def test_read_first_runs_reading_work_once_and_writing_work_again_as_one_transaction(app):
    services = app.extensions["chamabora"]
    engine = services.engine
    calls = []

    def reads(conn):  # type: ignore[no-untyped-def]
        calls.append("reads")
        return conn.execute(select(func.count()).select_from(members)).scalar_one()

    assert services.read_first(reads) == 0
    assert calls == ["reads"]

    calls.clear()
    before = audit_rows(engine)

    def writes(conn):  # type: ignore[no-untyped-def]
        calls.append("writes")
        conn.execute(select(func.count()).select_from(members)).scalar_one()
        conn.execute(insert(audit), {"action": "hop.wrote", "detail": "{}"})
        conn.execute(insert(audit), {"action": "hop.wrote", "detail": "{}"})
        return "done"

    assert services.read_first(writes) == "done"
    assert calls == ["writes", "writes"]  # refused at its first write, then run whole in a transaction
    assert audit_rows(engine) == before + 2


def test_a_refusal_inside_read_first_leaves_nothing_half_written(app):
    services = app.extensions["chamabora"]
    before = audit_rows(services.engine)

    def fails_after_writing(conn):  # type: ignore[no-untyped-def]
        conn.execute(insert(audit), {"action": "hop.partial", "detail": "{}"})
        raise RuntimeError("the hop failed after its first write")

    with pytest.raises(RuntimeError):
        services.read_first(fails_after_writing)
    assert audit_rows(services.engine) == before
