"""A lean Redis connection per thread, for the path every USSD hop takes.

Each hop reads and writes its session, and at USSD rates redis-py's way of
sending one command was most of a hop's cost: a pool checkout that polls the
socket for stale data, a fork check (a getpid system call) on checkout and
return, and a socket in timeout mode that polls before every send and
receive. Seven system calls for one GET, where the command needs two. On our
machines a system call that crosses to another process costs tens of
microseconds, so that was measured at about 190 µs of CPU per command
against 50 µs for a plain send and receive.

Here each thread keeps one blocking socket whose timeouts live in the kernel
(SO_RCVTIMEO/SO_SNDTIMEO), and replies are parsed by hiredis, as redis-py
does. The connection settings (host or unix socket, TLS, user, password,
database) are taken from the redis-py client the service already has, so
REDIS_URL is read in one place. Over TLS the socket keeps Python's timeout
mode (see _connect), so TLS costs the extra polls. A command that fails on a dropped connection
is sent once more on a fresh one: only idempotent commands go through here
(GET, SET with a value, SET NX, whose retry after a lost reply reads back as
"taken" and is then looked up).
"""
from __future__ import annotations

import os
import socket
import ssl
import struct
import threading
import weakref
from typing import Any

import hiredis


_process = {"pid": os.getpid()}
# a forked worker must not share its parent's sockets; os.getpid on every command would be a system call
os.register_at_fork(after_in_child=lambda: _process.update(pid=os.getpid()))


class LeanRedisError(Exception):
    """Redis answered with an error, or could not be reached twice in a row."""


class LeanRedis:
    def __init__(self, settings: dict[str, Any], timeout: float = 2.0) -> None:
        self.settings = settings
        self.timeout = timeout
        self._local = threading.local()
        # every live thread's, so close() reaches them all; a link whose thread ended goes with it
        self._links: weakref.WeakSet[_Link] = weakref.WeakSet()
        self._lock = threading.Lock()

    @classmethod
    def from_client(cls, client: Any) -> LeanRedis:
        """The same server, credentials and database as a redis-py client."""
        pool = client.connection_pool
        settings = dict(pool.connection_kwargs)
        settings["tls"] = pool.connection_class.__name__ == "SSLConnection"
        timeout = settings.get("socket_timeout") or 2.0
        return cls(settings, timeout=timeout)

    def call(self, *args: str | bytes | int) -> Any:
        packed = _pack(args)
        for attempt in (1, 2):
            link = getattr(self._local, "link", None)
            try:
                if link is None or link.pid != _process["pid"]:
                    link = self._local.link = self._connect()
                    with self._lock:
                        self._links.add(link)
                reply = link.roundtrip(packed)
            except (OSError, EOFError) as exc:
                self._drop()
                if attempt == 2:
                    raise LeanRedisError(f"Redis unreachable: {type(exc).__name__}") from exc
                continue
            except BaseException:
                # a reply cut off half-read (a parser error, an interrupt) must never be read by the
                # thread's next command as its own: it could be another member's session
                self._drop()
                raise
            if isinstance(reply, hiredis.ReplyError):
                raise LeanRedisError(str(reply))
            return reply
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Close every thread's connection; a thread that calls again opens a new one."""
        with self._lock:
            links, self._links = list(self._links), weakref.WeakSet()
        for link in links:
            link.close()

    def _drop(self) -> None:
        link = getattr(self._local, "link", None)
        self._local.link = None
        if link is not None:
            with self._lock:
                self._links.discard(link)
            link.close()

    def _connect(self) -> _Link:
        s = self.settings
        if s.get("path"):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(s.get("socket_connect_timeout") or self.timeout)
            sock.connect(s["path"])
        else:
            sock = socket.create_connection((s.get("host", "localhost"), int(s.get("port", 6379))),
                                            timeout=s.get("socket_connect_timeout") or self.timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if s.get("tls"):
            # Python's own timeouts: under TLS an expired kernel timeout reaches OpenSSL as "want read",
            # which a blocking socket retries for ever, so a silent server would hang the hop
            sock.settimeout(self.timeout)
            sock = _tls_context(s).wrap_socket(sock, server_hostname=s.get("host"))
        else:
            sock.settimeout(None)  # blocking: a timeout-mode socket polls before every send and receive
            seconds = int(self.timeout)
            timeval = struct.pack("ll", seconds, int((self.timeout - seconds) * 1_000_000))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval)
        link = _Link(sock)
        try:
            if s.get("password"):
                credentials = (s["username"], s["password"]) if s.get("username") else (s["password"],)
                link.expect_ok(_pack(("AUTH", *credentials)))
            if int(s.get("db") or 0):
                link.expect_ok(_pack(("SELECT", int(s["db"]))))
        except BaseException:
            link.close()
            raise
        return link


class _Link:
    __slots__ = ("sock", "reader", "pid", "__weakref__")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.reader = hiredis.Reader()
        self.pid = _process["pid"]

    def roundtrip(self, packed: bytes) -> Any:
        self.sock.sendall(packed)
        reply = self.reader.gets()
        while reply is False:
            chunk = self.sock.recv(65536)  # a kernel timeout raises BlockingIOError, an OSError
            if not chunk:
                raise EOFError("Redis closed the connection")
            self.reader.feed(chunk)
            reply = self.reader.gets()
        return reply

    def expect_ok(self, packed: bytes) -> None:
        reply = self.roundtrip(packed)
        if isinstance(reply, hiredis.ReplyError):
            raise LeanRedisError(str(reply))

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def __del__(self) -> None:  # the thread that owned it ended without close()
        self.close()


def _pack(args: tuple[str | bytes | int, ...]) -> bytes:
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


def _tls_context(settings: dict[str, Any]) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=settings.get("ssl_ca_certs"), capath=settings.get("ssl_ca_path"),
                                         cadata=settings.get("ssl_ca_data"))
    if settings.get("ssl_cert_reqs") in ("none", ssl.CERT_NONE):
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif settings.get("ssl_check_hostname") is False:
        context.check_hostname = False
    if settings.get("ssl_certfile"):
        context.load_cert_chain(settings["ssl_certfile"], settings.get("ssl_keyfile"),
                                password=settings.get("ssl_password") or "")  # never a prompt on stdin
    return context
