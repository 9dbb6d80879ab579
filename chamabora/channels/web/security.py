"""What every web page sends and checks: CSRF on every form (Flask-WTF, as
hidden inputs), a strict content security policy (scripts and styles only
from our own static files), and cookies that scripts cannot read.

Only the web's own blueprints get these; webhooks keep their own rules
(signatures and tokens, webhook_auth.py), since providers send no CSRF token.
"""
from __future__ import annotations

from flask import Flask, Response, request
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' "
          "https://fcmregistrations.googleapis.com https://firebaseinstallations.googleapis.com; "
          "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
WEB_BLUEPRINTS: set[str] = set()


def init_app(app: Flask, secure_cookies: bool) -> None:
    app.config.update(WTF_CSRF_CHECK_DEFAULT=False, WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_SSL_STRICT=False,
                      SESSION_COOKIE_NAME="cb_web", SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=secure_cookies)
    csrf.init_app(app)

    @app.before_request
    def check_csrf() -> None:
        if request.blueprint in WEB_BLUEPRINTS and request.method in ("POST", "PUT", "PATCH", "DELETE"):
            csrf.protect()

    @app.after_request
    def headers(response: Response) -> Response:
        if request.blueprint in WEB_BLUEPRINTS:
            response.headers.setdefault("Content-Security-Policy", POLICY)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
            if secure_cookies:
                response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
            if response.mimetype == "text/html":
                response.headers.setdefault("Cache-Control", "no-store")
        return response
