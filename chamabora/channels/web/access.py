"""Who is asking: the member (or operator) a browser's session cookie
belongs to, read once per request, and the language the page speaks."""
from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timezone
from functools import wraps
from typing import Any, TypeVar

from flask import Response, g, redirect, request, url_for

from chamabora.services.people import web_login
from chamabora.services.people import web_sessions
from chamabora.channels.web import i18n
from chamabora.channels.web.security import WEB_BLUEPRINTS
from chamabora.composition.current import current_root
from chamabora.composition.root import Root

F = TypeVar("F", bound=Callable[..., Any])
SESSION_COOKIE = "cb_session"
DEVICE_COOKIE = "cb_device"
DEVICE_DAYS = 730


def services() -> Root:
    """The composition root of the app serving this request."""
    return current_root()


def now() -> datetime:
    return datetime.now(timezone.utc)


def load_owner() -> None:
    g.member = None
    g.operator_id = None
    g.session_id = None
    g.lang = "en"
    if request.blueprint not in WEB_BLUEPRINTS:
        return
    app_services = services()
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        owner = app_services.run(lambda conn: web_sessions.find(conn, app_services.settings.web.idle_days,
                                                                token, now()))
        if owner is not None:
            g.session_id = owner.session_id
            g.operator_id = owner.operator_id
            if owner.member_id is not None:
                g.member = app_services.only_reads(lambda conn: web_login.member(conn, owner.member_id))
    g.lang = i18n.choose(g.member.language if g.member is not None else None)


def member_required(view: F) -> F:
    """A page for a logged-in member; anyone else is sent to /login and brought back after."""
    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if g.member is None:
            return redirect(url_for("web_auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return guarded  # type: ignore[return-value]


def device_id() -> str:
    found = request.cookies.get(DEVICE_COOKIE, "")
    return found if 20 <= len(found) <= 64 else secrets.token_urlsafe(24)


def set_session_cookies(response: Response, token: str, device: str) -> Response:
    settings = services().settings.web
    response.set_cookie(SESSION_COOKIE, token, max_age=settings.session_days * 86400, httponly=True,
                        samesite="Lax", secure=settings.secure_cookies, path="/")
    response.set_cookie(DEVICE_COOKIE, device, max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=settings.secure_cookies, path="/")
    return response


def clear_session_cookie(response: Response) -> Response:
    settings = services().settings.web
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="Lax", secure=settings.secure_cookies)
    return response


def safe_next(target: str | None) -> str:
    """Only a path on this site: a login link must not send anyone elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("web_member.home")
