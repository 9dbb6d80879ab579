"""GET /healthz: 200 when the database (and Redis, where configured) answer."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    services = current_app.extensions["chamabora"]
    checks = {"database": _check(lambda: _ping_db(services.engine))}
    if services.redis is not None:
        checks["redis"] = _check(services.redis.ping)
    healthy = all(v == "ok" for v in checks.values())
    return jsonify(status="ok" if healthy else "unavailable", checks=checks), 200 if healthy else 503


def _ping_db(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _check(probe) -> str:  # type: ignore[no-untyped-def]
    try:
        probe()
    except Exception as exc:  # noqa: BLE001 - a health probe reports any failure as unhealthy
        return f"error: {type(exc).__name__}"
    return "ok"


def init_app(app) -> None:  # type: ignore[no-untyped-def]
    app.register_blueprint(bp)
