"""Web benchmarks (issue 19).

1. The officers' cycle board (`/chamas/<CODE>`) of a 10,000-member chama, half of whose
   members have paid this cycle, as its chair opens it, and its live part (`/rows`, what an
   open board fetches again on `changed`): p50/p95/max server time beside the login page
   (`/login`) in the same run, alternating. Server time is the app's own time for
   one request (a WSGI call in this process, one at a time, no network), on SQLite and on
   PostgreSQL.
2. The live-update delay: a chair's board is open (an SSE client on `/chamas/<CODE>/events`
   over HTTP) while payments are booked one by one; from the start of each payment's unit of
   work (its commit included) to the client reading `changed`. In-process on SQLite; on
   PostgreSQL over Redis pub/sub when REDIS_URL, BENCH_REDIS_URL or TEST_REDIS_URL is given.
Targets: board p95 <= 200 ms, live delay p95 <= 1 s.
"""
from __future__ import annotations

import gc
import logging
import os
import queue
import tempfile
import threading
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import requests
import time_machine

from chamabora.app import create_app
from chamabora.core.money import Money
from chamabora.providers.mpesa.simulator.server import serve
from chamabora.services.contributions import payments
from chamabora.services.people import web_sessions
from chamabora.settings import Settings
from chamabora.channels.web import live

from .ledger_setup import PG_BENCH_URL, build_chama, postgres_engine, sqlite_engine

MEMBERS = 10_000
PAGES = int(os.environ.get("BENCH_WEB_PAGES", "60"))
PAYMENTS = int(os.environ.get("BENCH_WEB_PAYMENTS", "40"))
PG_WEB_URL = os.environ.get("BENCH_WEB_DATABASE_URL", PG_BENCH_URL + "_web")
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("BENCH_REDIS_URL") or os.environ.get("TEST_REDIS_URL")
# a day in the chama's first cycle: the board reads "this cycle" from the clock
PAY_DAY = datetime(2027, 1, 20, 9, 0, tzinfo=ZoneInfo("Africa/Nairobi"))
CODE = "WEBBENCH"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def figures(values: list[float]) -> str:
    return (f"p50 {percentile(values, 0.5):.1f} ms, p95 {percentile(values, 0.95):.1f} ms, "
            f"max {max(values) * 1000:.1f} ms")


def chama_with_payments(engine, paid: int):  # type: ignore[no-untyped-def]
    """The bench chama; `paid` of its members have paid this cycle's contribution."""
    chama_id, ids = build_chama(engine, MEMBERS, CODE)
    with engine.begin() as conn:
        for i, member_id in enumerate(ids[:paid]):
            payments.record_payment(conn, chama_id, member_id, Money.shillings(1000), f"web-bench:{i}",
                                    PAY_DAY.date(), now=PAY_DAY)
    return chama_id, ids


def chair_cookie(services, chair_id: int) -> str:  # type: ignore[no-untyped-def]
    token, _new = services.run(lambda conn: web_sessions.start(
        conn, 30, datetime.now(timezone.utc), "bench-browser-0123456789", "bench", member_id=chair_id))
    return token


def app_for(url: str, redis_url: str | None = None):  # type: ignore[no-untyped-def]
    env = {"DATABASE_URL": url, "LOG_LEVEL": "WARNING", "CHAMABORA_ENV": "development", "WEB_SECURE_COOKIES": "0"}
    if redis_url:
        env["REDIS_URL"] = redis_url
    made = create_app(Settings.from_env(env))
    gc.collect()
    gc.freeze()   # as app.py does once the app is built: start-up's objects are not walked again
    return made


def bench_board(url: str, label: str, chair_id: int) -> None:
    app = app_for(url)
    services = app.extensions["chamabora"]
    chair, stranger = app.test_client(), app.test_client()
    chair.set_cookie("cb_session", chair_cookie(services, chair_id))
    board, rows, searched, login = [], [], [], []
    size = 0
    for round_ in range(PAGES + 5):   # the first five warm the pools, templates and catalogs
        for client, path, into in ((chair, f"/chamas/{CODE}", board), (chair, f"/chamas/{CODE}/rows", rows),
                                   (chair, f"/chamas/{CODE}/rows?q=Member%20123&filter=owing&sort=name", searched),
                                   (stranger, "/login", login)):
            started = time.perf_counter()
            response = client.get(path)
            took = time.perf_counter() - started
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            size = len(response.data) if into is board else size
            if round_ >= 5:
                into.append(took)
    print(f"  {label}: board of {MEMBERS:,} members ({size // 1024} KiB): {figures(board)}; its live part "
          f"(/rows, what an open board fetches on `changed`): {figures(rows)}; searched, who owes, by name: "
          f"{figures(searched)}; /login: {figures(login)}; "
          f"{PAGES} of each")
    services.close()


def bench_live(url: str, chama_id: int, ids: list[int], redis_url: str | None) -> None:
    app = app_for(url, redis_url)
    services = app.extensions["chamabora"]
    server = serve(app)
    received: queue.Queue[float] = queue.Queue()
    opened = threading.Event()
    session = requests.Session()
    session.cookies.set("cb_session", chair_cookie(services, ids[0]))
    stream = session.get(f"{server.url}/chamas/{CODE}/events", stream=True, timeout=30)

    def listen() -> None:
        try:
            for line in stream.iter_lines(chunk_size=None, decode_unicode=True):
                if line.startswith("retry:"):
                    opened.set()
                elif line == "event: changed":
                    received.put(time.perf_counter())
        except Exception:  # noqa: BLE001 - the bench closed the stream under it: the client went away
            return

    reader = threading.Thread(target=listen, daemon=True)
    reader.start()
    opened.wait(10)
    delays = []
    for i in range(PAYMENTS):
        member_id = ids[MEMBERS // 2 + i]
        started = time.perf_counter()
        services.run(lambda conn: payments.record_payment(conn, chama_id, member_id, Money.shillings(1000),
                                                          f"web-live:{i}", PAY_DAY.date(), now=PAY_DAY))
        delays.append(received.get(timeout=10) - started)
        time.sleep(live.CALM + 0.1)   # payments apart: a burst within CALM is told as one, on purpose
    how = ("PostgreSQL, Redis pub/sub" if redis_url else
           ("SQLite" if url.startswith("sqlite") else "PostgreSQL") + ", in-process")
    print(f"  live update ({how}): payment's unit of work started to `changed` read by an SSE client over HTTP: "
          f"{figures(delays)}; {PAYMENTS} payments")
    stream.close()
    session.close()
    server.stop()
    # the server's stream thread notices the client gone at its next heartbeat; closing Redis under it
    # first ends it early, as it should, with a warning that means nothing here
    logging.getLogger("chamabora.channels.web.live").setLevel(logging.ERROR)
    services.close()


def main() -> None:
    print(f"Web pages, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    with time_machine.travel(PAY_DAY, tick=True):
        with tempfile.TemporaryDirectory() as folder:
            engine = sqlite_engine(os.path.join(folder, "web.db"))
            chama_id, ids = chama_with_payments(engine, MEMBERS // 2)
            url = engine.url.render_as_string(hide_password=False)
            engine.dispose()
            bench_board(url, "SQLite", ids[0])
            bench_live(url, chama_id, ids, None)
        engine = postgres_engine(PG_WEB_URL)
        if engine is None:
            return
        chama_id, ids = chama_with_payments(engine, MEMBERS // 2)
        engine.dispose()
        bench_board(PG_WEB_URL, "PostgreSQL", ids[0])
        bench_live(PG_WEB_URL, chama_id, ids, REDIS_URL)


if __name__ == "__main__":
    main()
