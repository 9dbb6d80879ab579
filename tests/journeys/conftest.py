"""The deployment a journey runs against.

On SQLite it is the local default: one process, messages sent inline. On
PostgreSQL (CI) it is production's shape: Redis for sessions and jobs, and RQ
workers that `World.settle()` runs until their queues are empty. Either way
Chamabora listens on a loopback port, so the Daraja simulator (its own server
on another port) calls it back over real HTTP.
"""
from __future__ import annotations

import os

import pytest
import redis
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from chamabora.jobs import queues as rq_queues
from chamabora.worker import tasks
from chamabora.providers.mpesa.simulator.app import SANDBOX_PASSKEY, create_simulator_app
from chamabora.providers.mpesa.simulator.server import serve
from chamabora.providers.mpesa.simulator.state import SimulatorState
from chamabora.config.sms import MessagingSettings

from .browser import browser, chromium  # noqa: F401 - the fixtures of the web journeys
from .world import PUBLIC, TWILIO_SID, TWILIO_TOKEN, World

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def messaging(tmp_path) -> MessagingSettings:  # type: ignore[no-untyped-def]
    return MessagingSettings(twilio_account_sid=TWILIO_SID, twilio_auth_token=TWILIO_TOKEN,
                             public_base_url=PUBLIC, media_dir=str(tmp_path / "media"))


def rq_worker(services):  # type: ignore[no-untyped-def]
    """One burst of an RQ worker over every queue, as `flask worker` serves them."""
    tasks.use(services)

    def run_jobs() -> bool:
        waiting = rq_queues.queues(services.redis)
        if not any(q.count for q in waiting):
            return False
        SimpleWorker(waiting, connection=services.redis, serializer=JSONSerializer).work(burst=True)
        return True

    return run_jobs


@pytest.fixture
def world(request, engine, make_app, tmp_path):  # type: ignore[no-untyped-def]
    """`@pytest.mark.world_settings(**overrides)` deploys with other settings (limits, for one)."""
    marker = request.node.get_closest_marker("world_settings")
    overrides = dict(marker.kwargs) if marker is not None else {}
    state = SimulatorState(passkey=SANDBOX_PASSKEY, delay=0.01)
    simulator = serve(create_simulator_app(state))
    holder: dict[str, object] = {}
    ours = serve(lambda environ, start: holder["app"](environ, start))  # type: ignore[operator]
    uses_redis = engine.dialect.name == "postgresql"
    if uses_redis:
        redis.Redis.from_url(REDIS_URL).flushdb()
    app = make_app(engine.url.render_as_string(hide_password=False), mpesa_base_url=simulator.url,
                   mpesa_callback_base_url=ours.url, messaging=messaging(tmp_path),
                   redis_url=REDIS_URL if uses_redis else None, **overrides)
    holder["app"] = app
    services = app.extensions["chamabora"]
    made = World(app, simulator.url, state, rq_worker(services) if uses_redis else (lambda: False))
    made.url = ours.url  # where a browser reaches this deployment
    made.cli("daraja", "register-c2b")
    yield made
    made.stop()
    state.cancel_all()
    ours.stop()
    simulator.stop()


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """A journey in the browser runs once: on PostgreSQL with Redis where they are configured (CI,
    production's shape, live updates over pub/sub), else on SQLite. What differs between the two
    databases is covered by every other test, which runs on both; a browser only adds its own
    seconds twice."""
    if not os.environ.get("TEST_DATABASE_URL"):
        return
    twice = [item for item in items if "browser" in getattr(item, "fixturenames", ())
             and getattr(getattr(item, "callspec", None), "params", {}).get("engine") == "sqlite"]
    if twice:
        config.hook.pytest_deselected(items=twice)
        items[:] = [item for item in items if item not in twice]
