"""Telling open boards that a chama changed: a committed payment or decision is
published once it commits, a rolled-back one never; a live stream sends
`changed`, a heartbeat, and lets go of its subscription when it ends. Over
Redis pub/sub too when TEST_REDIS_URL is given."""
import os
from datetime import date

import pytest
import redis

from chamabora.broadcast import LocalBroadcast, RedisBroadcast, publish_quietly
from chamabora.core.money import Money
from chamabora.services.contributions.payments import record_payment
from chamabora.services.records import record_audit
from chamabora.channels.web import live
from tests.helpers import make_chama

REDIS_URL = os.environ.get("TEST_REDIS_URL")
KINDS = ["local"] + (["redis"] if REDIS_URL else [])


@pytest.fixture(params=KINDS)
def broadcast(request):  # type: ignore[no-untyped-def]
    if request.param == "local":
        yield LocalBroadcast()
        return
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    yield RedisBroadcast(client)
    client.close()


def test_a_committed_payment_is_published_and_a_rolled_back_one_is_not(app, engine):
    services = app.extensions["chamabora"]
    chama_id, ids = make_chama(engine, 3)
    board, elsewhere = services.broadcast.subscribe(chama_id), services.broadcast.subscribe(chama_id + 1)

    def pays_then_fails(conn):  # type: ignore[no-untyped-def]
        record_payment(conn, chama_id, ids[1], Money.shillings(1000), "rolled-back", date(2027, 1, 31))
        raise RuntimeError("the turn failed after the posting")

    with pytest.raises(RuntimeError):
        services.run(pays_then_fails)
    assert board.wait(0) is False
    services.run(lambda conn: record_payment(conn, chama_id, ids[1], Money.shillings(1000), "paid", date(2027, 1, 31)))
    assert board.wait(0) is True and elsewhere.wait(0) is False
    assert board.wait(0) is False   # told once per change
    services.run(lambda conn: record_audit(conn, "payout.approved", chama_id, ids[0], payout=1))
    assert board.wait(0) is True
    board.close()
    elsewhere.close()
    assert services.broadcast.listening() == 0


def test_a_subscription_hears_its_chama_only(broadcast):
    mine, theirs = broadcast.subscribe(7), broadcast.subscribe(8)
    try:
        broadcast.publish([7])
        assert mine.wait(5) is True
        assert theirs.wait(0) is False
        broadcast.publish([7, 7, 8])
        assert mine.wait(5) is True and theirs.wait(5) is True
    finally:
        mine.close()
        theirs.close()


if REDIS_URL:
    def test_redis_databases_of_one_server_do_not_hear_each_other():
        base = REDIS_URL.rsplit("/", 1)[0]
        mine, other = redis.Redis.from_url(f"{base}/4"), redis.Redis.from_url(f"{base}/5")
        listening = RedisBroadcast(mine).subscribe(1)
        try:
            RedisBroadcast(other).publish([1])
            mine.publish(RedisBroadcast(mine).prefix + "1", "fence")   # after it, in Redis's order
            found = (listening.pubsub.get_message(timeout=5) for _ in range(5))   # the first is the subscribe's
            first = next((m for m in found if m is not None), None)
            assert first is not None and first["data"] == b"fence"
        finally:
            listening.close()
            mine.close()
            other.close()


def test_a_stream_says_changed_beats_and_lets_go_when_it_ends(monkeypatch):
    broadcast = LocalBroadcast()
    monkeypatch.setattr(live, "HEARTBEAT", 0.05)
    before = live.open_streams()    # a browser of an earlier test may not have been noticed gone yet
    assert live._take_place(before + 1)
    stream = live.LiveStream(broadcast.subscribe(3), missed=False)
    assert not live._take_place(before + 1)    # the last place is this stream's
    lines = iter(stream)
    assert next(lines).startswith("retry: ")
    broadcast.publish([3])
    assert "event: changed" in next(lines)
    assert next(lines) == ": still here\n\n"
    broadcast.publish([3])
    assert "event: changed" in next(lines)
    broadcast.publish([3])
    broadcast.publish([3])   # a burst right after: told as one, after a calm moment
    assert "event: changed" in next(lines)
    assert next(lines) == ": still here\n\n"
    stream.close()    # the browser went away: the server closes the body
    stream.close()
    assert broadcast.listening() == 0 and live.open_streams() == before


def test_a_reconnected_stream_is_told_at_once_and_a_stream_never_started_still_lets_go():
    broadcast, before = LocalBroadcast(), live.open_streams()
    assert live._take_place(before + 1)
    stream = live.LiveStream(broadcast.subscribe(3), missed=True)
    lines = iter(stream)
    next(lines)
    assert "event: changed" in next(lines)
    stream.close()
    assert live._take_place(before + 1)
    live.LiveStream(broadcast.subscribe(3), missed=False).close()
    assert broadcast.listening() == 0 and live.open_streams() == before


def test_a_stream_whose_redis_goes_away_ends_and_lets_go(caplog):
    broadcast, before = LocalBroadcast(), live.open_streams()
    subscription = broadcast.subscribe(3)
    subscription.wait = lambda seconds: (_ for _ in ()).throw(redis.ConnectionError("gone"))
    assert live._take_place(before + 1)
    stream = live.LiveStream(subscription, missed=False)
    assert [line[:6] for line in stream] == ["retry:"]
    stream.close()
    assert "live stream ended early (ConnectionError)" in caplog.text
    assert broadcast.listening() == 0 and live.open_streams() == before


def test_a_broadcast_that_fails_after_commit_is_logged_not_raised(caplog):
    class RedisAway(LocalBroadcast):
        def publish(self, chama_ids):  # type: ignore[no-untyped-def]
            raise redis.ConnectionError("Connection refused")

    publish_quietly(RedisAway(), {5})
    assert "chama change not broadcast (ConnectionError)" in caplog.text
