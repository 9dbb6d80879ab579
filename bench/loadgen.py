"""An HTTP load generator for benchmarks against servers on this machine
(loopback only).

Latency is measured open-loop: requests are sent on a fixed schedule
whatever the server does, and each latency is measured from the request's
scheduled time, so a slow server shows up as latency (no coordinated
omission). The ceiling is measured closed-loop (`saturation`). Bounded by
count and time; it stops by itself.
"""
from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_CONNECTIONS = 256
MAX_IN_FLIGHT = 512  # beyond this, waiting for a slot counts as latency


@dataclass
class Run:
    rate: float
    sent: int
    ok: int
    errors: int
    latencies: list[float]
    seconds: float
    scheduled: list[float] = field(default_factory=list)  # each latency's scheduled send, seconds from the start

    def after(self, warm: float) -> Run:
        """The requests scheduled after the first `warm` seconds: the client opens its connections
        at the start of every run (its pool starts empty), which a steady stream does not pay."""
        kept = [latency for latency, at in zip(self.latencies, self.scheduled) if at >= warm]
        return Run(self.rate, len(kept), len(kept), 0, kept, self.seconds - warm)

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


async def _request(pool: asyncio.Queue, host: str, port: int, raw: bytes) -> int:
    try:
        reader, writer = pool.get_nowait()
    except asyncio.QueueEmpty:
        reader, writer = await asyncio.open_connection(host, port)
    writer.write(raw)
    await writer.drain()
    status_line = await reader.readline()
    length, closing = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "connection" and value.strip().lower() == "close":
            closing = True
    await reader.readexactly(length)
    if closing:
        writer.close()
    elif pool.qsize() < MAX_CONNECTIONS:
        pool.put_nowait((reader, writer))
    return int(status_line.split()[1])


def post_form(url: str, body: str) -> bytes:
    parts = urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    data = body.encode()
    return (f"POST {path} HTTP/1.1\r\nHost: {parts.hostname}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(data)}\r\nConnection: keep-alive\r\n\r\n").encode() + data


def _local_address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("benchmarks send traffic to this machine only")
    return host, port


async def _open_loop(url: str, rate: float, seconds: float, make_request: Callable[[int], bytes],
                     timeout: float) -> Run:
    host, port = _local_address(url)
    pool: asyncio.Queue = asyncio.Queue()
    # a gateway keeps its connections open; opening them all in the first second was measured as latency
    for _ in range(min(MAX_CONNECTIONS, 4 + int(rate / 50))):
        pool.put_nowait(await asyncio.open_connection(host, port))
    total = int(rate * seconds)
    latencies: list[float] = []
    scheduled: list[float] = []
    outcome = {"ok": 0, "errors": 0}
    slots = asyncio.Semaphore(MAX_IN_FLIGHT)
    start = time.perf_counter()

    async def one(i: int, at: float) -> None:
        try:
            async with slots:
                status = await asyncio.wait_for(_request(pool, host, port, make_request(i)), timeout)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
            outcome["errors"] += 1
            return
        latencies.append(time.perf_counter() - at)
        scheduled.append(i / rate)
        outcome["ok" if status < 400 else "errors"] += 1

    # each request is started at its time: creating every task up front kept the event loop busy for
    # the first tens of milliseconds, and the requests due then were counted late
    tasks = []
    for i in range(total):
        at = start + i / rate
        delay = at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, at)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    while not pool.empty():
        _reader, writer = pool.get_nowait()
        writer.close()
    return Run(rate, total, outcome["ok"], outcome["errors"], latencies, elapsed, scheduled)


def open_loop(url: str, rate: float, seconds: float, make_request: Callable[[int], bytes],
              timeout: float = 10.0) -> Run:
    return _without_gc(_open_loop(url, rate, seconds, make_request, timeout))


async def _closed_loop(url: str, connections: int, seconds: float, make_request: Callable[[int], bytes],
                       timeout: float) -> Run:
    host, port = _local_address(url)
    pools = []
    for _ in range(connections):
        pool: asyncio.Queue = asyncio.Queue()
        pool.put_nowait(await asyncio.open_connection(host, port))
        pools.append(pool)
    latencies: list[float] = []
    outcome = {"sent": 0, "ok": 0, "errors": 0}
    start = time.perf_counter()
    stop = start + seconds

    async def client(pool: asyncio.Queue) -> None:
        while (sent := time.perf_counter()) < stop:
            i = outcome["sent"]
            outcome["sent"] += 1
            try:
                status = await asyncio.wait_for(_request(pool, host, port, make_request(i)), timeout)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
                outcome["errors"] += 1
                continue
            latencies.append(time.perf_counter() - sent)
            outcome["ok" if status < 400 else "errors"] += 1

    await asyncio.gather(*(client(pool) for pool in pools))
    elapsed = time.perf_counter() - start
    for pool in pools:
        while not pool.empty():
            _reader, writer = pool.get_nowait()
            writer.close()
    return Run(outcome["ok"] / elapsed, outcome["sent"], outcome["ok"], outcome["errors"], latencies, elapsed)


def saturation(url: str, make_request: Callable[[int], bytes], connections: int = 32,
               seconds: float = 3.0) -> Run:
    """The server's ceiling: `connections` clients each sending its next request as soon as the last
    is answered, so the server always has work queued. An open loop offered far beyond the ceiling
    measured the offer instead (the trivial endpoint's figure was the 3,000/s it was offered), and
    its pile of waiting requests cost the generator CPU the server then lacked."""
    return _without_gc(_closed_loop(url, connections, seconds, make_request, timeout=10.0))


def _without_gc(run: Coroutine[object, object, Run]) -> Run:
    # the generator's own garbage collection paused its event loop for tens of milliseconds at a
    # time, and every request due meanwhile was counted late: a measuring tool must not do that
    gc.collect()
    gc.disable()
    try:
        return asyncio.run(run)
    finally:
        gc.enable()
