"""USSD hops through gunicorn with PostgreSQL and Redis (issue: USSD).

Open-loop load at fixed rates against POST /ussd/africastalking: half the
hops open a session (the main menu), half answer "2" (balance) in a session
opened about a second earlier. Prints p50/p99 per rate, then the saturation
throughput (closed loop) beside that of a trivial Flask endpoint under the
same settings and that of the floor hop (bench/floor_app.py: the same round
trips and nothing else), in alternating rounds, and the median round.
Each server first gets 2 s of unreported traffic: a worker's first hops
load the grammars and catalogs and open its connections, which a running
service has long done.
"""
from __future__ import annotations

import os
from urllib.parse import urlencode

import redis

from bench.ledger_setup import PG_BENCH_URL, build_chama, postgres_engine

from .loadgen import open_loop, post_form, saturation
from .server import THREADS, WORKERS, gunicorn

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
SECRET = "bench-secret"
MEMBERS = 2000
RATES = (100, 300, 500)
SECONDS = 8
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


def hop_maker(url: str, rate: float):  # type: ignore[no-untyped-def]
    lag = max(1, int(rate / 2))

    def make(i: int) -> bytes:
        session = i // 2
        if i % 2 and session >= lag:
            session, text = session - lag, "2"
        else:
            text = ""
        phone = f"+2541{(2 + session % (MEMBERS - 1)) % 10**8:08d}"
        return post_form(url, urlencode({"sessionId": f"B{int(rate)}-{session}", "serviceCode": "*384#",
                                         "phoneNumber": phone, "networkCode": "63902", "text": text}))
    return make


def main() -> None:
    engine = postgres_engine()
    if engine is None:
        print("  PostgreSQL is needed for this benchmark")
        return
    build_chama(engine, MEMBERS, "USSDBENCH")
    engine.dispose()
    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {"DATABASE_URL": PG_BENCH_URL, "REDIS_URL": REDIS_URL, "WEBHOOK_SECRET": SECRET,
           "CHAMABORA_ENV": "development", "LOG_LEVEL": "WARNING"}
    print(f"USSD hops via gunicorn ({WORKERS} workers x {THREADS} threads), PostgreSQL + Redis, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    with gunicorn("app:app", env) as base, \
            gunicorn("bench.trivial_app:app", {}, ready_path="/ussd/africastalking", method="POST") as trivial_base, \
            gunicorn("bench.floor_app:app", env, ready_path="/ussd/africastalking", method="POST") as floor_base:
        url, trivial_url = f"{base}/ussd/africastalking?token={SECRET}", f"{trivial_base}/ussd/africastalking"
        floor_url = f"{floor_base}/ussd/africastalking"
        open_loop(url, 100, 2, hop_maker(url, 99))  # warm-up, not reported
        open_loop(trivial_url, 100, 2, lambda i: post_form(trivial_url, "text="))
        open_loop(floor_url, 100, 2, hop_maker(floor_url, 99))
        for rate in RATES:
            run = open_loop(url, rate, SECONDS, hop_maker(url, rate))
            print(f"  {rate:>4} hops/s offered: {run.ok} ok, {run.errors} errors; p50 {run.percentile(0.5):.1f} ms, "
                  f"p99 {run.percentile(0.99):.1f} ms, max {max(run.latencies) * 1000:.0f} ms")
        ratios = []
        for round_ in range(ROUNDS):
            # in turns, so that both ceilings are measured on the same machine: a shared host's
            # speed was seen to change by half within a minute
            ours = saturation(url, hop_maker(url, 3000 + round_))
            ceiling = saturation(trivial_url, lambda i: post_form(trivial_url, "text="))
            floor = saturation(floor_url, hop_maker(floor_url, 3000 + round_))
            ratios.append((ours.throughput / ceiling.throughput, ours, ceiling, floor))
            print(f"  saturation, round {round_ + 1}: Chamabora {ours.throughput:,.0f} hops/s "
                  f"({ours.errors} errors, p99 {ours.percentile(0.99):.1f} ms); trivial Flask endpoint "
                  f"{ceiling.throughput:,.0f}/s (ratio {ours.throughput / ceiling.throughput:.2f}); floor hop "
                  f"{floor.throughput:,.0f}/s (ratio {floor.throughput / ceiling.throughput:.2f}); Chamabora / floor "
                  f"{ours.throughput / floor.throughput:.2f}")
    ratio, ours, ceiling, floor = sorted(ratios, key=lambda entry: entry[0])[len(ratios) // 2]
    print(f"  saturation, median round: Chamabora {ours.throughput:,.0f} hops/s; trivial Flask endpoint "
          f"{ceiling.throughput:,.0f}/s (ratio {ratio:.2f}); floor hop {floor.throughput:,.0f}/s "
          f"(ratio {floor.throughput / ceiling.throughput:.2f}); Chamabora / floor {ours.throughput / floor.throughput:.2f}; "
          f"median of the rounds' Chamabora / floor "
          f"{sorted(o.throughput / f.throughput for _r, o, _c, f in ratios)[len(ratios) // 2]:.2f}")


if __name__ == "__main__":
    main()
