"""Starting and stopping a gunicorn server on loopback for a benchmark."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

WORKERS = os.environ.get("BENCH_WORKERS", "4")
THREADS = os.environ.get("BENCH_THREADS", "4")
GUNICORN = [sys.executable, "-m", "gunicorn", "--workers", WORKERS, "--worker-class", "gthread", "--threads", THREADS,
            "--backlog", "2048", "--log-level", "warning", "--keep-alive", "30"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app: str, env: dict[str, str], ready_path: str = "/healthz", method: str = "GET"):  # type: ignore[no-untyped-def]
    port = free_port()
    process = subprocess.Popen(GUNICORN + ["--bind", f"127.0.0.1:{port}", app], env={**os.environ, **env},
                               cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                request = urllib.request.Request(base + ready_path, method=method, data=b"" if method == "POST" else None)
                urllib.request.urlopen(request, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
