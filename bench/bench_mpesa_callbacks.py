"""M-Pesa callback intake benchmark (issue 6).

10,000 distinct C2B confirmations, each delivered three times (30,000
callbacks, the copies shuffled in among the rest so some race each other),
posted to /mpesa/c2b/confirmation through the Flask app by 4 processes. Each
callback is stored raw and applied in its own transaction; receipts are left
in the outbox for the send workers, as in production. Prints the intake rate
and the time to post all 10,000, then checks there was exactly one posting
per confirmation. Targets: >= 1,000 callbacks/s, zero duplicate postings.

Then again on PostgreSQL with Redis, as production runs: each callback is
stored and acknowledged in the request (one autocommitted insert that also
recognises a repeat; a fresh event queues a drain unless one is waiting) and
posted by RQ workers on the money queue running alongside, a batch per
transaction; the intake rate is the requests', and the posting time runs
until the workers have applied them all. CPU per callback is printed too: on
a shared machine it moves far less than the rates.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import tempfile
import time
from dataclasses import replace

from sqlalchemy import func, select

from chamabora.app import create_app
from chamabora.outbox.dispatch import LeavePending
from chamabora.services.mpesa.callbacks import callbacks
from chamabora.services.ledger.store import entries
from chamabora.settings import Settings

from . import ledger_setup
from .ledger_setup import build_chama, sqlite_engine

WORKERS = 4
DISTINCT = int(os.environ.get("BENCH_CONFIRMATIONS", "10000"))
COPIES = 3
MEMBERS = 400
TOKEN = "bench-secret"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
APPLIERS = 2


def _confirmation(n: int) -> bytes:
    return json.dumps({
        "TransactionType": "Pay Bill", "TransID": f"B{n:09d}", "TransTime": "20270120101500",
        "TransAmount": "1000.00", "BusinessShortCode": "600638", "BillRefNumber": f"MPBENCH-{n % MEMBERS + 1}",
        "InvoiceNumber": "", "OrgAccountBalance": "", "ThirdPartyTransID": "", "MSISDN": "2547 ***** 126",
        "FirstName": "JOHN", "MiddleName": "", "LastName": ""}).encode()


def _worker(url: str, numbers: list[int], out, start, redis_url: str | None = None) -> None:  # type: ignore[no-untyped-def]
    app = create_app(Settings.for_tests(url, webhook_secret=TOKEN, redis_url=redis_url))
    if redis_url is None:
        # sending is the workers' job, not the callback's
        app.extensions["chamabora"] = replace(app.extensions["chamabora"], dispatcher=LeavePending())
    client = app.test_client()
    bodies = [_confirmation(n) for n in numbers]
    start.wait()
    began, cpu = time.perf_counter(), time.process_time()
    for body in bodies:
        response = client.post(f"/mpesa/c2b/confirmation?token={TOKEN}", data=body,
                               content_type="application/json")
        assert response.status_code == 200, response.data
    out.put((began, time.perf_counter(), time.process_time() - cpu))
    app.extensions["chamabora"].close()


def _applier(url: str, redis_url: str, intake_done, out) -> None:  # type: ignore[no-untyped-def]
    """An RQ worker on the money queue until the intake has finished and the queue is empty."""
    import redis
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    from chamabora.composition.build import build
    from chamabora.worker import tasks
    from chamabora.jobs.queues import queue as rq_queue

    cpu = time.process_time()
    # receipts stay in the outbox for the send workers, as for the intake above
    services = replace(build(Settings.for_tests(url, webhook_secret=TOKEN, redis_url=redis_url)),
                       dispatcher=LeavePending())
    tasks.use(services)
    connection = redis.Redis.from_url(redis_url)
    money = rq_queue(connection, "money")
    while True:
        SimpleWorker([money], connection=connection, serializer=JSONSerializer).work(
            burst=True, logging_level="WARNING")
        if intake_done.is_set() and money.count == 0:
            break
        time.sleep(0.1)  # each empty burst costs ~4 ms of CPU (RQ registers the worker): poll gently
    out.put((time.perf_counter(), time.process_time() - cpu))
    services.close()


def bench(engine, label: str, redis_url: str | None = None, appliers: int = 0) -> None:  # type: ignore[no-untyped-def]
    build_chama(engine, MEMBERS, "MPBENCH")
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    deliveries = [n for n in range(DISTINCT) for _ in range(COPIES)]
    random.Random(6).shuffle(deliveries)
    queue: mp.Queue = mp.Queue()
    finished: mp.Queue = mp.Queue()
    start = mp.Barrier(WORKERS)
    intake_done = mp.Event()
    procs = [mp.Process(target=_worker, args=(url, deliveries[w::WORKERS], queue, start, redis_url))
             for w in range(WORKERS)]
    helpers = [mp.Process(target=_applier, args=(url, redis_url, intake_done, finished)) for _ in range(appliers)]
    for p in procs + helpers:
        p.start()
    spans = [queue.get() for _ in procs]
    intake_done.set()
    applied = [finished.get() for _ in helpers]
    posted_at = max([a[0] for a in applied] + [s[1] for s in spans])
    for p in procs + helpers:
        p.join()
    elapsed = max(s[1] for s in spans) - min(s[0] for s in spans)
    posting = posted_at - min(s[0] for s in spans)
    with engine.connect() as conn:
        posted = conn.execute(select(func.count()).select_from(entries).where(entries.c.kind == "payment")).scalar()
        distinct_keys = conn.execute(select(func.count(func.distinct(entries.c.idempotency_key)))
                                     .where(entries.c.kind == "payment")).scalar()
        stored = conn.execute(select(func.count()).select_from(callbacks)).scalar()
    duplicates = posted - distinct_keys
    print(f"  {label}: {len(deliveries):,} callbacks ({DISTINCT:,} distinct x{COPIES}) by {WORKERS} processes "
          f"in {elapsed:.2f} s = {len(deliveries) / elapsed:,.0f} callbacks/s; all {DISTINCT:,} posted in "
          f"{posting:.2f} s; postings {posted:,}, duplicate postings {duplicates}, raw payloads stored {stored:,}")
    # CPU seconds are steadier than rates on a shared machine (PostgreSQL's and Redis's own CPU not included)
    cpu = f"    CPU: {1e6 * sum(s[2] for s in spans) / len(deliveries):,.0f} µs per callback in the request processes"
    if applied:
        cpu += f", {1e6 * sum(a[1] for a in applied) / DISTINCT:,.0f} µs per posting in the RQ workers"
    print(cpu + f"; load average {os.getloadavg()[0]:.1f}")
    assert posted == DISTINCT and duplicates == 0 and stored == len(deliveries)
    engine.dispose()


def main() -> None:
    print(f"M-Pesa callback intake on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        bench(sqlite_engine(os.path.join(tmp, "callbacks.db")), "SQLite")
    # its own database, so a concurrent ledger benchmark cannot drop it mid-run
    ledger_setup.PG_BENCH_URL = os.environ.get("BENCH_MPESA_DATABASE_URL", ledger_setup.PG_BENCH_URL + "_mpesa")
    pg = ledger_setup.postgres_engine()
    if pg is not None:
        bench(pg, "PostgreSQL")
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        bench(ledger_setup.postgres_engine(), f"PostgreSQL + Redis, {APPLIERS} RQ workers posting", REDIS_URL, APPLIERS)
        redis.Redis.from_url(REDIS_URL).flushdb()


if __name__ == "__main__":
    main()
