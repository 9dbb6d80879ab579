"""The lean per-thread Redis connection the USSD sessions use, on real Redis:
the same database and credentials as the service's redis-py client, a
connection per thread, a dropped connection replaced once, errors and a hung
server reported instead of hanging a hop, and a fork never sharing a socket."""
import os
import socket
import subprocess
import threading
import time
import uuid

import pytest
import redis

from chamabora.redis_lean import LeanRedis, LeanRedisError

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def client():
    connection = redis.Redis.from_url(REDIS_URL)
    yield connection
    connection.close()


@pytest.fixture
def lean(client):
    connection = LeanRedis.from_client(client)
    yield connection
    connection.close()


def key() -> str:
    return f"chamabora:test:lean:{uuid.uuid4().hex}"


def test_commands_reach_the_clients_database_and_keep_its_expiry(client, lean):
    k = key()
    assert lean.call("GET", k) is None
    assert lean.call("SET", k, '{"menu":"main"}', "EX", 180) == b"OK"
    assert client.get(k) == b'{"menu":"main"}'  # the same database as redis-py's
    assert 170 <= client.ttl(k) <= 180
    assert lean.call("SET", k, "other", "EX", 180, "NX") is None
    assert client.get(k) == b'{"menu":"main"}'
    fresh = key()
    assert lean.call("SET", fresh, "first", "EX", 180, "NX") == b"OK"
    assert lean.call("GET", fresh) == b"first"


def test_an_error_reply_is_raised_and_the_connection_stays_usable(lean):
    k = key()
    lean.call("SET", k, "text", "EX", 60)
    with pytest.raises(LeanRedisError, match="WRONGTYPE"):
        lean.call("LPUSH", k, "x")
    assert lean.call("GET", k) == b"text"


def test_a_connection_the_server_dropped_is_replaced_without_the_caller_noticing(client, lean):
    k = key()
    lean.call("SET", k, "kept", "EX", 60)
    killed = client.client_kill_filter(_type="normal", skipme=True)
    assert killed >= 1
    assert lean.call("GET", k) == b"kept"


def named(client, name):
    return sum(1 for c in client.client_list() if c["name"] == name)


def eventually_none(client, name):
    deadline = time.monotonic() + 5
    while named(client, name) and time.monotonic() < deadline:
        time.sleep(0.01)
    return named(client, name) == 0


def test_each_thread_has_its_own_connection_and_close_ends_them_all(client, lean):
    name = f"lean-{uuid.uuid4().hex[:8]}"
    ready, counted = threading.Barrier(4), threading.Event()

    def use() -> None:
        lean.call("CLIENT", "SETNAME", name)
        ready.wait(timeout=5)
        counted.wait(timeout=5)  # alive while the connections are counted and closed

    threads = [threading.Thread(target=use) for _ in range(3)]
    for thread in threads:
        thread.start()
    ready.wait(timeout=5)
    assert named(client, name) == 3
    lean.close()
    assert eventually_none(client, name)
    counted.set()
    for thread in threads:
        thread.join()
    assert lean.call("PING") == b"PONG"  # a later call opens a new connection


def test_a_thread_that_ends_takes_its_connection_with_it(client, lean):
    name = f"lean-{uuid.uuid4().hex[:8]}"
    thread = threading.Thread(target=lambda: lean.call("CLIENT", "SETNAME", name))
    thread.start()
    thread.join()
    del thread
    import gc

    gc.collect()
    assert eventually_none(client, name)


def test_an_unreachable_server_is_an_error_not_a_hang():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    lean = LeanRedis({"host": "127.0.0.1", "port": port}, timeout=0.5)
    with pytest.raises(LeanRedisError, match="unreachable"):
        lean.call("GET", "anything")


def test_a_server_that_does_not_answer_times_out(client):
    lean = LeanRedis({**client.connection_pool.connection_kwargs, "tls": False}, timeout=0.2)
    started = time.monotonic()
    with pytest.raises(LeanRedisError, match="unreachable"):
        lean.call("BLPOP", key(), 0)  # blocks for ever on the server side
    assert time.monotonic() - started < 2
    lean.close()


def test_a_forked_child_opens_its_own_connection(lean):
    k = key()
    lean.call("SET", k, "parent", "EX", 60)
    parent_port = lean._local.link.sock.getsockname()[1]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its first call must not use the parent's socket
        try:
            value = lean.call("GET", k)
            port = lean._local.link.sock.getsockname()[1]
            os.write(write, f"{value.decode()} {port}".encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    value, port = os.read(read, 100).decode().split()
    os.close(read)
    assert value == "parent" and int(port) != parent_port
    assert lean.call("GET", k) == b"parent"


def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1: (certificate, key) files."""
    cert, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key_file),
                    "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key_file


@pytest.fixture
def tls_redis(tmp_path):
    """A Redis of our own that speaks only TLS, with a certificate for 127.0.0.1."""
    cert, key_file = certificate(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(["redis-server", "--port", "0", "--tls-port", str(port), "--bind", "127.0.0.1",
                               "--tls-cert-file", str(cert), "--tls-key-file", str(key_file),
                               "--tls-ca-cert-file", str(cert), "--tls-auth-clients", "no",
                               "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        client = redis.Redis.from_url(f"rediss://127.0.0.1:{port}/2", ssl_ca_certs=str(cert))
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield client
        client.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_tls_redis_is_reached_over_tls_with_its_certificate_checked(tls_redis):
    lean = LeanRedis.from_client(tls_redis)
    try:
        k = key()
        assert lean.call("SET", k, "over tls", "EX", 60) == b"OK"
        assert tls_redis.get(k) == b"over tls"  # database 2, as the URL says
        assert lean.call("GET", k) == b"over tls"
    finally:
        lean.close()
    unchecked = LeanRedis({**tls_redis.connection_pool.connection_kwargs, "tls": True, "ssl_ca_certs": None},
                          timeout=1)
    with pytest.raises(LeanRedisError, match="unreachable"):  # a certificate nobody vouches for is refused
        unchecked.call("GET", "anything")


def test_a_tls_server_that_never_answers_times_out_instead_of_hanging_the_hop(tmp_path):
    import ssl

    cert, key_file = certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key_file)
    listener = socket.create_server(("127.0.0.1", 0))
    port, stop, accepted = listener.getsockname()[1], threading.Event(), []

    def silent() -> None:  # completes the handshake, reads the command, says nothing
        with listener:
            while not stop.is_set():
                listener.settimeout(0.2)
                try:
                    raw, _ = listener.accept()
                except OSError:
                    continue
                raw.settimeout(None)
                conn = context.wrap_socket(raw, server_side=True)
                accepted.append(conn)
                conn.recv(1024)

    server = threading.Thread(target=silent, daemon=True)
    server.start()
    lean = LeanRedis({"host": "127.0.0.1", "port": port, "tls": True, "ssl_ca_certs": str(cert)}, timeout=0.3)
    outcome = {}

    def ask() -> None:
        try:
            lean.call("GET", "anything")
        except LeanRedisError as error:
            outcome["error"] = str(error)

    caller = threading.Thread(target=ask, daemon=True)
    caller.start()
    caller.join(15)
    stop.set()
    for conn in accepted:
        conn.close()
    assert not caller.is_alive(), "the call hung on a silent TLS server"
    assert "unreachable" in outcome["error"]
    lean.close()
