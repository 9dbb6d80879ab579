"""What a load balancer and Prometheus ask:

- `GET /healthz`: 200 when the database (and Redis, where configured) answer.
- `GET /readyz`: ready for traffic: the database and Redis answer, the
  schema is at the migrations' head, and (with Redis) an RQ worker was seen
  recently, so a message taken in will be answered. 503 with the failing
  checks otherwise.
- `GET /metrics`: Prometheus text, behind `METRICS_TOKEN` (by default the
  webhook secret) as `Authorization: Bearer ...` or `?token=`.
"""
from __future__ import annotations

import hmac
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, abort, jsonify, request
from sqlalchemy import text

from chamabora.jobs.queues import QUEUE_NAMES
from chamabora.composition.current import current_root
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from rq import Worker

from chamabora.ops.metrics import registry_for

bp = Blueprint("health", __name__)
MIGRATIONS = Path(__file__).resolve().parents[3] / "migrations"


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    services = current_root()
    checks = {"database": _check(lambda: _ping_db(services.engine))}
    if services.redis is not None:
        checks["redis"] = _check(services.redis.ping)
    return _verdict(checks)


@bp.get("/readyz")
def readyz():  # type: ignore[no-untyped-def]
    services = current_root()
    checks = {"database": _check(lambda: _ping_db(services.engine)),
              "migrations": _check(lambda: _at_head(services.engine))}
    if services.redis is not None:
        checks["redis"] = _check(services.redis.ping)
        checks["workers"] = _check(lambda: _workers_seen(services))
    return _verdict(checks)


@bp.get("/metrics")
def metrics():  # type: ignore[no-untyped-def]
    services = current_root()
    secret = services.settings.ops.metrics_token or services.settings.webhook_secret
    if not secret:
        if services.settings.is_production:
            abort(403)
    elif not hmac.compare_digest(_given_token().encode(), secret.encode()):
        abort(403)
    return Response(generate_latest(registry_for(services, QUEUE_NAMES)), mimetype=CONTENT_TYPE_LATEST)


def _given_token() -> str:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.args.get("token", "")


def _verdict(checks: dict[str, str]):  # type: ignore[no-untyped-def]
    healthy = all(v == "ok" for v in checks.values())
    return jsonify(status="ok" if healthy else "unavailable", checks=checks), 200 if healthy else 503


def _ping_db(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    # Alembic loads on the first readiness check, not with every process that never asks
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory(str(MIGRATIONS)).get_heads())


class NotReady(RuntimeError):
    pass


def _at_head(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        current = frozenset(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
    if current != _heads():
        raise NotReady(f"schema at {','.join(sorted(current)) or 'nothing'}, code wants {','.join(sorted(_heads()))}")


def _workers_seen(services) -> None:  # type: ignore[no-untyped-def]
    now, within = datetime.now(timezone.utc), services.settings.ops.ready_worker_seconds
    beats = [w.last_heartbeat for w in Worker.all(connection=services.redis) if w.last_heartbeat is not None]
    fresh = [b for b in beats if (now - (b if b.tzinfo else b.replace(tzinfo=timezone.utc))).total_seconds() < within]
    if not fresh:
        raise NotReady(f"no RQ worker seen in the last {within} s")


def _check(probe) -> str:  # type: ignore[no-untyped-def]
    try:
        probe()
    except NotReady as reason:
        return f"error: {reason}"
    except Exception as exc:  # noqa: BLE001 - a health probe reports any failure as unhealthy
        return f"error: {type(exc).__name__}"
    return "ok"


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    app.register_blueprint(bp)
