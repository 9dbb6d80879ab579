"""Settings of the web channel, read from the environment once.

`SECRET_KEY` signs the browser's CSRF cookie; production refuses to start
without one. Elsewhere a key is made once and kept under `instance/`, so the
processes of one local deployment agree and a restart keeps people logged in.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parents[2] / "instance"


@dataclass(frozen=True)
class WebSettings:
    secret_key: str | None = field(default=None, repr=False)
    secure_cookies: bool = False          # production: cookies only over HTTPS
    session_days: int = 30                # a login lasts this long at most
    idle_days: int = 7                    # and ends sooner when the browser is not used
    fcm_vapid_key: str | None = None      # web push: the Firebase project's public VAPID key
    fcm_config: str | None = None         # web push: the Firebase web config (JSON), public by design
    live_streams: int = 12                # open live boards per process: each holds a thread (gunicorn.conf.py)

    @classmethod
    def from_env(cls, env: dict[str, str], production: bool) -> WebSettings:
        def text(name: str) -> str | None:
            return (env.get(name) or "").strip() or None

        secure = text("WEB_SECURE_COOKIES")
        # gunicorn.conf.py keeps four of each process's WEB_THREADS for everything but live boards
        streams = text("WEB_LIVE_STREAMS") or str(max(1, int(text("WEB_THREADS") or 16) - 4))
        return cls(secret_key=text("SECRET_KEY"), live_streams=int(streams),
                   secure_cookies=production if secure is None else secure.lower() in ("1", "true", "yes"),
                   fcm_vapid_key=text("WEB_PUSH_VAPID_KEY"), fcm_config=text("WEB_PUSH_FIREBASE_CONFIG"))

    def problems(self, production: bool) -> list[str]:
        found = []
        if self.fcm_config is not None and not _json_object(self.fcm_config):
            found.append("WEB_PUSH_FIREBASE_CONFIG must be the Firebase web config, a JSON object")
        if not production:
            return found
        if not self.secret_key or len(self.secret_key) < 32:
            found.append("SECRET_KEY (32 characters or more) is required in production")
        if not self.secure_cookies:
            found.append("WEB_SECURE_COOKIES must not be turned off in production")
        return found

    def key(self) -> str:
        """The signing key: the configured one, or the local deployment's own (made once)."""
        if self.secret_key:
            return self.secret_key
        path = INSTANCE_DIR / "web-secret-key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        return path.read_text().strip()


def _json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False
