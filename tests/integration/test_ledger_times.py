"""An entry's time reads back as the moment it happened, whatever zone it came in: M-Pesa's
times are Nairobi's, and SQLite keeps a datetime's wall clock without its zone."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from chamabora.core.money import Money
from chamabora.services.contributions import payments
from chamabora.services.ledger.store import entries
from tests.helpers import make_chama, run


def test_a_payment_at_nairobi_time_is_kept_as_the_same_moment(engine):
    chama_id, ids = make_chama(engine, 2, contribution=500, anchor=date(2027, 1, 4))
    paid_at = datetime(2027, 1, 4, 14, 32, tzinfo=ZoneInfo("Africa/Nairobi"))
    run(engine, lambda c: payments.record_payment(c, chama_id, ids[1], Money.shillings(500), "t:1",
                                                  date(2027, 1, 4), now=paid_at))
    stored = run(engine, lambda c: c.execute(select(entries.c.posted_at).where(
        entries.c.idempotency_key.like("%t:1%"))).scalar_one())
    stored = stored if stored.tzinfo else stored.replace(tzinfo=timezone.utc)
    assert stored == paid_at and stored.astimezone(timezone.utc).hour == 11
