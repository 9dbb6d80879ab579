"""Chamabora: chamas over USSD, SMS and WhatsApp, with M-Pesa for the money.

`create_app` wires Flask only; it does no I/O at import and none at
creation beyond building the engine (connections open lazily).
"""
from __future__ import annotations

from flask import Flask

from .bootstrap import bootstrap
from .ops import http, logs, sentry
from .settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    settings.validate()
    app = Flask(__name__, template_folder="web/templates", static_folder="web/static")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    logs.configure(settings.log_level, settings.ops.log_format)
    sentry.start(settings.ops.sentry_dsn, settings.env)
    app.extensions["chamabora"] = bootstrap(settings)
    from . import cli, errors_http, health, webhook_input
    from .limits import web as limits_web
    from .mpesa import routes as mpesa_routes
    from .outbox import page as outbox_page
    from .push import routes as push_routes
    from .sms import web as sms_web
    from .ussd import routes as ussd_routes
    from .whatsapp import web as whatsapp_web
    from .web import wiring as web

    http.init_app(app)
    webhook_input.init_app(app)
    limits_web.init_app(app)
    health.init_app(app)
    errors_http.init_app(app)
    outbox_page.init_app(app)
    mpesa_routes.init_app(app)
    ussd_routes.init_app(app)
    sms_web.init_app(app)
    whatsapp_web.init_app(app)
    push_routes.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app


def services(app: Flask):  # type: ignore[no-untyped-def]
    return app.extensions["chamabora"]
