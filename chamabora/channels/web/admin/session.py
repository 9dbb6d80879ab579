"""Who is at `/admin`: the operator whose session the `cb_admin` cookie names.

The cookie is an operator's own (path /admin, SameSite Strict), apart from a
member's `cb_session`: a member's session is no key here, and an operator
disabled from the command line is logged out at the next page."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import wraps
from typing import Any, TypeVar

from flask import Response, g, redirect, request, url_for

from chamabora.core.schedule import NAIROBI
from chamabora.services.people import operators
from chamabora.services.people import web_sessions
from chamabora.channels.web.access import now, services
from chamabora.channels.web.admin import bp

F = TypeVar("F", bound=Callable[..., Any])
COOKIE = "cb_admin"
HOURS = 12


@dataclass(frozen=True, slots=True)
class OperatorSeen:
    id: int
    name: str
    session_id: int


@bp.before_request
def load_operator() -> None:
    g.operator = None
    token = request.cookies.get(COOKIE)
    if not token:
        return
    app_services = services()

    def find(conn):  # type: ignore[no-untyped-def]
        owner = web_sessions.find(conn, app_services.settings.web.idle_days, token, now())
        if owner is None or owner.operator_id is None:
            return None
        name = operators.active_name(conn, owner.operator_id)
        return OperatorSeen(owner.operator_id, name, owner.session_id) if name else None

    g.operator = app_services.run(find)


def operator_required(view: F) -> F:
    """A page for a logged-in operator; anyone else (a member too) is sent to /admin/login."""
    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if g.operator is None:
            return redirect(url_for("web_admin.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return guarded  # type: ignore[return-value]


def safe_next(target: str | None) -> str:
    """Only a page of the admin: a login link must not send an operator anywhere else."""
    if target and target.startswith("/admin") and "//" not in target and "\\" not in target:
        return target
    return url_for("web_admin.home")


def set_cookie(response: Response, token: str) -> Response:
    response.set_cookie(COOKIE, token, max_age=HOURS * 3600, httponly=True, samesite="Strict",
                        secure=services().settings.web.secure_cookies, path="/admin")
    return response


def clear_cookie(response: Response) -> Response:
    response.delete_cookie(COOKIE, path="/admin", httponly=True, samesite="Strict",
                           secure=services().settings.web.secure_cookies)
    return response


@bp.app_template_filter("nairobi")
def nairobi(moment: datetime | None) -> str:
    """A stored moment (UTC; SQLite gives it back without its zone) as Nairobi's clock reads it."""
    if moment is None:
        return "-"
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return f"{aware.astimezone(NAIROBI):%Y-%m-%d %H:%M}"
