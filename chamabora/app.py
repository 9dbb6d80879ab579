"""The Flask app: `create_app` builds the composition root from settings,
keeps it in `app.extensions`, and registers every entry point's routes and
commands. It does no I/O at import and none at creation beyond building the
engine (connections open lazily).
"""
from __future__ import annotations

from flask import Flask

from chamabora.channels.http import errors as errors_http
from chamabora.channels.http import health, observe, outbox_page
from chamabora.channels.http import input as webhook_input
from chamabora.channels.http import limits as limits_web
from chamabora.channels.push import routes as push_routes
from chamabora.channels.sms import web as sms_web
from chamabora.channels.ussd import routes as ussd_routes
from chamabora.channels.web import wiring as web
from chamabora.channels.whatsapp import web as whatsapp_web
from chamabora.cli import commands as cli
from chamabora.composition.build import build
from chamabora.composition.current import KEY, root_of
from chamabora.composition.root import Root
from chamabora.channels.mpesa import routes as mpesa_routes
from chamabora.ops import logs, sentry
from chamabora.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    settings.validate()
    app = Flask("chamabora", template_folder="channels/web/templates", static_folder="channels/web/static")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    logs.configure(settings.log_level, settings.ops.log_format)
    sentry.start(settings.ops.sentry_dsn, settings.env)
    app.extensions[KEY] = build(settings)
    observe.init_app(app)
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


def root(app: Flask) -> Root:
    """The composition root this app was built with."""
    return root_of(app)
