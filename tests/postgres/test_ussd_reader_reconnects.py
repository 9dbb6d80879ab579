"""A USSD hop whose read-only connection PostgreSQL has dropped (a restart, a
failover) is still answered, and the dead connection does not go back to
the pool to fail the hops after it."""
from sqlalchemy import text

from tests.e2e.ussd_client import Dialer, register


def test_hops_are_answered_after_the_readers_connection_was_dropped(postgres, make_app):
    app = make_app(postgres.url.render_as_string(hide_password=False))
    services = app.extensions["chamabora"]
    jane = Dialer(app.test_client(), "+254712000001")
    register(jane)
    assert jane.dial().startswith("CON ")
    with services.reader.connect() as conn:  # the reader pool's one connection, as the next hop finds it
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert services.reader.pool.checkedin() == 1
    with postgres.connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        admin.commit()
    for _ in range(3):  # the dead connection is dropped, not handed to the next hop
        opened = jane.dial()
        assert jane.status == 200 and opened.startswith("CON "), opened
