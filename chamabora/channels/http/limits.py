"""Flask-Limiter on the app's HTTP routes, on the same store as the rest:
`otp_request_limit` decorates a route that sends a one-time code (the web
login's "send me a code"), keyed by the phone the code is for, so asking
from many addresses does not help; over the limit the caller gets a 429 in
its own format (errors_http). A store that cannot be reached lets requests
through (`swallow_errors`)."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from chamabora.core.errors import ChamaError
from chamabora.core.phone import normalize_phone
from chamabora.channels.http.input import MalformedInput, json_body
from chamabora.composition.current import current_root, root_of

F = TypeVar("F", bound=Callable[..., object])
limiter = Limiter(get_remote_address, strategy="fixed-window", swallow_errors=True, headers_enabled=True,
                  key_prefix="chamabora-web")


def init_app(app: Flask) -> None:
    services = root_of(app)
    app.config.update(RATELIMIT_STORAGE_URI=services.limits.storage_uri, RATELIMIT_ENABLED=services.limits.enabled)
    if services.settings.redis_url:
        app.config["RATELIMIT_STORAGE_OPTIONS"] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    limiter.init_app(app)


def requested_phone() -> str:
    """The phone a code is asked for (form or JSON `phone`); the caller's address when unreadable."""
    try:
        body = json_body()[1] if request.is_json else None
    except MalformedInput:
        body = None
    raw = body.get("phone") if isinstance(body, dict) else request.form.get("phone")
    try:
        return normalize_phone(str(raw or ""))
    except ChamaError:
        return f"address:{get_remote_address()}"


def otp_rule() -> str:
    return current_root().settings.ops.limits["otp_phone"]  # type: ignore[no-any-return]


def otp_request_limit(view: F) -> F:
    """At most LIMIT_OTP_PHONE codes per phone (default 3 in 15 minutes, 10 a day)."""
    return limiter.limit(otp_rule, key_func=lambda: f"otp:{requested_phone()}", methods=["POST"])(view)  # type: ignore[return-value]
