"""The composition root: what the configuration chooses, chosen once, and
nothing swapped afterwards. Building connects to nothing (connections open
lazily), so an unreachable Redis URL is enough to see the production shape."""
from dataclasses import FrozenInstanceError

import pytest

from chamabora.composition.build import build
from chamabora.jobs.queues import RQDispatcher
from chamabora.outbox.dispatch import InlineDispatcher
from chamabora.providers.sessions import MemorySessions, RedisSessions
from chamabora.settings import Settings


def test_the_local_default_runs_everything_in_this_process(tmp_path):
    root = build(Settings.for_tests(f"sqlite:///{tmp_path / 'local.db'}"))
    try:
        assert not root.settings.jobs_enabled and root.jobs is None and root.redis is None
        assert isinstance(root.dispatcher, InlineDispatcher) and isinstance(root.sessions, MemorySessions)
        assert {"sms", "whatsapp", "email"} <= set(root.senders)
    finally:
        root.close()


def test_with_redis_the_queues_take_the_outbox_and_sessions_live_in_redis(tmp_path):
    root = build(Settings.for_tests(f"sqlite:///{tmp_path / 'jobs.db'}", redis_url="redis://127.0.0.1:1/0"))
    try:
        assert root.settings.jobs_enabled and isinstance(root.jobs, RQDispatcher) and root.dispatcher is root.jobs
        assert isinstance(root.sessions, RedisSessions)
    finally:
        root.close()


def test_the_root_is_not_rewired_after_it_is_built(tmp_path):
    root = build(Settings.for_tests(f"sqlite:///{tmp_path / 'frozen.db'}"))
    try:
        with pytest.raises(FrozenInstanceError):
            root.dispatcher = InlineDispatcher(root.engine, {})  # type: ignore[misc]
    finally:
        root.close()
