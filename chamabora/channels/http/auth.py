"""The shared secret every non-Twilio webhook carries (DESIGN.md §3): query
parameter `token` or header `X-Webhook-Token`, compared in constant time.
Without a configured secret only the local default accepts requests."""
from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import abort, request

from chamabora.composition.current import current_root

F = TypeVar("F", bound=Callable[..., object])


def token_is_valid() -> bool:
    settings = current_root().settings
    secret = settings.webhook_secret
    if not secret:
        return not settings.is_production
    given = request.headers.get("X-Webhook-Token") or request.args.get("token") or ""
    return hmac.compare_digest(given.encode(), secret.encode())


def require_webhook_token(view: F) -> F:
    """Refuse (403, nothing read or written) a webhook without the shared secret."""
    @wraps(view)
    def guarded(*args: object, **kwargs: object) -> object:
        if not token_is_valid():
            abort(403)
        return view(*args, **kwargs)
    return guarded  # type: ignore[return-value]
