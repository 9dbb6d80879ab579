"""English and Swahili on the web, from the same catalogs as every SMS
(`i18n/locale`, the web's own strings in `web.po`).

A page speaks the language the person chose on the web (`?lang=sw`, kept in
the session cookie), else the member's own language, else what the browser
asks for. Templates call `_("text %(name)s", name=...)`; Jinja escapes the
values.
"""
from __future__ import annotations

from flask import Flask, g, request, session

from chamabora.i18n.catalogs import LANGUAGES, translate


def choose(member_language: str | None = None) -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        session["lang"] = asked
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return str(chosen)
    if member_language in LANGUAGES:
        return str(member_language)
    return request.accept_languages.best_match(LANGUAGES) or "en"


def gettext(msgid: str, **values: object) -> str:
    return translate(g.get("lang", "en"), msgid, **values)


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    return gettext(singular if n == 1 else plural, **values)


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda msgid: translate(g.get("lang", "en"), msgid),
        lambda s, p, n: translate(g.get("lang", "en"), s if n == 1 else p), newstyle=True)
