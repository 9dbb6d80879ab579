"""gunicorn for Chamabora (`gunicorn --config gunicorn.conf.py app:app`).

Threads per worker, because a webhook mostly waits on PostgreSQL and Redis;
our own access line per request (chamabora/ops/http.py) instead of
gunicorn's, so every line is structured and redacted; and Prometheus's
multiprocess bookkeeping when `PROMETHEUS_MULTIPROC_DIR` is set.
"""
import os

from chamabora.ops.multiprocess import process_gone

bind = os.environ.get("BIND") or f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "gthread"
# A live board (/chamas/<CODE>/events, Server-Sent Events) holds one thread for as long as it is
# open, up to 10 minutes. Four threads are kept for everything else: a process serves at most
# WEB_THREADS - 4 open boards (WEB_LIVE_STREAMS, chamabora/web/config.py) and asks the others to
# come back later. gthread's `timeout` does not cut a long stream (the worker's own loop reports
# that it is alive), and keep-alive connections wait in the poller, not on a thread.
threads = int(os.environ.get("WEB_THREADS", "16"))
backlog = 2048
keepalive = 30
timeout = 30            # a hop that takes longer has lost its USSD session anyway
graceful_timeout = 20
max_requests = 20000    # recycle workers now and then; jitter keeps them from all going at once
max_requests_jitter = 2000
accesslog = None
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    process_gone(worker.pid)
