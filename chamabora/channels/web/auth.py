"""Logging in with the phone (`/login`: number, then the code texted to it)
and out (`/logout`: this browser, or every browser at once)."""
from __future__ import annotations

from flask import Blueprint, g, make_response, redirect, render_template, request, url_for

from chamabora.i18n.catalogs import _
from chamabora.core.errors import ChamaError
from chamabora.core.phone import mask_phone, normalize_phone
from chamabora.services.people import web_login
from chamabora.services.people import web_sessions
from chamabora.channels.web.access import (clear_session_cookie, device_id, member_required, now, safe_next, services,
                     set_session_cookies)
from chamabora.channels.web.i18n import gettext
from chamabora.channels.web import errors
from chamabora.channels.web.security import WEB_BLUEPRINTS

bp = Blueprint("web_auth", __name__)
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)

NOT_A_PHONE = _("That is not a phone number. Write it like 0712 345 678.")
TOO_MANY_ASKED = _("Too many codes were asked for. Wait a while, then try again.")
TOO_SOON = _("A code was sent less than a minute ago. Wait %(seconds)s seconds, then ask again.")
WRONG_CODE = _("Wrong code. %(left)s tries left.")
EXPIRED = _("This code has expired. Ask for a new one.")
TOO_MANY_WRONG = _("Too many wrong codes. Ask for a new one.")
NO_CODE = _("No code is waiting for this phone: it was used already or never sent. Ask for a new one.")
REFUSALS = {"expired": EXPIRED, "too_many_attempts": TOO_MANY_WRONG, "no_code": NO_CODE, "not_a_phone": NOT_A_PHONE}


def _address() -> str:
    return request.remote_addr or "unknown"


@bp.get("/login")
def login():  # type: ignore[no-untyped-def]
    if g.member is not None:
        return redirect(safe_next(request.args.get("next")))
    return render_template("web/login.html", next=safe_next(request.args.get("next")), phone="", error=None)


@bp.post("/login")
def ask_code():  # type: ignore[no-untyped-def]
    raw, target = request.form.get("phone", "")[:40], safe_next(request.form.get("next"))
    try:
        phone = normalize_phone(raw)
    except ChamaError:
        return render_template("web/login.html", next=target, phone=raw, error=gettext(NOT_A_PHONE)), 400
    # asked again too soon: the code on its way still works; this ask sends nothing and counts nothing
    wait = services().only_reads(lambda conn: web_login.wait_seconds(conn, phone, now()))
    if wait:
        error = gettext(TOO_SOON, seconds=wait)
        return render_template("web/code.html", next=target, phone=phone, shown=mask_phone(phone), error=error), 429
    limits = services().limits
    # both are counted on every ask: a script trying many phones from one address meets its limit
    allowed = [limits.allow("otp_phone", phone), limits.allow("otp_address", _address())]
    if not all(allowed):
        return render_template("web/login.html", next=target, phone=raw, error=gettext(TOO_MANY_ASKED)), 429
    try:
        services().run(lambda conn: web_login.send_code(conn, phone, now()))
    except web_login.LoginRefused as refused:
        if refused.details.get("reason") != "too_soon":
            raise
        error = gettext(TOO_SOON, seconds=refused.details.get("retry_after", 60))
        return render_template("web/code.html", next=target, phone=phone, shown=mask_phone(phone), error=error), 429
    return render_template("web/code.html", next=target, phone=phone, shown=mask_phone(phone), error=None)


@bp.post("/login/code")
def check_code():  # type: ignore[no-untyped-def]
    raw, code, target = request.form.get("phone", "")[:40], request.form.get("code", "")[:12], \
        safe_next(request.form.get("next"))
    device = device_id()
    agent = request.headers.get("User-Agent", "")
    refusal: list[web_login.LoginRefused] = []

    def attempt(conn):  # type: ignore[no-untyped-def]
        try:
            return web_login.log_in(conn, raw, code, now(), device, agent, services().settings.web.session_days)
        except web_login.LoginRefused as refused:
            refusal.append(refused)   # kept: a wrong guess is counted, so this transaction commits
            return None

    opened = services().run(attempt)
    if opened is None:
        refused = refusal[0]
        reason = str(refused.details.get("reason"))
        error = (gettext(WRONG_CODE, left=refused.details.get("attempts_left", 0)) if reason == "wrong_code"
                 else gettext(REFUSALS.get(reason, NO_CODE)))
        shown = raw
        try:
            shown = mask_phone(normalize_phone(raw))
        except ChamaError:
            pass
        return render_template("web/code.html", next=target, phone=raw, shown=shown, error=error), 400
    _member, token = opened
    return set_session_cookies(make_response(redirect(target)), token, device)


@bp.get("/logout")
def logout_page():  # type: ignore[no-untyped-def]
    if g.session_id is None:
        return redirect(url_for("web_auth.login"))
    return render_template("web/logout.html")


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    if g.session_id is not None:
        everywhere = request.form.get("everywhere") == "1"
        session_id, member, operator = g.session_id, g.member, g.operator_id

        def end(conn):  # type: ignore[no-untyped-def]
            if everywhere:
                web_sessions.end_all(conn, now(), member_id=member.id if member else None,
                                     operator_id=None if member else operator)
            else:
                web_sessions.end(conn, session_id, now())

        services().run(end)
    return clear_session_cookie(make_response(redirect(url_for("web_auth.login"))))


__all__ = ["bp", "member_required"]
