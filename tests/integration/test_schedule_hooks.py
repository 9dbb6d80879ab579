"""The calendar's held-claim expiry and plan notices, run by the scheduler
with a controlled clock: each fires under a deterministic job id, does its
work once at the first firing it is due, and nothing more when a second
scheduler fires the same moments."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select, update

from chamabora.core.money import Money
from chamabora.core.schedule import NAIROBI
from chamabora.core.subscriptions import Plan
from chamabora.outbox.store import outbox
from chamabora.schedule.backends import InlineBackend
from chamabora.schedule.clock import Clock, job_id
from chamabora.schedule.entries import BY_ID
from chamabora.services.records import members
from chamabora.services.savings.subscriptions import record_renewal, start_subscription
from tests.helpers import make_chama
from tests.integration.test_fraud_flow import CODE, MARY, WHEN, chama, read, reviews, say, sent  # noqa: F401

TRIAL_ENDS = date(2027, 3, 12)


def utc(moment):
    """SQLite hands back naive UTC, PostgreSQL aware times."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def schedulers(services, entry_id):
    """Two schedulers firing the same entry, as after a restart or with a spare one running."""
    return [Clock([BY_ID[entry_id]], InlineBackend(services).fire) for _ in range(2)]


def test_entries_have_deterministic_job_ids():
    at = datetime(2027, 3, 7, 9, 0, tzinfo=NAIROBI)
    assert job_id(BY_ID["plan-notices"], at) == "schedule-plan-notices-20270307T0900"
    assert job_id(BY_ID["held-claim-expiry"], at.astimezone(timezone.utc)) == "schedule-held-claim-expiry-20270307T0900"


def test_a_held_claim_expires_at_the_first_firing_after_its_date_once(chama):  # noqa: F811 - the fraud flow's fixture
    services = chama[0]
    say(services, MARY, sent(CODE, "10,000.00"))
    expires = utc(read(services, select(reviews.c.expires_at))[0].expires_at)
    clocks, moment, expired_by = schedulers(services, "held-claim-expiry"), WHEN, None
    while moment < WHEN + timedelta(days=9):
        for clock in clocks:
            clock.tick(moment)
        if expired_by is None and read(services, select(reviews.c.decision))[0].decision == "expired":
            expired_by = moment
        moment += timedelta(hours=1)
    review = read(services, select(reviews.c.decision, reviews.c.decided_at))[0]
    quarter = expires + timedelta(minutes=-expires.minute % 15, seconds=-expires.second,
                                  microseconds=-expires.microsecond)
    assert expires <= expired_by < expires + timedelta(hours=1)    # not a moment early, in any time zone
    assert utc(review.decided_at) == quarter      # the first quarter-hour firing at or after the hold's end
    told = [r.body for r in read(services, select(outbox.c.body).where(outbox.c.recipient == MARY))
            if "was not checked within 7 days" in r.body]
    assert len(told) == 1


def test_the_chair_is_told_once_before_the_trial_ends_before_renewal_and_in_grace(engine, app):
    services = app.extensions["chamabora"]
    chama_id, ids = make_chama(services.engine, 3)
    services.run(lambda conn: (start_subscription(conn, chama_id, TRIAL_ENDS - timedelta(days=29)),
                               conn.execute(update(members).where(members.c.id == ids[0]).values(language="sw"))))
    clocks, seen, day = schedulers(services, "plan-notices"), {}, date(2027, 3, 1)
    while day <= date(2027, 5, 15):
        if day == date(2027, 3, 20):  # the chair pays for a month of Standard after the trial lapsed
            services.run(lambda conn, paid_on=day: record_renewal(conn, chama_id, Plan.STANDARD, 1,
                                                                  Money.shillings(500), "SUB0320", paid_on))
        for clock in clocks:
            clock.tick(datetime.combine(day, datetime.min.time(), NAIROBI).replace(hour=10))
        with services.engine.connect() as conn:
            rows = conn.execute(select(outbox).where(outbox.c.dedupe_key.like("plan-notice:%"))).all()
        for row in rows:
            seen.setdefault(row.id, (day, row))
        day += timedelta(days=1)
    notices = sorted(seen.values(), key=lambda found: found[0])
    assert [(d, r.dedupe_key, r.recipient, r.channel) for d, r in notices] == [
        (date(2027, 3, 7), f"plan-notice:{chama_id}:trial:2027-03-12", "+254700000001", "sms"),
        (date(2027, 4, 14), f"plan-notice:{chama_id}:active:2027-04-19", "+254700000001", "sms"),
        (date(2027, 4, 20), f"plan-notice:{chama_id}:grace:2027-04-19", "+254700000001", "sms")]
    assert [r.body for _d, r in notices] == [
        ("Umoja: majaribio yanaisha 12/03/2027. Kubaki na mikopo na WhatsApp, tuma BORESHA: mpango wa "
        "Standard, KES 500 kwa mwezi. La sivyo, Bure."),
        ("Umoja: mpango wenu wa Standard umelipiwa hadi tarehe 19/04/2027. Tuma BORESHA (UPGRADE) kuulipia tena "
        "kwa M-Pesa, KES 500 kwa mwezi."),
        ("Umoja: mpango wa Standard uliisha 19/04/2027 na unaendelea hadi 26/04/2027. Tuma BORESHA (UPGRADE) "
        "kuulipia kwa M-Pesa, KES 500 kwa mwezi.")]
