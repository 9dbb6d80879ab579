"""A member's statement in one of their chamas: `/my/<CODE>/statement`
(20 lines a page, newest first), and the whole of it as
`/my/<CODE>/statement.csv` and `/my/<CODE>/statement.pdf`. The lines are
the ones `STATEMENT` texts, one per journal entry."""
from __future__ import annotations

from datetime import timezone
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, g, render_template, request

from chamabora.i18n.members import STATEMENT_ENTRY, STATEMENT_LINE_NAMES, STATEMENT_UNVERIFIED
from chamabora.i18n.catalogs import _
from chamabora.services.people.speakers import ChamaChoice
from chamabora.services.ledger import statements
from chamabora.channels.web import errors
from chamabora.channels.web.access import member_required, now, services
from chamabora.channels.web.i18n import gettext
from chamabora.channels.web.member_view import my_chama, refuse_others
from chamabora.channels.web.security import WEB_BLUEPRINTS
from chamabora.channels.web.statement_files import csv_bytes, pdf_bytes

bp = Blueprint("web_statement", __name__)
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)
refuse_others(bp)

NAIROBI = ZoneInfo("Africa/Nairobi")
PAGE = 20
WHOLE = 100_000   # a file holds the whole statement; no chama's member has this many entries
HEADER = (_("Date"), _("Entry"), _("Amount (KES)"), _("Note"))
TITLE = _("Statement: %(chama)s")
FOR_WHOM = _("%(name)s, %(phone)s")
MADE_ON = _("Made on %(date)s. Amounts in KES; newest first.")
NOTHING_YET = _("Nothing on your statement yet.")


@bp.get("/my/<code>/statement")
@member_required
def statement(code: str):  # type: ignore[no-untyped-def]
    choice = my_chama(code)
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    found = _lines(choice, PAGE + 1, (page - 1) * PAGE)
    return render_template("web/statement.html", chama=choice, rows=[_row(line) for line in found[:PAGE]],
                           page=page, older=len(found) > PAGE)


@bp.get("/my/<code>/statement.csv")
@member_required
def statement_csv(code: str):  # type: ignore[no-untyped-def]
    choice = my_chama(code)
    rows = [_row(line) for line in _lines(choice, WHOLE, 0)]
    return _file(csv_bytes([gettext(h) for h in HEADER], rows), "text/csv; charset=utf-8", choice, "csv")


@bp.get("/my/<code>/statement.pdf")
@member_required
def statement_pdf(code: str):  # type: ignore[no-untyped-def]
    choice = my_chama(code)
    rows = [_row(line) for line in _lines(choice, WHOLE, 0)]
    lines = [gettext(FOR_WHOM, name=g.member.name, phone=g.member.phone),
             gettext(MADE_ON, date=f"{now().astimezone(NAIROBI):%d/%m/%Y %H:%M}")]
    body = pdf_bytes(gettext(TITLE, chama=f"{choice.name} ({choice.code})"), lines,
                     [gettext(h) for h in HEADER], rows, gettext(NOTHING_YET))
    return _file(body, "application/pdf", choice, "pdf")


def _lines(choice: ChamaChoice, limit: int, skip: int) -> list[statements.StatementLine]:
    member_id = g.member.id
    return services().only_reads(  # type: ignore[no-any-return]
        lambda conn: statements.member_events(conn, choice.id, member_id, limit=limit, skip=skip))


def _row(line: statements.StatementLine) -> list[str]:
    # SQLite hands back naive UTC moments, PostgreSQL aware ones
    moment = line.posted_at if line.posted_at.tzinfo else line.posted_at.replace(tzinfo=timezone.utc)
    return [f"{moment.astimezone(NAIROBI):%d/%m/%Y}", gettext(STATEMENT_LINE_NAMES.get(line.kind, STATEMENT_ENTRY)),
            f"{abs(line.amount.cents) // 100:,}.{abs(line.amount.cents) % 100:02d}",
            gettext(STATEMENT_UNVERIFIED) if line.unverified else ""]


def _file(body: bytes, mimetype: str, choice: ChamaChoice, extension: str) -> Response:
    stamp = f"{now().astimezone(NAIROBI):%Y%m%d}"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="statement-{choice.code}-{stamp}.{extension}"'
    response.headers["Cache-Control"] = "no-store"   # a member's money: not for shared caches or the back button
    return response


__all__ = ["bp"]
