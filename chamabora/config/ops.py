"""Operations settings, read from the environment once: log format, the
metrics token, Sentry, readiness and the rate limits. Secrets stay out of
repr so they never reach a log."""
from __future__ import annotations

from dataclasses import dataclass, field
from limits import parse_many

# Per phone and per chama, in the `limits` notation ("N per period", ';' between rules).
# Generous for a person, tight for a stuck phone or a script: a member sends a few commands a
# minute at most, a USSD session takes a minute or two, an OTP is asked for once or twice.
DEFAULT_LIMITS = {
    "sms_phone": "12/minute;120/hour",
    "sms_chama": "600/minute",
    "ussd_phone": "8/minute;60/hour",
    "ussd_chama": "300/minute",
    "otp_phone": "3/15minutes;10/day",
    "otp_address": "20/hour;100/day",          # web login codes asked from one address, for any phones
    "operator_login": "10/15minutes;50/day",   # /admin password tries per operator name and per address
    "money_phone": "6/10minutes;40/day",
    "money_chama": "120/minute",
}


@dataclass(frozen=True)
class OpsSettings:
    log_format: str = "text"                    # "json" in production: one JSON object per line
    metrics_token: str | None = field(default=None, repr=False)   # unset: the webhook secret
    sentry_dsn: str | None = field(default=None, repr=False)
    ready_worker_seconds: int = 120             # /readyz wants an RQ worker seen this recently
    limits_enabled: bool = True
    limits: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LIMITS))

    @classmethod
    def from_env(cls, env: dict[str, str], production: bool) -> OpsSettings:
        def text(name: str) -> str | None:
            return (env.get(name) or "").strip() or None

        limits = {kind: text(f"LIMIT_{kind.upper()}") or rule for kind, rule in DEFAULT_LIMITS.items()}
        seconds = text("READY_WORKER_SECONDS") or str(cls.ready_worker_seconds)
        return cls(log_format=(text("LOG_FORMAT") or ("json" if production else "text")).lower(),
                   metrics_token=text("METRICS_TOKEN"),
                   sentry_dsn=text("SENTRY_DSN"),
                   ready_worker_seconds=int(seconds) if seconds.isdigit() else cls.ready_worker_seconds,
                   limits_enabled=(text("RATE_LIMITS") or "on").lower() not in ("off", "0", "false", "no"),
                   limits=limits)

    def problems(self) -> list[str]:
        found = [] if self.log_format in ("json", "text") else ["LOG_FORMAT must be json or text"]
        for kind, rule in self.limits.items():
            try:
                parse_many(rule)
            except ValueError:
                found.append(f"LIMIT_{kind.upper()} is not a rate like 10/minute;100/hour")
        return found
