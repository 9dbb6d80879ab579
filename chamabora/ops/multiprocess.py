"""Metrics across processes (prometheus-client's multiprocess mode).

Every gunicorn worker, RQ worker and scheduler of a machine shares one
directory, `PROMETHEUS_MULTIPROC_DIR`, empty when the first of them starts
(a tmpfs, or a fresh container volume); each process writes its own files
there and `/metrics` adds them up.

RQ runs each job in a forked work-horse. Keyed by pid, every horse would
leave its own files behind, thousands an hour, and a scrape would read them
all. So a horse writes under its worker's name instead (`rq<worker pid>`):
a worker runs one horse at a time, and each horse opens the files afresh
(its name differs from the worker's), so it sees what the horses before it
wrote and goes on from there.

Files are named by host as well as by process, so containers of one
machine sharing the directory (each with its own pids) never share a file.
This module is imported before any metric is counted (`metrics.py` imports
it first), so every value in the process is of the class it installs.
"""
from __future__ import annotations

import os
import socket

from prometheus_client import CollectorRegistry, values
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

ENV = "PROMETHEUS_MULTIPROC_DIR"
_worker_pid: int | None = None
HOST = "".join(c if c.isalnum() else "-" for c in socket.gethostname())[:40] or "host"


def enabled() -> bool:
    return bool(os.environ.get(ENV))


def aggregated() -> CollectorRegistry | None:
    """A registry over every process's files, or None when this process is alone."""
    if not enabled():
        return None
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    return registry


def identity() -> str:
    if _worker_pid is not None and os.getpid() != _worker_pid:
        return f"{HOST}-rq{_worker_pid}"
    return f"{HOST}-{os.getpid()}"


def as_rq_worker() -> None:
    """Called in an RQ worker before it forks its first horse: horses write under the worker's name."""
    global _worker_pid
    _worker_pid = os.getpid()


def process_gone(pid: int) -> None:
    """gunicorn's child_exit: drop a dead worker's live gauges (its counters stay counted)."""
    if enabled():
        mark_process_dead(f"{HOST}-{pid}")


if enabled():
    values.ValueClass = values.MultiProcessValue(process_identifier=identity)
