"""Ledger benchmarks (issue: foundation).

1. Single external payments (idempotency key + balanced entry + allocation),
   from 4 writer processes at once: payments/s and latency percentiles.
2. A 10,000-member chama: the time to close a cycle and compute and post its
   payout, and the time to open (levy) the next cycle.
Both on SQLite (the local default) and PostgreSQL.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import tempfile
import time
from datetime import date

from sqlalchemy import text

from chamabora.core.money import Money
from chamabora.db.engine import make_engine
from chamabora.services.contributions import payments
from chamabora.services.payouts import closing as payouts
from chamabora.services.contributions.cycles import ensure_cycles
from chamabora.services.records import load_chama
from chamabora.db.transaction import unit_of_work

from .ledger_setup import build_chama, postgres_engine, sqlite_engine

WRITERS = 4
PAYMENTS_PER_WRITER = int(os.environ.get("BENCH_PAYMENTS", "750"))
PAY_DAY = date(2027, 1, 20)


def _writer(url: str, chama_id: int, member_ids: list[int], writer: int, out, start) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(url, pool_size=1) if not url.startswith("sqlite") else make_engine(url)
    with engine.connect():
        pass  # connect before the clock starts
    start.wait()
    began = time.perf_counter()
    latencies = []
    for i in range(PAYMENTS_PER_WRITER):
        member_id = member_ids[i % len(member_ids)]
        started = time.perf_counter()
        unit_of_work(engine, lambda c: payments.record_payment(
            c, chama_id, member_id, Money(50000), f"bench:{writer}:{i}", PAY_DAY))
        latencies.append(time.perf_counter() - started)
    out.put((began, time.perf_counter(), latencies))
    engine.dispose()


def bench_payments(engine, label: str) -> None:  # type: ignore[no-untyped-def]
    chama_id, ids = build_chama(engine, 400, "PAYBENCH")
    unit_of_work(engine, lambda c: payments.record_payment(c, chama_id, ids[0], Money(100), "warm", PAY_DAY))
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    queue: mp.Queue = mp.Queue()
    start = mp.Barrier(WRITERS)
    share = len(ids) // WRITERS
    procs = [mp.Process(target=_writer, args=(url, chama_id, ids[w * share:(w + 1) * share], w, queue, start))
             for w in range(WRITERS)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = max(r[1] for r in results) - min(r[0] for r in results)
    latencies = [x for r in results for x in r[2]]
    latencies.sort()
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(f"  {label}: {len(latencies)} payments by {WRITERS} writers in {elapsed:.2f} s = "
          f"{len(latencies) / elapsed:,.0f} payments/s; latency p50 {pct(0.5):.2f} ms, "
          f"p99 {pct(0.99):.2f} ms, max {latencies[-1] * 1000:.2f} ms")


def bench_cycle_close(engine, label: str, size: int = 10_000) -> None:  # type: ignore[no-untyped-def]
    chama_id, ids = build_chama(engine, size, "BIGCHAMA")
    chama = unit_of_work(engine, lambda c: load_chama(c, chama_id))
    started = time.perf_counter()
    unit_of_work(engine, lambda c: ensure_cycles(c, chama, PAY_DAY))
    levy = time.perf_counter() - started
    # 90% pay in full, so the close has fines to assess and a pot to net
    for i, member_id in enumerate(ids):
        if i % 10:
            unit_of_work(engine, lambda c, m=member_id, i=i: payments.record_payment(
                c, chama_id, m, Money(100000), f"big:{i}", PAY_DAY))
    # The payments above were 9,000 journal entries in seconds. A running database's autovacuum
    # analyses a table within a minute of that many changes; without it PostgreSQL believes
    # journal_entries is still near-empty and checks each of the close's 20,000 postings' foreign
    # key by scanning it whole (11.9 s here instead of under 2 s).
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    timings = []
    for day in (date(2027, 2, 5),):
        started = time.perf_counter()
        closed = unit_of_work(engine, lambda c: payouts.close_cycle(c, chama_id, None, day))
        timings.append(time.perf_counter() - started)
    print(f"  {label}: {size:,} members: levy a cycle {levy:.2f} s; close cycle + fines + payout "
          f"{timings[0]:.2f} s (pot {closed.gross}, net {closed.net}, fines {closed.fines_levied}; "
          f"this close also opened and levied the next cycle)")


def main() -> None:
    print(f"Ledger benchmarks on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        bench_payments(sqlite_engine(os.path.join(tmp, "pay.db")), "SQLite")
        bench_cycle_close(sqlite_engine(os.path.join(tmp, "close.db")), "SQLite")
    pg = postgres_engine()
    if pg is not None:
        bench_payments(pg, "PostgreSQL")
        pg = postgres_engine()
        bench_cycle_close(pg, "PostgreSQL")
        pg.dispose()


if __name__ == "__main__":
    main()
