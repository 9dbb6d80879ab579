"""USSD hops through gunicorn with PostgreSQL and Redis (issue: USSD).

Open-loop load at fixed rates against POST /ussd/africastalking: half the
hops open a session (the main menu), half answer "2" (balance) in a session
opened about a second earlier. Prints p50/p99 per rate and the saturation
throughput beside that of a trivial Flask endpoint under the same settings.
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
    with gunicorn("app:app", env) as base:
        url = f"{base}/ussd/africastalking?token={SECRET}"
        open_loop(url, 100, 2, hop_maker(url, 99))  # warm-up, not reported
        for rate in RATES:
            run = open_loop(url, rate, SECONDS, hop_maker(url, rate))
            print(f"  {rate:>4} hops/s offered: {run.ok} ok, {run.errors} errors; p50 {run.percentile(0.5):.1f} ms, "
                  f"p99 {run.percentile(0.99):.1f} ms, max {max(run.latencies) * 1000:.0f} ms")
        ours = saturation(url, hop_maker(url, 3000))
    with gunicorn("bench.trivial_app:app", {}, ready_path="/ussd/africastalking", method="POST") as base:
        url = f"{base}/ussd/africastalking"
        open_loop(url, 100, 2, lambda i: post_form(url, "text="))  # warm-up, as for Chamabora
        ceiling = saturation(url, lambda i: post_form(url, "text="))
    print(f"  saturation: Chamabora {ours.throughput:,.0f} hops/s; trivial Flask endpoint {ceiling.throughput:,.0f}/s "
          f"(ratio {ours.throughput / ceiling.throughput:.2f})")


if __name__ == "__main__":
    main()
