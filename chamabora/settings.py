"""Settings, read once from the environment.

Production refuses to start on SQLite or without its secrets: a chama's money
must never sit in a file on one web server, and an unauthenticated webhook
would let anyone post a payment.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from chamabora.config.notify import NotifySettings
from chamabora.config.ops import OpsSettings
from chamabora.config.sms import MessagingSettings
from chamabora.config.web import WebSettings

ENVIRONMENTS = ("development", "test", "production")
PRODUCTION_SECRETS = ("WEBHOOK_SECRET",)
INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


class SettingsError(RuntimeError):
    """The configuration cannot run this environment safely."""


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    database_url: str = f"sqlite:///{INSTANCE_DIR / 'chamabora.db'}"
    redis_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    mpesa_mode: str = "simulator"
    # M-Pesa (Daraja), per deployment; secrets never appear in repr or logs
    mpesa_base_url: str | None = None         # unset: Safaricom's for the mode, or our own /simulator/daraja
    mpesa_callback_base_url: str = "http://127.0.0.1:5000"
    mpesa_shortcode: str = "174379"
    mpesa_till_number: str | None = None      # set: STK pushes are Buy Goods to this till
    mpesa_passkey: str | None = field(default=None, repr=False)
    mpesa_consumer_key: str | None = field(default=None, repr=False)
    mpesa_consumer_secret: str | None = field(default=None, repr=False)
    mpesa_initiator_name: str | None = None
    mpesa_security_credential: str | None = field(default=None, repr=False)
    mpesa_b2c_shortcode: str = "600000"
    mpesa_allowed_ips: tuple[str, ...] = ()
    mpesa_c2b_strict: bool = False            # reject unknown accounts at validation (default: accept, reconcile)
    mpesa_stk_timeout_seconds: int = 120
    mpesa_b2c_timeout_seconds: int = 600
    payout_second_signatory_cents: int = 5_000_000  # above KES 50,000 the chair signs too
    log_level: str = "INFO"
    max_body_bytes: int = 64 * 1024
    secrets: dict[str, str] = field(default_factory=dict, repr=False)
    messaging: MessagingSettings = field(default_factory=MessagingSettings)  # SMS, WhatsApp, push, media
    notify: NotifySettings = field(default_factory=NotifySettings)  # reminders, SMTP email
    ops: OpsSettings = field(default_factory=OpsSettings)  # logs, metrics, Sentry, readiness, rate limits
    web: WebSettings = field(default_factory=WebSettings)  # browser sessions, cookies, web push

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        settings = cls(
            env=env.get("CHAMABORA_ENV", "development").strip().lower(),
            database_url=env.get("DATABASE_URL") or cls.database_url,
            redis_url=env.get("REDIS_URL") or None,
            webhook_secret=env.get("WEBHOOK_SECRET") or None,
            mpesa_mode=env.get("MPESA_MODE", "simulator").strip().lower(),
            **_mpesa_from_env(env),
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
            messaging=MessagingSettings.from_env(env),
            notify=NotifySettings.from_env(env),
            ops=OpsSettings.from_env(env, production=env.get("CHAMABORA_ENV", "").strip().lower() == "production"),
            web=WebSettings.from_env(env, production=env.get("CHAMABORA_ENV", "").strip().lower() == "production"),
        )
        settings.validate()
        return settings

    @classmethod
    def for_tests(cls, database_url: str, **overrides: object) -> Settings:
        # limits are off unless a test asks for them: most tests send many commands from one phone
        return replace(cls(env="test", database_url=database_url, webhook_secret="test-webhook-secret",
                           ops=OpsSettings(limits_enabled=False), web=WebSettings(secret_key="test-web-secret")),
                       **overrides)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def jobs_enabled(self) -> bool:
        """RQ workers send and answer where Redis is configured; the local default does it in process."""
        return self.redis_url is not None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def validate(self) -> None:
        if self.env not in ENVIRONMENTS:
            raise SettingsError(f"CHAMABORA_ENV must be one of {', '.join(ENVIRONMENTS)}")
        if self.mpesa_mode not in ("simulator", "sandbox", "production"):
            raise SettingsError("MPESA_MODE must be simulator, sandbox or production")
        problems = _mpesa_problems(self)
        problems += self.messaging.problems(self.is_production)
        problems += self.notify.problems()
        problems += self.ops.problems()
        problems += self.web.problems(self.is_production)
        if not self.is_production:
            if problems:
                raise SettingsError("; ".join(problems))
            return
        if self.is_sqlite:
            problems.append("DATABASE_URL must point at PostgreSQL in production")
        if not self.webhook_secret:
            problems.append("WEBHOOK_SECRET is required in production")
        if self.mpesa_mode == "simulator":
            problems.append("MPESA_MODE=simulator is not allowed in production")
        elif not self.mpesa_callback_base_url.startswith("https://"):
            problems.append("MPESA_CALLBACK_BASE_URL must be https in production")
        if problems:
            raise SettingsError("; ".join(problems))


MPESA_SECRETS = ("MPESA_CONSUMER_KEY", "MPESA_CONSUMER_SECRET", "MPESA_PASSKEY",
                 "MPESA_INITIATOR_NAME", "MPESA_SECURITY_CREDENTIAL")


def _mpesa_from_env(env: dict[str, str]) -> dict[str, object]:
    def text(name: str) -> str | None:
        return (env.get(name) or "").strip() or None

    def number(name: str, default: int) -> int:
        value = text(name)
        if value is None:
            return default
        if not value.isdigit():
            raise SettingsError(f"{name} must be a whole number")
        return int(value)

    return {
        "mpesa_base_url": text("MPESA_BASE_URL"),
        "mpesa_callback_base_url": (text("MPESA_CALLBACK_BASE_URL") or Settings.mpesa_callback_base_url).rstrip("/"),
        "mpesa_shortcode": text("MPESA_SHORTCODE") or Settings.mpesa_shortcode,
        "mpesa_till_number": text("MPESA_TILL_NUMBER"),
        "mpesa_passkey": text("MPESA_PASSKEY"),
        "mpesa_consumer_key": text("MPESA_CONSUMER_KEY"),
        "mpesa_consumer_secret": text("MPESA_CONSUMER_SECRET"),
        "mpesa_initiator_name": text("MPESA_INITIATOR_NAME"),
        "mpesa_security_credential": text("MPESA_SECURITY_CREDENTIAL"),
        "mpesa_b2c_shortcode": text("MPESA_B2C_SHORTCODE") or Settings.mpesa_b2c_shortcode,
        "mpesa_allowed_ips": tuple(ip.strip() for ip in (text("MPESA_ALLOWED_IPS") or "").split(",") if ip.strip()),
        "mpesa_c2b_strict": (text("MPESA_C2B_VALIDATION") or "accept").lower() == "strict",
        "mpesa_stk_timeout_seconds": number("MPESA_STK_TIMEOUT_SECONDS", Settings.mpesa_stk_timeout_seconds),
        "mpesa_b2c_timeout_seconds": number("MPESA_B2C_TIMEOUT_SECONDS", Settings.mpesa_b2c_timeout_seconds),
        "payout_second_signatory_cents": 100 * number("PAYOUT_SECOND_SIGNATORY_KES",
                                                      Settings.payout_second_signatory_cents // 100),
    }


def _mpesa_problems(settings: Settings) -> list[str]:
    """Talking to Safaricom (sandbox or production) needs every Daraja credential."""
    if settings.mpesa_mode == "simulator":
        return []
    values = {"MPESA_CONSUMER_KEY": settings.mpesa_consumer_key,
              "MPESA_CONSUMER_SECRET": settings.mpesa_consumer_secret,
              "MPESA_PASSKEY": settings.mpesa_passkey,
              "MPESA_INITIATOR_NAME": settings.mpesa_initiator_name,
              "MPESA_SECURITY_CREDENTIAL": settings.mpesa_security_credential}
    return [f"{name} is required when MPESA_MODE={settings.mpesa_mode}"
            for name in MPESA_SECRETS if not values[name]]
