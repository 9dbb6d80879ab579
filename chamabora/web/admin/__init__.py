"""The operators' admin, `/admin`: chamas, members, plans, outbox, schedule,
fraud reviews and the audit log, searched and paged, for the people who run
the service. Its own accounts and login (`chama operator add`), its own
cookie, so one browser can be a member and an operator at once and a
member's session never opens these pages.

Money is never edited here: a payment recorded by mistake is corrected by a
reversing entry (services/reversals.py), with the operator's reason in the
audit log."""
from __future__ import annotations

from flask import Blueprint

from .. import errors
from ..security import WEB_BLUEPRINTS

bp = Blueprint("web_admin", __name__, url_prefix="/admin")
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)

from . import login, pages, reversal, session  # noqa: E402,F401 - the routes register themselves on bp
