"""What one SMS webhook costs, in process (no gunicorn, no load generator):
CPU µs per request (time.process_time), PostgreSQL round trips (statements
plus BEGIN/COMMIT) and Redis round trips, through the Flask test client
against PostgreSQL and Redis with RQ on. `--profile` adds a cProfile of the
request path. CPU time is steadier than latency on a shared machine, so this
is the figure to compare before and after a change.

    .venv/bin/python -m bench.profile_webhooks [--profile]
"""
from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time

import psycopg
import redis
import redis.client
from sqlalchemy import event

from bench.bench_webhooks import REDIS_URL, SECRET, prepared, sms_form
from bench.ledger_setup import PG_BENCH_URL

WARM, REQUESTS = 200, 2000


class Counts:
    """Round trips seen while measuring: each cursor execute and each BEGIN/COMMIT/ROLLBACK sent
    to PostgreSQL, each Redis command or pipeline sent on its own."""

    def __init__(self) -> None:
        self.sql = self.redis = 0

    def install(self, services) -> None:  # type: ignore[no-untyped-def]
        execute, command, pipeline = psycopg.Cursor.execute, redis.Redis.execute_command, redis.client.Pipeline.execute

        def counted_execute(cursor, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.sql += 1
            return execute(cursor, *args, **kwargs)

        def counted_command(client, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.redis += 1
            return command(client, *args, **kwargs)

        def counted_pipeline(pipe, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.redis += 1
            return pipeline(pipe, *args, **kwargs)

        psycopg.Cursor.execute = counted_execute  # type: ignore[method-assign]
        redis.Redis.execute_command = counted_command  # type: ignore[method-assign]
        redis.client.Pipeline.execute = counted_pipeline  # type: ignore[method-assign]
        for name in ("begin", "commit", "rollback"):  # psycopg sends these outside cursors
            event.listen(services.engine, name, self.bump)

    def bump(self, *_args: object) -> None:
        self.sql += 1


def main() -> None:
    if not prepared():
        return
    os.environ.update({"DATABASE_URL": PG_BENCH_URL, "REDIS_URL": REDIS_URL, "WEBHOOK_SECRET": SECRET,
                       "CHAMABORA_ENV": "development", "LOG_LEVEL": "WARNING"})
    from chamabora.app import create_app

    app = create_app()
    client, url = app.test_client(), f"/sms/africastalking?token={SECRET}"
    kind = "application/x-www-form-urlencoded"
    for i in range(WARM):
        client.post(url, data=sms_form(i, "warm"), content_type=kind)
    counts = Counts()
    counts.install(app.extensions["chamabora"])
    profile = cProfile.Profile() if "--profile" in sys.argv else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profile:
        profile.enable()
    for i in range(REQUESTS):
        assert client.post(url, data=sms_form(i, "measure"), content_type=kind).status_code == 200
    if profile:
        profile.disable()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"Africa's Talking inbound SMS with RQ, in process: {1e6 * cpu / REQUESTS:,.0f} µs CPU and "
          f"{1e6 * wall / REQUESTS:,.0f} µs wall per request; {counts.sql / REQUESTS:.1f} PostgreSQL and "
          f"{counts.redis / REQUESTS:.1f} Redis round trips per request")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    app.extensions["chamabora"].close()
    redis.Redis.from_url(REDIS_URL).flushdb()


if __name__ == "__main__":
    main()
