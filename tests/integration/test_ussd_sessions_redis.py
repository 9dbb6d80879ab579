"""USSD sessions in Redis through the service's own redis-py client, on a
real Redis: the database the URL names, TLS with the certificate checked, a
dropped connection replaced without the hop noticing, a hung server an
error within seconds, and a reply cut off half-read never handed to the
next caller (it could be another member's session)."""
import os
import socket
import subprocess
import threading
import time
import uuid

import pytest
import redis

from chamabora.providers.sessions import RedisSessions

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def service_redis(engine, make_app):  # type: ignore[no-untyped-def]
    """The redis-py client the application built for REDIS_URL."""
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=REDIS_URL)
    return app.extensions["chamabora"].redis


def session_id() -> str:
    return f"test-{uuid.uuid4().hex}"


def test_sessions_reach_the_urls_database_and_keep_their_expiry(service_redis):
    store, sid = RedisSessions(service_redis), session_id()
    assert store.load(sid) is None
    assert store.start(sid, {"menu": "main"})
    assert not store.start(sid, {"menu": "other"})  # SET NX: a replayed first hop finds it taken
    assert store.load(sid) == {"menu": "main"}
    store.save(sid, {"menu": "balance"})
    assert store.load_raw(sid) == b'{"menu":"balance"}'
    direct = redis.Redis.from_url(REDIS_URL)
    assert direct.get("chamabora:ussd:" + sid) == b'{"menu":"balance"}'
    assert 170 <= direct.ttl("chamabora:ussd:" + sid) <= 180
    direct.close()


def test_a_connection_the_server_dropped_is_replaced_without_the_hop_noticing(service_redis):
    store, sid = RedisSessions(service_redis), session_id()
    store.save(sid, {"menu": "main"})
    admin = redis.Redis.from_url(REDIS_URL)
    assert admin.client_kill_filter(_type="normal", skipme=True) >= 1
    admin.close()
    assert store.load(sid) == {"menu": "main"}


def test_a_server_that_does_not_answer_is_an_error_within_seconds(service_redis):
    blocked = RedisSessions(service_redis)
    started = time.monotonic()
    with pytest.raises(redis.RedisError):
        blocked.redis.blpop([session_id()], timeout=0)  # blocks for ever on the server side
    assert time.monotonic() - started < 10  # the socket timeout, and one retry on a fresh connection


def test_a_reply_cut_off_half_read_is_never_read_as_the_next_callers(engine, make_app):
    """A server whose first connection sends half a reply, stalls past the client's timeout, then
    sends the rest; every later connection answers `theirs`. The half-read connection must be dropped:
    no caller may ever read `mine-half-read`."""
    listener = socket.create_server(("127.0.0.1", 0))
    port, stop, connections = listener.getsockname()[1], threading.Event(), []

    def serve(conn: socket.socket, first: bool) -> None:
        with conn:
            while not stop.is_set():
                try:
                    data = conn.recv(4096)
                except OSError:
                    return
                if not data:
                    return
                if b"HELLO" in data:  # the handshake: RESP3, then CLIENT SETINFO answered OK
                    conn.sendall(b"%1\r\n$5\r\nproto\r\n:3\r\n")
                    continue
                if b"GET" not in data:
                    conn.sendall(b"+OK\r\n" * data.count(b"*"))
                    continue
                if first:
                    conn.sendall(b"$14\r\nmine-")
                    time.sleep(0.8)  # past the client's timeout
                    conn.sendall(b"half-read\r\n")
                    first = False
                else:
                    conn.sendall(b"$6\r\ntheirs\r\n")

    def accept() -> None:
        with listener:
            listener.settimeout(0.2)
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except OSError:
                    continue
                connections.append(conn)
                threading.Thread(target=serve, args=(conn, len(connections) == 1), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=f"redis://127.0.0.1:{port}/0")
    client = app.extensions["chamabora"].redis
    client.connection_pool.connection_kwargs.update(socket_timeout=0.3, socket_connect_timeout=0.3)
    seen = []
    try:
        for _ in range(3):
            try:
                seen.append(client.get("chamabora:ussd:someone"))
            except redis.RedisError:
                seen.append("error")
            time.sleep(0.3)
    finally:
        stop.set()
    assert b"mine-half-read" not in seen and b"mine-" not in seen
    assert seen[-1] == b"theirs"


def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1: (certificate, key) files."""
    cert, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key_file),
                    "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key_file


@pytest.fixture
def tls_port(tmp_path):
    """A Redis of our own that speaks only TLS, with a certificate for 127.0.0.1: (port, certificate)."""
    cert, key_file = certificate(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(["redis-server", "--port", "0", "--tls-port", str(port), "--bind", "127.0.0.1",
                               "--tls-cert-file", str(cert), "--tls-key-file", str(key_file),
                               "--tls-ca-cert-file", str(cert), "--tls-auth-clients", "no",
                               "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        probe = redis.Redis.from_url(f"rediss://127.0.0.1:{port}/2", ssl_ca_certs=str(cert))
        deadline = time.monotonic() + 10
        while True:
            try:
                probe.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        probe.close()
        yield port, cert
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_rediss_url_is_reached_over_tls_with_its_certificate_checked(engine, make_app, tls_port):
    port, cert = tls_port
    url = f"rediss://127.0.0.1:{port}/2?ssl_ca_certs={cert}"
    app = make_app(engine.url.render_as_string(hide_password=False), redis_url=url)
    store, sid = RedisSessions(app.extensions["chamabora"].redis), session_id()
    store.save(sid, {"menu": "over tls"})
    assert store.load(sid) == {"menu": "over tls"}
    direct = redis.Redis.from_url(f"rediss://127.0.0.1:{port}/2", ssl_ca_certs=str(cert))
    assert direct.get("chamabora:ussd:" + sid) == b'{"menu":"over tls"}'  # database 2, as the URL says
    direct.close()
    unchecked = redis.Redis.from_url(f"rediss://127.0.0.1:{port}/2", socket_timeout=1)
    with pytest.raises(redis.ConnectionError):  # a certificate nobody vouches for is refused
        RedisSessions(unchecked).load(sid)
