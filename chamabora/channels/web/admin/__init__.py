"""The operators' admin, `/admin`: chamas, members, plans, outbox, schedule,
fraud reviews and the audit log, searched and paged, for the people who run
the service. Its own accounts and login (`chama operator add`), its own
cookie, so one browser can be a member and an operator at once and a
member's session never opens these pages.

Money is never edited here: a payment recorded by mistake is corrected by a
reversing entry (services/ledger/reversals.py), with the operator's reason in the
audit log."""
from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_wtf.csrf import CSRFError

from chamabora.i18n.catalogs import _
from chamabora.channels.web import errors
from chamabora.channels.web.i18n import gettext
from chamabora.channels.web.security import WEB_BLUEPRINTS

bp = Blueprint("web_admin", __name__, url_prefix="/admin")
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)
NOT_FOUND = _("Nothing here by that name or number. Search for it from the admin's pages.")


def _refusal(title: str, message: str, status: int):  # type: ignore[no-untyped-def]
    g.setdefault("operator", None)   # a refusal can come before the operator is read (CSRF)
    return render_template("web/admin/error.html", title=gettext(title), message=gettext(message)), status


@bp.errorhandler(404)
def not_found(_error):  # type: ignore[no-untyped-def]
    return _refusal(errors.PAGES[404][0], NOT_FOUND, 404)


@bp.errorhandler(CSRFError)
def csrf_refused(_error):  # type: ignore[no-untyped-def]
    return _refusal(*errors.EXPIRED_FORM, 400)

from chamabora.channels.web.admin import login, pages, reversal, session  # noqa: E402,F401 - the routes register themselves on bp
