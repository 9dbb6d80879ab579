"""The officers' board of a 10,000-member chama (issue 19): server time of
`/chamas/<CODE>` (first page, and searched), its `/rows` fragment and the
CSV of everyone, beside a trivial page (the member's home, /) in the same run, on
PostgreSQL. Nine members in ten have paid this cycle. Measured in process
through Flask's test client: the time is the server's, not the network's.
The target is p95 <= 200 ms for the board."""
from __future__ import annotations

import statistics
import time
from datetime import date, datetime, timezone

import time_machine
from sqlalchemy import text

from chamabora import create_app
from chamabora.core.money import Money
from chamabora.services import payments, web_sessions
from chamabora.services.cycles import ensure_cycles
from chamabora.services.records import load_chama
from chamabora.services.transaction import unit_of_work
from chamabora.settings import Settings

from .ledger_setup import PG_BENCH_URL, build_chama, postgres_engine

SIZE = 10_000
CODE = "BOARDX"
PAY_DAY = date(2027, 1, 20)
RUNS = 40


def p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]


def timed(client, path: str) -> list[float]:  # type: ignore[no-untyped-def]
    client.get(path)   # warm: templates compiled, connections open
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        answer = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return samples


def main() -> None:
    engine = postgres_engine()
    if engine is None:
        print("  PostgreSQL is needed for this benchmark")
        return
    chama_id, ids = build_chama(engine, SIZE, CODE)
    chama = unit_of_work(engine, lambda c: load_chama(c, chama_id))
    unit_of_work(engine, lambda c: ensure_cycles(c, chama, PAY_DAY))
    for i, member_id in enumerate(ids):
        if i % 10:
            unit_of_work(engine, lambda c, m=member_id, i=i: payments.record_payment(
                c, chama_id, m, Money(100000), f"board:{i}", PAY_DAY))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    traveller = time_machine.travel(datetime(2027, 1, 21, 6, tzinfo=timezone.utc), tick=True)
    traveller.start()   # the day after most paid: the cycle under way
    token, _new = unit_of_work(engine, lambda c: web_sessions.start(
        c, 30, datetime.now(timezone.utc), "bench-device-0123456789", "bench", member_id=ids[0]))
    engine.dispose()
    app = create_app(Settings.for_tests(PG_BENCH_URL))
    client = app.test_client()
    client.set_cookie("cb_session", token)
    print(f"Officers' board, {SIZE:,} members on PostgreSQL, {RUNS} requests each (server time, ms)")
    for label, path in (("trivial page / (my chamas)", "/"), ("board, first page", f"/chamas/{CODE}"),
                        ("board, search by name", f"/chamas/{CODE}?q=Member%20123&sort=name"),
                        ("board rows fragment, who owes", f"/chamas/{CODE}/rows?filter=owing"),
                        ("board CSV, everyone", f"/chamas/{CODE}/board.csv")):
        samples = timed(client, path)
        print(f"  {label:32s} p50 {statistics.median(samples):7.1f}  p95 {p95(samples):7.1f}")
    traveller.stop()
    app.extensions["chamabora"].close()


if __name__ == "__main__":
    main()
