"""SMS webhook intake and outbox sending (issue: SMS and WhatsApp).

Intake: Africa's Talking inbound SMS posted to gunicorn on loopback with
PostgreSQL and Redis, open-loop at fixed rates from a separate load process;
each request is verified (webhook secret), decoded, answered by the engine,
persisted (inbound record, reply in the outbox, member's channel) and its
reply queued on RQ, then acknowledged. Half the members ask for HELP, half
for their balance.

Sending: one RQ worker drains 20,000 queued notices (batch jobs) through
the real Africa's Talking SDK with its HTTP answered by `responses`, and
again with a sender that returns at once, to show the outbox's own cost.
`bench/profile_webhooks.py` gives one webhook's CPU and round trips.
"""
from __future__ import annotations

import os
import time
from urllib.parse import urlencode

import redis
import responses
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from bench.ledger_setup import PG_BENCH_URL, build_chama, postgres_engine

from .loadgen import open_loop, post_form, saturation
from .server import gunicorn

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SECRET = "bench-secret"
MEMBERS = 2000
RATES = (500, 1000)
SECONDS = 6
WARM_SECONDS = 2   # the load generator opens its connections at the start of each rate
NOTICES = 20_000
AT_URL = "https://api.africastalking.com/version1/messaging"
AT_ANSWER = {"SMSMessageData": {"Message": "Sent to 1/1", "Recipients": [
    {"statusCode": 101, "number": "+254712345678", "status": "Success", "cost": "KES 0.8", "messageId": "ATXid_b"}]}}


def sms_form(i: int, run: str) -> str:
    """Africa's Talking's inbound SMS form: half the members ask for HELP, half for their balance."""
    phone = f"+2541{(2 + i % (MEMBERS - 1)) % 10**8:08d}"
    return urlencode({"from": phone, "to": "22384", "text": "HELP" if i % 2 else "BAL", "date": "2027-01-10 09:00:00",
                      "id": f"ATXid_{run}_{i}", "linkId": "", "networkCode": "63902"})


def sms_maker(url: str, run: str):  # type: ignore[no-untyped-def]
    return lambda i: post_form(url, sms_form(i, run))


def prepared() -> bool:
    """A fresh benchmark database with the SMS chama, and an empty Redis; False without PostgreSQL."""
    engine = postgres_engine()
    if engine is None:
        print("  PostgreSQL is needed for this benchmark")
        return False
    build_chama(engine, MEMBERS, "SMSBENCH")
    engine.dispose()
    redis.Redis.from_url(REDIS_URL).flushdb()
    return True


def intake(env: dict[str, str]) -> None:
    print(f"SMS webhook intake via gunicorn (4 workers x 4 threads), PostgreSQL + Redis, {os.cpu_count()} cores")
    with gunicorn("app:app", env) as base:
        url = f"{base}/sms/africastalking?token={SECRET}"
        # warm at the first measured rate, so every worker thread has opened its pooled connections
        open_loop(url, RATES[0], 2, sms_maker(url, "warm"))
        for rate in RATES:
            run = open_loop(url, rate, SECONDS + WARM_SECONDS, sms_maker(url, str(rate)))
            steady = run.after(WARM_SECONDS)
            print(f"  {rate:>5} webhooks/s offered: {run.ok} ok, {run.errors} errors; p50 {run.percentile(0.5):.1f} ms, "
                  f"p99 {run.percentile(0.99):.1f} ms, max {max(run.latencies) * 1000:.0f} ms; after the first "
                  f"{WARM_SECONDS} s (client connections open): p50 {steady.percentile(0.5):.1f} ms, "
                  f"p99 {steady.percentile(0.99):.1f} ms")
        ceiling = saturation(url, sms_maker(url, "saturate"))
        print(f"  saturation: {ceiling.throughput:,.0f} webhooks/s")


def sending(label: str, sender) -> None:  # type: ignore[no-untyped-def]
    from chamabora.composition.build import build
    from chamabora.worker import tasks
    from chamabora.jobs.queues import queues
    from chamabora.outbox.store import Channel, Purpose, enqueue
    from chamabora.settings import Settings

    services = build(Settings(database_url=PG_BENCH_URL, redis_url=REDIS_URL, webhook_secret=SECRET))
    services.senders["sms"] = sender
    tasks.use(services)
    services.run(lambda c: [enqueue(c, Channel.SMS, f"+2541{n % 10**8:08d}", "Contribution due Friday",
                                    purpose=Purpose.NOTICE) for n in range(NOTICES)])
    worker = SimpleWorker(queues(services.redis), connection=services.redis, serializer=JSONSerializer)
    started = time.perf_counter()
    worker.work(burst=True, logging_level="WARNING")
    elapsed = time.perf_counter() - started
    print(f"  {label}: {NOTICES:,} notices in {elapsed:.2f} s = {NOTICES / elapsed:,.0f} msgs/s on one worker")
    services.close()


def main() -> None:
    if not prepared():
        return
    intake({"DATABASE_URL": PG_BENCH_URL, "REDIS_URL": REDIS_URL, "WEBHOOK_SECRET": SECRET,
            "CHAMABORA_ENV": "development", "LOG_LEVEL": "WARNING"})
    redis.Redis.from_url(REDIS_URL).flushdb()
    print("Outbox sending: batch jobs on one RQ worker (SimpleWorker), PostgreSQL + Redis")
    from chamabora.providers.messaging.sms import AfricasTalkingSms

    with responses.RequestsMock() as stub:
        stub.post(AT_URL, json=AT_ANSWER)
        sending("Africa's Talking SDK, HTTP stubbed", AfricasTalkingSms("chamabora", "bench-key"))
    from chamabora.outbox.sending import RecordingSender

    sending("sender returning at once", RecordingSender())
    redis.Redis.from_url(REDIS_URL).flushdb()


if __name__ == "__main__":
    main()
