"""Fraud scorer benchmark (issue 7): single-message latency (p50/p99: parse,
features and score of one forwarded confirmation) and batch throughput,
against the targets p99 <= 1 ms (stretch 200 us) and >= 10,000 messages/s.

The inbox is a synthetic hold-out (genuine and forged, every kind and era),
each message with its context. Batch scoring splits the inbox over worker
processes, one per core (each loads the model once), the way `fraud score`
would fan out a large file.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor

from chamabora.fraud.scorer import default_scorer
from chamabora.fraud.synthetic.dataset import generate

COUNT = int(os.environ.get("BENCH_FRAUD_COUNT", "20000"))
SINGLE = int(os.environ.get("BENCH_FRAUD_SINGLE", "5000"))


def _score_chunk(chunk):  # type: ignore[no-untyped-def]
    scorer = default_scorer()
    return sum(1 for v in scorer.score_many(chunk) if v.flagged)


def single(inbox) -> list[float]:  # type: ignore[no-untyped-def]
    scorer = default_scorer()
    for text, context in inbox[:500]:  # warm the n-gram cache and the parser
        scorer.score(text, context)
    clock, latencies = time.perf_counter, []
    for text, context in inbox[:SINGLE]:
        started = clock()
        scorer.score(text, context)
        latencies.append(clock() - started)
    return latencies


def batch(inbox, workers: int) -> float:  # type: ignore[no-untyped-def]
    size = -(-len(inbox) // workers)
    chunks = [inbox[i:i + size] for i in range(0, len(inbox), size)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_score_chunk, [c[:200] for c in chunks]))  # start and warm every worker first
        started = time.perf_counter()
        flagged = sum(pool.map(_score_chunk, chunks))
        elapsed = time.perf_counter() - started
    assert 0 < flagged < len(inbox)
    return len(inbox) / elapsed


def main() -> None:
    inbox = [(s.text, s.context) for s in generate(4242, COUNT, holdout=True)]
    ordered = sorted(single(inbox))
    p50, p99 = ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.99)]
    print(f"single message        p50 {p50 * 1e6:7.1f} us   p99 {p99 * 1e6:7.1f} us   "
          f"(target p99 <= 1000 us, stretch 200 us: {'met' if p99 <= 1e-3 else 'MISSED'})")
    one_core = len(ordered) / sum(ordered)
    workers = os.cpu_count() or 1
    rate = batch(inbox, workers)
    print(f"batch of {len(inbox):,}       {rate:>10,.0f} msg/s on {workers} worker(s)   "
          f"({one_core:,.0f} msg/s on one core; target >= 10,000 msg/s: {'met' if rate >= 10_000 else 'MISSED'})")


if __name__ == "__main__":
    main()
