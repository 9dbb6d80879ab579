"""`python -m tests.fuzz [examples per route]`: the fuzz suite's figures:
requests per route, their statuses, and the 5xx count. On a fresh SQLite
database, or on PostgreSQL given FUZZ_DATABASE_URL (its schema is dropped
and rebuilt: name a scratch database)."""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from chamabora.app import create_app
from chamabora.db.engine import make_engine
from chamabora.settings import Settings
from tests.conftest import migrate, reset_postgres
from tests.e2e.messaging import messaging
from tests.fuzz.harness import Tally
from tests.fuzz.runs import fuzz_route, simulator_client
from tests.fuzz.shapes import ROUTES, SIMULATOR_ROUTES


def main() -> int:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("FUZZ_EXAMPLES", "200"))
    tally, began = Tally(), time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("FUZZ_DATABASE_URL") or f"sqlite:///{folder}/fuzz.db"
        engine = make_engine(url)
        if engine.dialect.name == "postgresql":
            reset_postgres(engine)
        migrate(engine)
        app = create_app(Settings.for_tests(url, messaging=messaging(
            Path(folder), infobip_api_key="ib-key", infobip_base_url="https://x.api.infobip.com")))
        client = app.test_client()
        for route in sorted(ROUTES):
            try:
                fuzz_route(client, engine, ROUTES[route], tally, examples)
            except AssertionError as failure:
                print(f"FAILED {route}: {failure}", file=sys.stderr)
        sim, state = simulator_client()
        for route in sorted(SIMULATOR_ROUTES):
            try:
                fuzz_route(sim, None, SIMULATOR_ROUTES[route], tally, examples)
            except AssertionError as failure:
                print(f"FAILED {route}: {failure}", file=sys.stderr)
        state.cancel_all()
        app.extensions["chamabora"].close()
        engine.dispose()
    print(f"database: {url.split('://')[0]}, {examples} examples per route")
    print(tally.table())
    print(f"{len(tally.statuses)} routes, {tally.requests()} requests in {time.monotonic() - began:.1f} s; "
          f"refused requests that stored rows: {sum('stored rows' in p for p in tally.problems)}")
    return 1 if tally.problems else 0


if __name__ == "__main__":
    sys.exit(main())
