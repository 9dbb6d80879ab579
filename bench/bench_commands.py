"""Command parser benchmark (issue 3): throughput, latency and grammar load time.

Parses a realistic inbox of member commands (all at most 160 characters, in
English and Swahili, some malformed) on one core, and prints messages per
second with p50/p99 latency, against the targets: >= 10,000 msg/s, p99 <=
250 us, grammar load <= 5 ms. Load is timed cold (no Lark cache: what the
first start after a grammar change pays) and cached (every later start).
"""
from __future__ import annotations

import os
import statistics
import time
from datetime import date

from chamabora.parser.command_errors import ParseFailure
from chamabora.parser.command_parser import build_parser, parse_command, parser

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "400"))
TODAY = date(2026, 5, 14)

VALID = [
    "BAL", "#salio", "SALIO YANGU", "PAY 500", "pay 1,500 umoja", "LIPA SH 500", "lipa umoja 2k",
    "LIPA MKOPO 1000", "repay ksh 2,500", "LOAN 5000 6 MONTHS", "MKOPO 5000 MIEZI 6",
    "STATEMENT", "taarifa umoja", "NEXT", "zamu ya nani", "FINES", "faini", "JOIN UMOJA",
    "jiunge tujenge", "INVITE 0712345678", "alika +254 712 345 678 kwa umoja",
    "REGISTER Jane Wanjiru", "sajili Mary Akinyi Otieno", "CREATE CHAMA Umoja Women 500 MONTHLY",
    "unda chama Tujenge 200 kila wiki", "GOAL School fees 20000 BY 31/01/2027",
    "lengo Ada ya shule 50,000 kufikia mwisho wa mwezi", "SAVE 500 School fees", "weka 1.5k",
    "APPROVE QGH7XK2L9P", "REJECT QGH7XK2L9P the amount does not match what we received, please resend",
    "ROLE 0712345678 TREASURER", "cheo 0712345678 katibu", "LANG SW", "lugha english", "HELP",
    "msaada mkopo", "STOP", "ANZA", "MKOPO", "UPGRADE", "boresha premium miezi 3", "KUBALI DHAMANA L12",
    "DECLINE GUARANTEE L12", "YES", "ndio W7", "HAPANA",
]
MALFORMED = [
    "PAY five hundred", "lipa mia tano", "balanc", "loan 5000", "goal fees 2000 by 31/02/2027",
    "invite 12345", "hello, how do I join?", "pay 500 umoja now please",
]


def _time_parses(messages: list[str]) -> list[float]:
    latencies = []
    clock = time.perf_counter
    for _ in range(ROUNDS):
        for text in messages:
            started = clock()
            try:
                parse_command(text, today=TODAY)
            except ParseFailure:
                pass
            latencies.append(clock() - started)
    return latencies


def _report(label: str, latencies: list[float]) -> None:
    ordered = sorted(latencies)
    p50 = ordered[len(ordered) // 2]
    p99 = ordered[int(len(ordered) * 0.99)]
    rate = len(ordered) / sum(ordered)
    print(f"{label:<34} {rate:>10,.0f} msg/s   p50 {p50 * 1e6:7.1f} us   p99 {p99 * 1e6:7.1f} us"
          f"   (targets >=10,000 msg/s, p99 <=250 us: {'met' if rate >= 10_000 and p99 <= 250e-6 else 'MISSED'})")


def _median_ms(action, repeat: int = 7) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e3


def bench_load() -> None:
    build_parser(cache=True)  # make sure the cache file exists before timing the cached load
    cold = _median_ms(lambda: build_parser(cache=False), repeat=3)
    cached = _median_ms(lambda: build_parser(cache=True))
    parser()
    singleton = _median_ms(parser) * 1e3
    print(f"{'grammar load, cold (no cache)':<34} {cold:10.2f} ms")
    print(f"{'grammar load, Lark cache':<34} {cached:10.2f} ms   (target <=5 ms: {'met' if cached <= 5 else 'MISSED'})")
    print(f"{'parser() after first use':<34} {singleton:10.2f} us")


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the targets say
    assert max(len(text) for text in VALID + MALFORMED) <= 160
    bench_load()
    _time_parses(VALID)  # warm caches and the allocator before measuring
    _report(f"valid commands ({len(VALID)} kinds)", _time_parses(VALID))
    mix = VALID + MALFORMED
    _report(f"inbox with {len(MALFORMED)}/{len(mix)} malformed", _time_parses(mix))
    _report("malformed only (hint lookup)", _time_parses(MALFORMED))


if __name__ == "__main__":
    main()
