"""Settings, read once from the environment.

Production refuses to start on SQLite or without its secrets: a chama's money
must never sit in a file on one web server, and an unauthenticated webhook
would let anyone post a payment.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

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
    log_level: str = "INFO"
    max_body_bytes: int = 64 * 1024
    secrets: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        settings = cls(
            env=env.get("CHAMABORA_ENV", "development").strip().lower(),
            database_url=env.get("DATABASE_URL") or cls.database_url,
            redis_url=env.get("REDIS_URL") or None,
            webhook_secret=env.get("WEBHOOK_SECRET") or None,
            mpesa_mode=env.get("MPESA_MODE", "simulator").strip().lower(),
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
        )
        settings.validate()
        return settings

    @classmethod
    def for_tests(cls, database_url: str, **overrides: object) -> Settings:
        return replace(cls(env="test", database_url=database_url,
                           webhook_secret="test-webhook-secret"), **overrides)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def validate(self) -> None:
        if self.env not in ENVIRONMENTS:
            raise SettingsError(f"CHAMABORA_ENV must be one of {', '.join(ENVIRONMENTS)}")
        if self.mpesa_mode not in ("simulator", "sandbox", "production"):
            raise SettingsError("MPESA_MODE must be simulator, sandbox or production")
        if not self.is_production:
            return
        problems = []
        if self.is_sqlite:
            problems.append("DATABASE_URL must point at PostgreSQL in production")
        if not self.webhook_secret:
            problems.append("WEBHOOK_SECRET is required in production")
        if self.mpesa_mode == "simulator":
            problems.append("MPESA_MODE=simulator is not allowed in production")
        if problems:
            raise SettingsError("; ".join(problems))
