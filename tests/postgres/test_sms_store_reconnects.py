"""The SMS webhook's one-statement store (channels/sms/deferred.py, on the one
autocommit path: db.transaction.one_statement) survives a pooled connection
the server dropped."""
from datetime import datetime, timezone

from sqlalchemy import text

from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.db.engine import make_engine
from chamabora.channels.sms.deferred import store_now


def test_a_stored_message_survives_a_dropped_pooled_connection(postgres):
    engine = make_engine(postgres.url.render_as_string(hide_password=False), pool_size=1, max_overflow=0)
    inbound = Inbound(ChannelKind.SMS, "+254712000001", "BAL", datetime.now(timezone.utc), "africastalking",
                      "ATXid_drop")
    with engine.connect() as conn:  # the pool's only connection: the one the store will take
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    admin = make_engine(postgres.url.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    try:
        assert store_now(engine, inbound) == 1  # the dead connection is dropped and a fresh one stores it
        assert store_now(engine, inbound) is None  # the provider's retry stores nothing
    finally:
        engine.dispose()
