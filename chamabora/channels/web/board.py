"""The officers' desk for one chama: `/chamas/<CODE>`. Only its chair,
treasurer and secretary see it; another member is refused, a stranger is
sent to log in.

The board is this cycle's roll (services/contributions/roll.py), filtered, searched,
sorted and paged here. The table is also its own fragment (`/rows`, same
query string) so htmx and the live updates can reload only the table.
"""
from __future__ import annotations

import csv
import io

from flask import Response, abort, render_template, request

from chamabora.i18n.catalogs import _
from chamabora.core.schedule import today_in_nairobi
from chamabora.services.contributions.roll import cycle_roll
from chamabora.channels.web.access import member_required, now, services
from chamabora.channels.web.i18n import gettext
from chamabora.channels.web.board_table import BoardQuery, shillings, view
from chamabora.channels.web.officer_desk import bp, officer_choice

# a spreadsheet runs a cell that starts like a formula: a member's name must stay a name
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADERS = (_("Name"), _("Phone"), _("Paid this cycle (KES)"), _("Owes now (KES)"), _("Fines (KES)"),
               _("Paid ahead (KES)"))


def _board(code: str):  # type: ignore[no-untyped-def]
    choice = officer_choice(code)
    query = BoardQuery.from_args(request.args)
    if query is None:
        abort(400)
    roll = services().only_reads(lambda conn: cycle_roll(conn, choice.id, today_in_nairobi(now())))
    return choice, query, roll, view(roll, query)


@bp.get("/chamas/<code>")
@member_required
def board(code: str):  # type: ignore[no-untyped-def]
    choice, query, roll, shown = _board(code)
    return render_template("web/board.html", chama=choice, tab="board", query=query, roll=roll, shown=shown)


@bp.get("/chamas/<code>/rows")
@member_required
def rows(code: str):  # type: ignore[no-untyped-def]
    choice, query, roll, shown = _board(code)
    return render_template("web/_board_rows.html", chama=choice, query=query, roll=roll, shown=shown)


@bp.get("/chamas/<code>/board.csv")
@member_required
def board_csv(code: str):  # type: ignore[no-untyped-def]
    choice, query, _roll, shown = _board(code)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([gettext(h) for h in CSV_HEADERS])
    for s in shown.matching:
        name = "'" + s.name if s.name.startswith(FORMULA_STARTS) else s.name
        writer.writerow([name, s.phone, shillings(s.paid), shillings(s.owes), shillings(s.fines),
                         shillings(s.credit)])
    filename = f"{choice.code}-board-{today_in_nairobi(now()):%Y-%m-%d}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})

