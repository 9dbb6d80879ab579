"""USSD tests run with the in-process session store and with Redis."""
import os

import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(params=["memory-sessions", "redis-sessions"])
def ussd_app(request, engine, make_app):
    if request.param == "memory-sessions":
        return make_app(engine.url.render_as_string(hide_password=False))
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    return make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
