"""The chama's books on the web: `/chamas/<CODE>/books`, the journal (every
entry with its postings, newest first, a page at a time) and the last
decisions in the words `LOG` uses."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import abort, g, render_template, request

from chamabora.conversation.handlers.officers import decision_words
from chamabora.i18n.catalogs import _
from chamabora.core.schedule import NAIROBI
from chamabora.services.ledger import books as journal
from chamabora.services.chama import decision_log
from chamabora.channels.web.access import member_required, services
from chamabora.channels.web.officer_desk import bp, officer_choice
from chamabora.channels.web.i18n import gettext

PER_PAGE = 25
DECISIONS_SHOWN = 50
ENTRY_WORDS = {
    "levy": _("Contribution due"), "payment": _("Payment"), "credit_applied": _("Credit used"),
    "fine": _("Fine"), "payout": _("Payout"), "disbursement": _("Money sent"), "reversal": _("Correction"),
    "loan_out": _("Loan given"), "loan_repayment": _("Loan repayment"), "saving": _("Saving"),
    "withdrawal": _("Withdrawal"), "savings_interest": _("Savings interest"), "share_out": _("Share-out"),
    "confirmation": _("Payment confirmed"),
}
ACCOUNT_WORDS = {
    "cash": _("Cash"), "dues_receivable": _("Contributions owed"), "fines_receivable": _("Fines owed"),
    "loans_receivable": _("Loans owed"), "member_credit": _("Paid ahead by members"), "pot_payable": _("Pot to pay"),
    "payout_payable": _("Payout to send"), "fine_income": _("Fine income"), "interest_income": _("Interest income"),
    "savings": _("Savings"), "savings_interest": _("Savings interest paid"), "claimed_cash": _("Claimed, not confirmed"),
}


def when(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return f"{aware.astimezone(NAIROBI):%d/%m/%Y %H:%M}"


@bp.get("/chamas/<code>/books")
@member_required
def books(code: str):  # type: ignore[no-untyped-def]
    choice = officer_choice(code)
    page = (request.args.get("page") or "1").strip()
    if not page.isdigit() or not 1 <= int(page) <= 1_000_000:
        abort(400)
    number = int(page)
    total, found = services().only_reads(
        lambda conn: journal.journal_page(conn, choice.id, (number - 1) * PER_PAGE, PER_PAGE))
    pages = max(1, -(-total // PER_PAGE))
    if number > pages:
        number = pages
        total, found = services().only_reads(
            lambda conn: journal.journal_page(conn, choice.id, (number - 1) * PER_PAGE, PER_PAGE))
    decisions = services().only_reads(lambda conn: decision_log.last_decisions(conn, choice.id, DECISIONS_SHOWN))
    entries = [{"id": e.id, "when": when(e.posted_at), "kind": gettext(ENTRY_WORDS.get(e.kind, e.kind)),
                "reverses": e.reverses,
                "lines": [{"account": gettext(ACCOUNT_WORDS.get(line.account, line.account)), "member": line.member,
                           "debit": line.amount if line.amount.cents > 0 else None,
                           "credit": -line.amount if line.amount.cents < 0 else None} for line in e.lines]}
               for e in found]
    log = [(when(d.at), decision_words(g.lang, d)) for d in decisions]
    return render_template("web/books.html", chama=choice, tab="books", entries=entries, log=log, page=number,
                           pages=pages, total=total)
