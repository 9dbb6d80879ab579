"""Storing a callback recognises a repeat in the same statement: a copy of an
event already stored is kept as `duplicate` and asks for no work, unless the
earlier copy was refused or orphaned (a later copy may get past that)."""
from sqlalchemy import select

from chamabora.services.mpesa import callbacks as intake
from chamabora.services.mpesa.callbacks import callbacks
from tests.helpers import run


def record(engine, key, kind="c2b_confirmation"):
    return run(engine, lambda c: intake.record(c, kind, key, "{}", "196.201.214.200"))[1]


def test_a_repeat_is_stored_as_a_duplicate_and_another_kind_with_the_same_key_is_not(engine):
    assert record(engine, "RKTQDM7W6S") == "received"
    assert record(engine, "RKTQDM7W6S") == "duplicate"
    assert record(engine, "RKTQDM7W6S", kind="c2b_validation") == "received"
    with engine.connect() as conn:
        rows = conn.execute(select(callbacks.c.status, callbacks.c.processed_at, callbacks.c.remote_addr)
                            .order_by(callbacks.c.id)).all()
    assert [r.status for r in rows] == ["received", "duplicate", "received"]
    assert rows[0].processed_at is None and rows[1].processed_at is not None
    assert {r.remote_addr for r in rows} == {"196.201.214.200"}


def test_a_copy_after_a_refused_or_orphaned_one_is_tried_afresh(engine):
    for status in ("error", "orphan"):
        key = f"ws_CO_{status}"
        callback_id = run(engine, lambda c: intake.record(c, "stk", key, "{}", None))[0]
        run(engine, lambda c: intake.mark(c, callback_id, status))
        assert record(engine, key, kind="stk") == "received"
        assert record(engine, key, kind="stk") == "duplicate"


def test_validation_stores_every_copy_to_be_answered(engine):
    ids = [run(engine, lambda c: intake.store(c, "c2b_validation", "RKTQDM7W6T", "{}", None)) for _ in range(2)]
    with engine.connect() as conn:
        statuses = conn.execute(select(callbacks.c.status).where(callbacks.c.id.in_(ids))).scalars().all()
    assert statuses == ["received", "received"]
