"""Optional Sentry (`SENTRY_DSN`): errors from web requests and RQ jobs,
with no personal data: request bodies, cookies and headers stay out, and
every message passes the same redaction as the logs."""
from __future__ import annotations

from typing import Any

from chamabora.ops.logs import redact

_started = False


def scrub(event: dict[str, Any], _hint: dict[str, Any]) -> dict[str, Any]:
    request = event.get("request") or {}
    for part in ("data", "cookies", "headers", "query_string", "env"):
        request.pop(part, None)
    for value in (event.get("exception") or {}).get("values") or []:
        if isinstance(value.get("value"), str):
            value["value"] = redact(value["value"])
        for frame in (value.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)    # local variables hold phones, PINs and message bodies
    if isinstance(event.get("message"), str):
        event["message"] = redact(event["message"])
    for crumb in (event.get("breadcrumbs") or {}).get("values") or []:
        if isinstance(crumb.get("message"), str):
            crumb["message"] = redact(crumb["message"])
    return event


def start(dsn: str | None, environment: str) -> bool:
    """Once per process; False (and nothing imported) without a DSN."""
    global _started
    if not dsn or _started:
        return False
    # Sentry's SDK and its hooks load only when a DSN asks for them
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration
    from sentry_sdk.integrations.rq import RqIntegration

    sentry_sdk.init(dsn=dsn, environment=environment, send_default_pii=False, include_local_variables=False,
                    integrations=[FlaskIntegration(), RqIntegration()], before_send=scrub,  # type: ignore[arg-type]
                    traces_sample_rate=0.0)
    _started = True
    return True
