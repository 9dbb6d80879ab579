"""Puts the web channel on the Flask app: templates and static files of
`chamabora/web`, the session and CSRF layer, the language, the blueprints."""
from __future__ import annotations

from flask import Flask, g

from chamabora.channels.web import access, admin, auth, decisions, i18n, live, member, officer_desk, phone_simulator, push, security, statement
# the officers' pages add their routes to officer_desk.bp when imported
from chamabora.channels.web import board, board_books, board_reports, board_rules  # noqa: F401
from chamabora.composition.current import root_of


def init_app(app: Flask) -> None:
    settings = root_of(app).settings
    app.secret_key = settings.web.key()
    security.init_app(app, settings.web.secure_cookies)
    i18n.init_app(app)
    app.before_request(access.load_owner)
    trying = not settings.is_production   # the local default: no real SMS leaves this machine
    app.context_processor(lambda: {"lang": g.get("lang", "en"), "me": g.get("member"), "trying": trying})
    app.context_processor(push.page_context)
    for blueprint in (auth.bp, member.bp, officer_desk.bp, decisions.bp, live.bp, admin.bp, phone_simulator.bp, push.bp,
                      statement.bp):
        app.register_blueprint(blueprint)
