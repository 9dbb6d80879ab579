"""Metrics add up across processes: gunicorn workers each write their own
files, and an RQ worker's forked horses write under the worker's name, so
thousands of jobs leave one file per worker, not one per job."""
import os
import subprocess
import sys
from pathlib import Path

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

ROOT = Path(__file__).resolve().parents[2]
RQ_WORKER = """
import os
from chamabora.ops import multiprocess
multiprocess.as_rq_worker()
from chamabora.ops.metrics import JOBS
for _ in range(3):                     # three jobs, each in its own forked horse, one after another
    pid = os.fork()
    if pid == 0:
        JOBS.labels("send_outbox", "ok").inc()
        os._exit(0)
    os.waitpid(pid, 0)
"""
WEB_WORKER = """
from chamabora.ops.metrics import HTTP_RESPONSES
HTTP_RESPONSES.labels("/sms/africastalking", "200").inc(2)
"""


def run_together(directory, *scripts):
    """Each script in its own process, all at once (importing the app is slow on a busy machine)."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    processes = [subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env) for script in scripts]
    assert [process.wait(timeout=600) for process in processes] == [0] * len(scripts)


def test_counters_from_every_process_and_horse_are_added_up(tmp_path):
    run_together(tmp_path, RQ_WORKER, WEB_WORKER, WEB_WORKER)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(tmp_path))
    text = generate_latest(registry).decode()
    assert 'chamabora_jobs_total{job="send_outbox",outcome="ok"} 3.0' in text
    assert 'chamabora_http_responses_total{route="/sms/africastalking",status="200"} 4.0' in text
    counters = sorted(p.name for p in tmp_path.glob("counter_*.db"))
    assert len(counters) == 3 and sum("-rq" in name for name in counters) == 1
