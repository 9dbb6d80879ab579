"""`/admin/login` (name and password) and `/admin/logout`.

Wrong passwords are counted on the account and lock it for a while after
five (services/people/operators.py); tries are also rate-limited per name and per
address, so guessing across many names from one place is slowed too."""
from __future__ import annotations

from flask import g, make_response, redirect, render_template, request, url_for

from chamabora.i18n.catalogs import _
from chamabora.core.schedule import NAIROBI
from chamabora.services.people import operators
from chamabora.channels.web.access import device_id, now, services
from chamabora.channels.web.i18n import gettext
from chamabora.channels.web.admin import bp
from chamabora.channels.web.admin.session import HOURS, clear_cookie, safe_next, set_cookie

WRONG = _("Wrong name or password.")
LOCKED = _("Too many wrong passwords. This account is locked until %(time)s.")
TOO_MANY = _("Too many tries. Wait a while, then try again.")


def _page(error: str | None, username: str, target: str, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template("web/admin/login.html", error=error, username=username, next=target), status


@bp.get("/login")
def login():  # type: ignore[no-untyped-def]
    target = safe_next(request.args.get("next"))
    if g.operator is not None:
        return redirect(target)
    return _page(None, "", target)


@bp.post("/login")
def check():  # type: ignore[no-untyped-def]
    username = request.form.get("username", "")[:60].strip()
    password = request.form.get("password", "")[:operators.MAX_PASSWORD]
    target = safe_next(request.form.get("next"))
    limits = services().limits
    address = request.remote_addr or "unknown"
    if not (limits.allow("operator_login", f"name:{username.lower()}")
            and limits.allow("operator_login", f"address:{address}")):
        return _page(gettext(TOO_MANY), username, target, 429)
    moment = now()
    attempt, token = services().run(lambda conn: operators.log_in(
        conn, username, password, moment, device_id(), request.headers.get("User-Agent", ""), HOURS))
    if token is None:
        if attempt.outcome in (operators.Outcome.LOCKED, operators.Outcome.NOW_LOCKED) and attempt.locked_until:
            error = gettext(LOCKED, time=f"{attempt.locked_until.astimezone(NAIROBI):%H:%M}")
            return _page(error, username, target, 423)
        return _page(gettext(WRONG), username, target, 400)
    return set_cookie(make_response(redirect(target)), token)


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    seen = g.operator
    if seen is not None:
        services().run(lambda conn: operators.log_out(conn, seen.session_id, seen.id, now()))
    return clear_cookie(make_response(redirect(url_for("web_admin.login"))))
