"""A chama's monthly report as a PDF (fpdf2): the month's cash by kind, the
cycles due in it against what was expected, arrears and loans at its end,
who owes now, and the month's decisions. The core fonts speak latin-1 only,
so a name in another script prints with "?" for what they cannot show."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from fpdf import FPDF

from chamabora.conversation.handlers.officers import decision_words
from chamabora.i18n.catalogs import _, translate
from chamabora.core.money import Money
from chamabora.core.schedule import NAIROBI
from chamabora.services.chama.decision_log import Decision
from chamabora.services.ledger.reports import CycleCollection
from chamabora.services.contributions.roll import Roll
from chamabora.channels.web.board_books import ENTRY_WORDS
from chamabora.channels.web.board_table import shillings

OWING_SHOWN = 200
MONTHS = (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"), _("August"),
          _("September"), _("October"), _("November"), _("December"))
TITLE = _("%(chama)s (%(code)s): report for %(month)s")
PRINTED = _("Printed %(when)s. Amounts in KES.")
CASH = _("Money in and out of the chama's cash")
KIND, MONEY_IN, MONEY_OUT, TOTAL = _("Kind"), _("In"), _("Out"), _("Total")
NO_CASH = _("No money moved this month.")
CYCLES = _("Contributions due this month")
DUE, EXPECTED, COLLECTED, UNPAID = _("Due date"), _("Expected"), _("Collected"), _("Unpaid")
NO_CYCLES = _("No contribution fell due this month.")
AT_END = _("At the end of the month: arrears %(arrears)s, loans owed %(loans)s.")
OWING = _("Who owes now (%(count)s of %(members)s members)")
NAME, OWES, FINES = _("Name"), _("Owes now"), _("Fines")
NOBODY_OWES = _("Nobody owes anything now.")
MORE_OWING = _("And %(count)s more: the board's CSV lists everyone.")
DECISIONS = _("Decisions this month")
NO_DECISIONS = _("No decisions this month.")


@dataclass(frozen=True, slots=True)
class MonthReport:
    chama: str
    code: str
    month: date
    printed: datetime
    cash: dict[str, tuple[Money, Money]]
    cycles: list[CycleCollection]
    arrears: Money
    loans: Money
    roll: Roll
    decisions: list[Decision]


def latin(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def render(report: MonthReport, language: str) -> bytes:
    """The PDF's bytes, in the page's language."""
    def t(msgid: str, **values: object) -> str:
        return translate(language, msgid, **values)

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    month = f"{t(MONTHS[report.month.month - 1])} {report.month.year}"
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, latin(t(TITLE, chama=report.chama, code=report.code, month=month)))
    pdf.set_font("Helvetica", "", 9)
    printed = report.printed if report.printed.tzinfo else report.printed.replace(tzinfo=timezone.utc)
    pdf.cell(0, 6, latin(t(PRINTED, when=f"{printed.astimezone(NAIROBI):%d/%m/%Y %H:%M}")), new_x="LMARGIN",
             new_y="NEXT")

    _heading(pdf, t(CASH))
    if report.cash:
        rows = [[t(ENTRY_WORDS.get(kind, kind)), shillings(i), shillings(o)] for kind, (i, o) in report.cash.items()]
        total_in = sum((i for i, _o in report.cash.values()), Money(0))
        total_out = sum((o for _i, o in report.cash.values()), Money(0))
        _table(pdf, [t(KIND), t(MONEY_IN), t(MONEY_OUT)], rows + [[t(TOTAL), shillings(total_in), shillings(total_out)]],
               (90, 45, 45))
    else:
        _line(pdf, t(NO_CASH))

    _heading(pdf, t(CYCLES))
    if report.cycles:
        _table(pdf, [t(DUE), t(EXPECTED), t(COLLECTED), t(UNPAID)],
               [[f"{c.due:%d/%m/%Y}", shillings(c.expected), shillings(c.collected),
                 shillings(c.expected - c.collected)] for c in report.cycles], (45, 45, 45, 45))
    else:
        _line(pdf, t(NO_CYCLES))
    _line(pdf, t(AT_END, arrears=shillings(report.arrears), loans=shillings(report.loans)))

    owing = [s for s in report.roll.standings if not s.settled]
    _heading(pdf, t(OWING, count=len(owing), members=len(report.roll.standings)))
    if owing:
        _table(pdf, [t(NAME), t(OWES), t(FINES)],
               [[s.name, shillings(s.owes), shillings(s.fines)] for s in owing[:OWING_SHOWN]], (100, 40, 40))
        if len(owing) > OWING_SHOWN:
            _line(pdf, t(MORE_OWING, count=len(owing) - OWING_SHOWN))
    else:
        _line(pdf, t(NOBODY_OWES))

    _heading(pdf, t(DECISIONS))
    for decision in report.decisions:
        at = decision.at if decision.at.tzinfo else decision.at.replace(tzinfo=timezone.utc)
        _line(pdf, f"{at.astimezone(NAIROBI):%d/%m %H:%M}  {decision_words(language, decision)}")
    if not report.decisions:
        _line(pdf, t(NO_DECISIONS))
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, latin(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)


def _line(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 6, latin(text), new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, head: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
    pdf.set_font("Helvetica", "B", 10)
    for i, words in enumerate(head):
        pdf.cell(widths[i], 7, latin(words), border="B", align="L" if i == 0 else "R")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for row in rows:
        for i, words in enumerate(row):
            pdf.cell(widths[i], 6, latin(words[:60]), align="L" if i == 0 else "R")
        pdf.ln()

