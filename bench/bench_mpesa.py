"""Benchmark of the M-Pesa confirmation parser on one core.

Prints grammar load time (cold build and from Lark's cache), throughput in
messages per second over the cited corpus, and p50/p99 latency for the
messages of at most 160 characters (one SMS) and for all messages. Throughput
is given per wall second and per CPU second of the process: on a shared
machine the wall figure moves with the load average, the CPU figure much less.
Targets: >= 10,000 msg/s, p99 <= 250 us for one-SMS messages, load <= 5 ms.
"""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from chamabora.parser import mpesa_parser
from chamabora.parser.mpesa_parser import build_parser, parse_mpesa

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "mpesa_messages.json"
ROUNDS = 200


def _load_times() -> tuple[float, float]:
    start = time.perf_counter()
    build_parser(cache=False)
    cold = time.perf_counter() - start
    build_parser()  # writes the cache file if it is missing
    runs = []
    for _ in range(20):
        start = time.perf_counter()
        build_parser()
        runs.append(time.perf_counter() - start)
    return cold, statistics.median(runs)


def _latencies(texts: list[str]) -> list[float]:
    samples = []
    clock = time.perf_counter_ns
    for _ in range(ROUNDS):
        for text in texts:
            start = clock()
            parse_mpesa(text)
            samples.append((clock() - start) / 1000)
    return samples


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    texts = [entry["text"] for entry in json.loads(CORPUS.read_text("utf-8"))]
    short = [text for text in texts if len(text) <= 160]
    cold, cached = _load_times()
    mpesa_parser.parser()
    for text in texts:
        parse_mpesa(text)  # warm up
    start, cpu_start = time.perf_counter(), time.process_time()
    all_samples = _latencies(texts)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    short_samples = _latencies(short)
    print("mpesa confirmations")
    print(f"  grammar load: cold {cold * 1000:.1f} ms, cached {cached * 1000:.2f} ms")
    print(f"  throughput: {len(all_samples) / elapsed:,.0f} msg/s over {len(texts)} messages x {ROUNDS}, "
          f"{len(all_samples) / cpu:,.0f} msg per CPU second (the figure to compare on a shared machine)")
    print(f"  <=160 chars ({len(short)} msgs): p50 {_percentile(short_samples, 0.5):.0f} us, "
          f"p99 {_percentile(short_samples, 0.99):.0f} us")
    print(f"  all messages: p50 {_percentile(all_samples, 0.5):.0f} us, p99 {_percentile(all_samples, 0.99):.0f} us")


if __name__ == "__main__":
    main()
