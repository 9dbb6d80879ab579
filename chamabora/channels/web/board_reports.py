"""An officer's reports: `/chamas/<CODE>/reports` draws the chama's trends
(collections per cycle against expected, arrears over time, the loan book)
as SVG with their figures in tables, and links the downloads: the board as
CSV (`board.csv`) and a month's report as PDF (`report.pdf?month=YYYY-MM`)."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from flask import Response, abort, g, render_template, request

from chamabora.i18n.catalogs import _
from chamabora.core.schedule import NAIROBI, today_in_nairobi
from chamabora.services.chama import decision_log
from chamabora.services.ledger import reports as figures
from chamabora.services.contributions.roll import cycle_roll
from chamabora.channels.web.access import member_required, now, services
from chamabora.channels.web.officer_desk import bp, officer_choice
from chamabora.channels.web.charts import chart
from chamabora.channels.web.i18n import gettext
from chamabora.channels.web.report_pdf import MonthReport, render

MONTH = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")
DECISIONS_READ = 500
COLLECTIONS_TITLE = _("Collections per cycle against what was expected")
ARREARS_TITLE = _("Arrears (contributions and fines owed) at each due date")
LOANS_TITLE = _("Loans owed at each due date")


def whole_shillings(cents: int) -> str:
    return f"{cents // 100:,}"


def end_of(day: date) -> datetime:
    """Midnight after `day` in Nairobi: a balance "at the due date" counts that whole day."""
    return datetime.combine(day + timedelta(days=1), time(0), NAIROBI)


def _trends(chama_id: int):  # type: ignore[no-untyped-def]
    moment = now()

    def read(conn):  # type: ignore[no-untyped-def]
        cycles = figures.collections(conn, chama_id)
        moments = [min(end_of(c.due), moment) for c in cycles]
        return (cycles, figures.balances_at(conn, chama_id, figures.ARREARS, moments),
                figures.balances_at(conn, chama_id, figures.LOANS, moments), figures.loan_book(conn, chama_id))

    return services().only_reads(read)


@bp.get("/chamas/<code>/reports")
@member_required
def reports(code: str):  # type: ignore[no-untyped-def]
    choice = officer_choice(code)
    cycles, arrears, loans, book = _trends(choice.id)
    labels = [f"{c.due:%d/%m}" for c in cycles]
    charts = {
        "collections": chart(labels, [c.collected.cents for c in cycles], [c.expected.cents for c in cycles],
                             money=whole_shillings),
        "arrears": chart(labels, [a.cents for a in arrears], line=True, money=whole_shillings),
        "loans": chart(labels, [a.cents for a in loans], money=whole_shillings),
    }
    month = f"{today_in_nairobi(now()):%Y-%m}"
    return render_template("web/reports.html", chama=choice, tab="reports", cycles=cycles, arrears=arrears,
                           loans=loans, book=book, charts=charts, month=month, titles={
                               "collections": gettext(COLLECTIONS_TITLE), "arrears": gettext(ARREARS_TITLE),
                               "loans": gettext(LOANS_TITLE)})


@bp.get("/chamas/<code>/report.pdf")
@member_required
def report_pdf(code: str):  # type: ignore[no-untyped-def]
    choice = officer_choice(code)
    asked = (request.args.get("month") or f"{today_in_nairobi(now()):%Y-%m}").strip()
    found = MONTH.match(asked)
    if found is None:
        abort(400)
    first = date(int(found.group(1)), int(found.group(2)), 1)
    following = (first + timedelta(days=32)).replace(day=1)
    start, end = datetime.combine(first, time(0), NAIROBI), datetime.combine(following, time(0), NAIROBI)
    moment = now()

    def read(conn):  # type: ignore[no-untyped-def]
        cycles = [c for c in figures.collections(conn, choice.id, last=1000) if first <= c.due < following]
        at = [min(end, moment)]
        decided = [d for d in decision_log.last_decisions(conn, choice.id, DECISIONS_READ) if start <= _aware(d.at) < end]
        return MonthReport(chama=choice.name, code=choice.code, month=first, printed=moment,
                           cash=figures.cash_by_kind(conn, choice.id, start, end), cycles=cycles,
                           arrears=figures.balances_at(conn, choice.id, figures.ARREARS, at)[0],
                           loans=figures.balances_at(conn, choice.id, figures.LOANS, at)[0],
                           roll=cycle_roll(conn, choice.id, today_in_nairobi(moment)), decisions=decided)

    report = services().only_reads(read)
    body = render(report, g.lang)
    filename = f"{choice.code}-report-{first:%Y-%m}.pdf"
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)

