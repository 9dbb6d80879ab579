"""Fraud scorer benchmark (issue 7): single-message latency (p50/p99: parse,
features and score of one forwarded confirmation) and batch throughput,
against the targets p99 <= 1 ms (stretch 200 us) and >= 10,000 messages/s.

The inbox is a synthetic hold-out (genuine and forged, every kind and era),
each message with its context. Batch scoring splits the inbox over worker
processes, one per core (each loads the model once and calls `score_many`
on its share), the way `fraud score` would fan out a large file. Two ways
of handing out the shares are timed: workers forked after the inbox is
loaded, each given a range of it (as workers would each read a byte range
of the input file), and the inbox pickled to the workers in chunks (the
figure before 2026-11-26; pickling a `Context` costs about as much as a
fifth of scoring it, so this one measures the hand-off too). Besides wall
time, each worker's CPU time per message is printed: on a shared machine
the wall figures move with the load average, the CPU figure much less.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

from chamabora.fraud.scorer import default_scorer
from chamabora.fraud.synthetic.dataset import generate

COUNT = int(os.environ.get("BENCH_FRAUD_COUNT", "20000"))
SINGLE = int(os.environ.get("BENCH_FRAUD_SINGLE", "5000"))
_INBOX: list = []   # set before the workers fork, so each reads its range without pickling


def _score(items):  # type: ignore[no-untyped-def]
    scorer = default_scorer()
    started = time.process_time()
    flagged = sum(1 for v in scorer.score_many(items) if v.flagged)
    return flagged, time.process_time() - started


def _score_range(bounds: tuple[int, int]):  # type: ignore[no-untyped-def]
    return _score(_INBOX[bounds[0]:bounds[1]])


def single(inbox) -> tuple[list[float], float]:  # type: ignore[no-untyped-def]
    scorer = default_scorer()
    for text, context in inbox[:500]:  # warm the n-gram cache and the parser
        scorer.score(text, context)
    clock, latencies = time.perf_counter, []
    cpu = time.process_time()
    for text, context in inbox[:SINGLE]:
        started = clock()
        scorer.score(text, context)
        latencies.append(clock() - started)
    return latencies, (time.process_time() - cpu) / len(latencies)


def batch(inbox, workers: int, forked: bool) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Messages per second of wall time, and CPU seconds per message summed over the workers."""
    size = -(-len(inbox) // workers)
    bounds = [(i, min(i + size, len(inbox))) for i in range(0, len(inbox), size)]
    _INBOX[:] = inbox
    job, shares = (_score_range, bounds) if forked else (_score, [inbox[a:b] for a, b in bounds])
    warm = [(a, a + 200) for a, _ in bounds] if forked else [s[:200] for s in shares]
    # As the gc docs advise before fork() without exec(): the collector in a worker then never writes
    # to the inherited objects' headers, which would copy the parent's pages into every worker.
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            list(pool.map(job, warm))  # start and warm every worker first
            started = time.perf_counter()
            results = list(pool.map(job, shares))
            elapsed = time.perf_counter() - started
    finally:
        gc.unfreeze()
    flagged = sum(f for f, _ in results)
    assert 0 < flagged < len(inbox)
    return len(inbox) / elapsed, sum(c for _, c in results) / len(inbox)


def _load() -> str:
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def main() -> None:
    inbox = [(s.text, s.context) for s in generate(4242, COUNT, holdout=True)]
    print(f"{os.cpu_count()} cores, {_load()} at start")
    latencies, cpu = single(inbox)
    ordered = sorted(latencies)
    p50, p99 = ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.99)]
    print(f"single message        p50 {p50 * 1e6:7.1f} us   p99 {p99 * 1e6:7.1f} us   cpu {cpu * 1e6:6.1f} us/msg   "
          f"(target p99 <= 1000 us: {'met' if p99 <= 1e-3 else 'MISSED'}; "
          f"stretch 200 us: {'met' if p99 <= 2e-4 else 'missed'})")
    print(f"                      ({len(ordered) / sum(ordered):,.0f} msg/s on one core, one message at a time)")
    workers = os.cpu_count() or 1
    for forked, how in ((True, "forked, ranges"), (False, "pickled chunks")):
        rate, cpu = batch(inbox, workers, forked)
        print(f"batch of {len(inbox):,} ({how}) {rate:>8,.0f} msg/s on {workers} worker(s)   "
              f"cpu {cpu * 1e6:5.1f} us/msg = {1 / cpu:,.0f} msg/s per busy core   "
              f"(target >= 10,000 msg/s: {'met' if rate >= 10_000 else 'MISSED'})")
    print(_load(), "at end")


if __name__ == "__main__":
    main()
