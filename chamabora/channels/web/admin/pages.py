"""The admin's reading pages, each searched with `q` and paged with `page`.
They only read, through the services that own each table."""
from __future__ import annotations

from datetime import datetime

from flask import abort, g, render_template, request

from chamabora.i18n.catalogs import _
from chamabora.core.errors import UnknownChama
from chamabora.core.schedule import NAIROBI, today_in_nairobi
from chamabora.services.claims.reviews import review_page
from chamabora.outbox.listing import outbox_page
from chamabora.schedule.overview import overview
from chamabora.services.chama import audit_log
from chamabora.services.chama import directory
from chamabora.services.ledger import journal
from chamabora.db.paging import SIZE, cleaned, page_number, page_of
from chamabora.services.records import load_chama
from chamabora.channels.web.access import services
from chamabora.channels.web.admin import bp
from chamabora.channels.web.admin.session import operator_required

SECTIONS = (("web_admin.chamas", _("Chamas")), ("web_admin.members", _("Members")),
            ("web_admin.plans", _("Plans")), ("web_admin.outbox", _("Outbox")),
            ("web_admin.schedule", _("Schedule")), ("web_admin.fraud", _("Fraud reviews")),
            ("web_admin.audit", _("Audit log")))


def _asked() -> tuple[str, int]:
    return cleaned(request.args.get("q")), page_number(request.args.get("page", 1))


def _read(work):  # type: ignore[no-untyped-def]
    return services().only_reads(work)


@bp.get("")
@bp.get("/")
@operator_required
def home():  # type: ignore[no-untyped-def]
    return render_template("web/admin/home.html", section=None)


def _chama_list(template: str, section: str):  # type: ignore[no-untyped-def]
    """The chamas page and the plans page read the same page of chamas; they show different columns."""
    query, number = _asked()
    found = _read(lambda conn: directory.chama_page(conn, query, number, today_in_nairobi()))
    return render_template(template, section=section, page=found, q=query)


@bp.get("/chamas")
@operator_required
def chamas():  # type: ignore[no-untyped-def]
    return _chama_list("web/admin/chamas.html", "web_admin.chamas")


@bp.get("/plans")
@operator_required
def plans():  # type: ignore[no-untyped-def]
    return _chama_list("web/admin/plans.html", "web_admin.plans")


@bp.get("/chamas/<code>")
@operator_required
def chama(code: str):  # type: ignore[no-untyped-def]
    query, number = _asked()

    def read(conn):  # type: ignore[no-untyped-def]
        try:
            found = load_chama(conn, code[:12])
        except UnknownChama:
            return None
        return found, journal.entry_page(conn, found.id, query, number)

    seen = _read(read)
    if seen is None:
        abort(404)
    found, entries = seen
    return render_template("web/admin/chama.html", section="web_admin.chamas", chama=found, page=entries, q=query)


@bp.get("/members")
@operator_required
def members():  # type: ignore[no-untyped-def]
    query, number = _asked()
    found = _read(lambda conn: directory.member_page(conn, query, number))
    return render_template("web/admin/members.html", section="web_admin.members", page=found, q=query)


@bp.get("/members/<int:member_id>")
@operator_required
def member(member_id: int):  # type: ignore[no-untyped-def]
    found = _read(lambda conn: directory.member_detail(conn, member_id))
    if found is None:
        abort(404)
    return render_template("web/admin/member.html", section="web_admin.members", member=found)


@bp.get("/outbox")
@operator_required
def outbox():  # type: ignore[no-untyped-def]
    query, number = _asked()
    found = _read(lambda conn: outbox_page(conn, query, number))
    return render_template("web/admin/outbox.html", section="web_admin.outbox", page=found, q=query)


@bp.get("/schedule")
@operator_required
def schedule():  # type: ignore[no-untyped-def]
    query, number = _asked()
    found = page_of(overview(datetime.now(NAIROBI), query)[(number - 1) * SIZE:], number)
    return render_template("web/admin/schedule.html", section="web_admin.schedule", page=found, q=query)


@bp.get("/fraud")
@operator_required
def fraud():  # type: ignore[no-untyped-def]
    query, number = _asked()
    found = _read(lambda conn: review_page(conn, query, number, g.lang))
    return render_template("web/admin/fraud.html", section="web_admin.fraud", page=found, q=query)


@bp.get("/audit")
@operator_required
def audit():  # type: ignore[no-untyped-def]
    query, number = _asked()
    found = _read(lambda conn: audit_log.audit_page(conn, query, number))
    return render_template("web/admin/audit.html", section="web_admin.audit", page=found, q=query)


@bp.app_context_processor
def sections() -> dict[str, object]:
    return {"admin_sections": SECTIONS}
