"""`make soak`: Chamabora on many processes while parts of it die.

Two gunicorn servers, three RQ workers, two schedulers, a sweeper and the
Daraja simulator, on PostgreSQL and a Redis of the soak's own (port 6390,
append-only file, so a restart keeps its data as production's does), all on
loopback. Mixed traffic for SOAK_SECONDS (default 180): USSD sessions, SMS
by Africa's Talking and Infobip, WhatsApp by Twilio, M-Pesa prompts (STK
push and its callback), paybill payments (C2B) and the members forwarding
their confirmation SMS. Every few seconds a random gunicorn worker, RQ
worker (with its work-horse) or scheduler is killed with SIGKILL and
restarted; Redis is restarted once, half way. The simulator, like Daraja,
delivers a callback again when our side did not answer it.

Then it drains and checks, and prints: every acknowledged inbound message
answered exactly once, every M-Pesa payment posted exactly once, no message
sent twice (from the workers' own send lines), the ledger balanced per
chama, cash never negative, and no response with status 5xx. Exit status 1
when a check fails. Bounded in time; nothing leaves 127.0.0.1.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.soak_checks import checks, summary
from bench.soak_world import ROOT, Traffic, free_port, wait_http

SECONDS = int(os.environ.get("SOAK_SECONDS", "180"))
CHAOS_EVERY = float(os.environ.get("SOAK_CHAOS_EVERY", "4"))
DRAIN = int(os.environ.get("SOAK_DRAIN_SECONDS", "300"))
REDIS_PORT = int(os.environ.get("SOAK_REDIS_PORT", "6390"))
PAUSE = float(os.environ.get("SOAK_PAUSE", "0.2"))   # seconds between one lane's actions
LANES = int(os.environ.get("SOAK_LANES", "3"))
DATABASE = os.environ.get("SOAK_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/chamabora_soak")
PY = sys.executable


class Fleet:
    """Every process of the soak, started in its own session so a kill takes its children too."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.workdir, self.env, self.procs, self.lock = workdir, env, {}, threading.RLock()
        self.events: list[str] = []
        self.stopping = threading.Event()

    def start(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "ab")
        proc = subprocess.Popen(argv, cwd=ROOT, env={**self.env, **(env or {})}, stdout=log, stderr=log,
                                start_new_session=True)
        with self.lock:
            self.procs[name] = (argv, env, proc)
        return proc

    def kill(self, name: str) -> None:
        """SIGKILL the process and its children, then start it again."""
        with self.lock:
            argv, env, proc = self.procs[name]
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            self.events.append(f"{time.strftime('%H:%M:%S')} killed {name}")
            self.start(name, argv, env)

    def kill_web_worker(self, name: str) -> bool:
        """SIGKILL one of a gunicorn master's workers; the master starts another."""
        master = self.procs[name][2].pid
        children = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
        if not children:
            return False
        os.kill(int(random.choice(children)), signal.SIGKILL)
        self.events.append(f"{time.strftime('%H:%M:%S')} killed a worker of {name}")
        return True

    def supervise(self) -> None:
        """Start again any process that exits by itself, as compose's `restart: unless-stopped` does
        (an RQ worker quits when Redis is gone for longer than its retries)."""
        while not self.stopping.wait(1.0):
            with self.lock:
                for name, (argv, env, proc) in list(self.procs.items()):
                    if proc.poll() is not None and not self.stopping.is_set():
                        self.events.append(f"{time.strftime('%H:%M:%S')} {name} exited by itself "
                                           f"({proc.returncode}), started again")
                        self.start(name, argv, env)

    def stop_all(self) -> None:
        self.stopping.set()
        for _argv, _env, proc in list(self.procs.values()):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for _argv, _env, proc in list(self.procs.values()):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def redis_argv(workdir: Path) -> list[str]:
    return ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--dir", str(workdir),
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "no"]


def fresh_database(env: dict[str, str]) -> None:
    import psycopg

    name = DATABASE.rsplit("/", 1)[1]
    admin = DATABASE.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PY, "-m", "alembic", "upgrade", "heads"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def chaos(fleet: Fleet, stop: threading.Event, redis_at: float) -> None:
    rng, restarted = random.Random(20), False
    targets = ["web1", "web2", "worker1", "worker2", "worker3", "scheduler1", "scheduler2"]
    while not stop.wait(rng.uniform(CHAOS_EVERY * 0.5, CHAOS_EVERY * 1.5)):
        if not restarted and time.monotonic() >= redis_at:
            fleet.kill("redis")   # SIGKILL, then started again on its append-only file
            wait_redis()
            restarted = True
            continue
        target = rng.choice(targets)
        if target.startswith("web"):
            fleet.kill_web_worker(target)
        else:
            fleet.kill(target)


