"""Refusals on the web pages, as a page in the person's language (webhooks
keep their own formats, errors_http.py)."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_wtf.csrf import CSRFError

from chamabora.i18n.catalogs import _
from chamabora.channels.web.i18n import gettext

PAGES = {
    400: (_("Something was wrong with that form"), _("Go back, reload the page and try again.")),
    403: (_("Not for you"), _("Only this chama's chair, treasurer and secretary can open this page.")),
    404: (_("Page not found"), _("There is no page here. Check the address, or go back to your chamas.")),
}
EXPIRED_FORM = (_("This form has expired"), _("For your safety, forms work only in the page that showed them. "
                                               "Go back, reload the page and try again."))


def install(bp: Blueprint) -> None:
    """A web blueprint's refusals as pages (an unknown address outside any blueprint is errors_http's)."""
    @bp.errorhandler(CSRFError)
    def csrf_refused(_error):  # type: ignore[no-untyped-def]
        title, message = EXPIRED_FORM
        return render_template("web/error.html", title=gettext(title), message=gettext(message)), 400

    for status, (title, message) in PAGES.items():
        bp.register_error_handler(status, _page(status, title, message))


def _page(status: int, title: str, message: str):  # type: ignore[no-untyped-def]
    def handle(_error):  # type: ignore[no-untyped-def]
        return render_template("web/error.html", title=gettext(title), message=gettext(message)), status
    return handle