def wait_redis() -> None:
    import redis

    for _ in range(100):
        try:
            redis.Redis(port=REDIS_PORT).ping()
            return
        except redis.RedisError:
            time.sleep(0.1)
    raise RuntimeError("the soak's Redis did not start")


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="chamabora-soak-"))
    (workdir / "metrics").mkdir()
    web_ports, sim_port = [free_port(), free_port()], free_port()
    env = {**os.environ, "CHAMABORA_ENV": "development", "DATABASE_URL": DATABASE,
           "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0", "WEBHOOK_SECRET": "soak-secret",
           "MPESA_MODE": "simulator", "MPESA_BASE_URL": f"http://127.0.0.1:{sim_port}",
           "MPESA_CALLBACK_BASE_URL": f"http://127.0.0.1:{web_ports[0]}", "LOG_FORMAT": "json",
           "PROMETHEUS_MULTIPROC_DIR": str(workdir / "metrics"), "RATE_LIMITS": "off",
           "WEB_CONCURRENCY": "2", "WEB_THREADS": "4", "PYTHONUNBUFFERED": "1",
           "MPESA_STK_TIMEOUT_SECONDS": "20"}   # reconciliation asks about a silent prompt after 20 s
    fleet = Fleet(workdir, env)
    print(f"soak: {SECONDS} s of traffic, a kill every ~{CHAOS_EVERY:g} s, logs in {workdir}", flush=True)
    try:
        fleet.start("redis", redis_argv(workdir))
        wait_redis()
        fresh_database(env)
        fleet.start("simulator", [PY, "-m", "bench.soak_world", str(sim_port), str(workdir / "callbacks.jsonl")])
        for n, port in enumerate(web_ports, 1):
            fleet.start(f"web{n}", [PY, "-m", "gunicorn", "--config", "gunicorn.conf.py", "app:app"],
                        {"BIND": f"127.0.0.1:{port}"})
        for n in (1, 2, 3):
            fleet.start(f"worker{n}", [PY, "-m", "flask", "--app", "app", "worker"])
        for n in (1, 2):
            fleet.start(f"scheduler{n}", [PY, "-m", "flask", "--app", "app", "schedule", "run", "--every", "2"])
        fleet.start("sweeper", [PY, "-m", "flask", "--app", "app", "worker", "sweep", "--every", "5"])
        bases = [f"http://127.0.0.1:{port}" for port in web_ports]
        threading.Thread(target=fleet.supervise, daemon=True).start()
        for base in bases:
            wait_http(base + "/healthz")
        wait_http(f"http://127.0.0.1:{sim_port}/oauth/v1/generate", ok=(200, 400, 401))
        subprocess.run([PY, "-m", "flask", "--app", "app", "daraja", "register-c2b"], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        traffic = Traffic(bases, f"http://127.0.0.1:{sim_port}", seed=7)
        traffic.setup(chamas=int(os.environ.get("SOAK_CHAMAS", "6")), members=5)
        stop = threading.Event()
        started = time.monotonic()
        chaos_thread = threading.Thread(target=chaos, args=(fleet, stop, started + SECONDS / 2), daemon=True)
        chaos_thread.start()
        drivers = [threading.Thread(target=traffic.drive, args=(stop, n, PAUSE), daemon=True) for n in range(LANES)]
        for driver in drivers:
            driver.start()
        stop.wait(SECONDS)
        stop.set()
        for thread in drivers + [chaos_thread]:
            thread.join(timeout=60)
        drained = traffic.drain(DATABASE, DRAIN, env)
        results = checks(DATABASE, traffic, workdir, drained)
        results["kills"] = sum(" killed " in event for event in fleet.events)
        results["exited_by_themselves"] = sum("exited by itself" in event for event in fleet.events)
        results["seconds"] = SECONDS
        print(summary(results, fleet.events), flush=True)
        (workdir / "results.json").write_text(json.dumps({**results, "events": fleet.events}, indent=1, default=str))
        return 0 if results["ok"] else 1
    finally:
        fleet.stop_all()


if __name__ == "__main__":
    sys.exit(main())
