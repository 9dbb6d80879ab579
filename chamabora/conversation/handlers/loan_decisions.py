"""Loan requests waiting for the treasurer (and the chair above the chama's
threshold): items in the pending list of the USSD treasurer menu, and
`APPROVE LOAN <n>` / `KUBALI MKOPO`, `REJECT LOAN <n>` / `KATAA MKOPO` by SMS or
WhatsApp after the notice that named the loan. Both go through `decide`:
approving signs through `services.loans.approve_loan`, rejecting calls
`reject_loan`. An officer never sees their own loan as theirs to decide; a
borrower's REJECT LOAN withdraws their own request."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection

from chamabora.core.chama import MONEY_ROLES
from chamabora.core.commands import ApproveLoan, RejectLoan
from chamabora.core.schedule import today_in_nairobi
from chamabora.services import loan_waiting, loans
from chamabora.services.records import require_role
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.catalogs import _, translate
from chamabora.conversation.messages import Reply
from chamabora.services.pending import PendingItem, PendingSource, register_source
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker

SUMMARY = _("Loan %(amount)s, %(months)s months to %(name)s")
APPROVED = _("Approved. Loan %(loan)s will be sent by M-Pesa.")
NEEDS_OTHER = _("Approved. Loan %(loan)s now needs the second approval.")
REJECTED = _("Loan %(loan)s rejected.")
GONE = _("That item was already decided.")
UNKNOWN = _("No loan L%(loan)s is waiting in your chama. Check the number in our message.")
WITHDRAWN = _("You withdrew your loan request L%(loan)s. Nothing will be sent.")
GUARANTORS_FIRST = _("Loan L%(loan)s waits for its guarantors to accept. You will get an SMS when it is ready "
                     "for you.")
DECIDED = {"approved": _("Loan L%(loan)s is already approved, so nothing changed."),
           "disbursed": _("Loan L%(loan)s was already sent, so nothing changed."),
           "repaid": _("Loan L%(loan)s is already repaid, so nothing changed."),
           "rejected": _("Loan L%(loan)s was already rejected, so nothing changed.")}


def list_items(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    return [PendingItem("loans", str(row.id), translate(language, SUMMARY, amount=row.principal,
                                                        months=row.months, name=row.name[:20]), row.created_at)
            for row in loan_waiting.waiting_loans(conn, chama_id)]


def decide(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool, language: str) -> str:
    if not any(str(row.id) == ref for row in loan_waiting.waiting_loans(conn, chama_id)):
        return translate(language, GONE)
    loan_id = int(ref)
    if not approve:
        loans.reject_loan(conn, loan_id, actor_id)
        return translate(language, REJECTED, loan=f"L{loan_id}")
    status = loans.approve_loan(conn, loan_id, actor_id, today_in_nairobi(datetime.now(timezone.utc)))
    return translate(language, APPROVED if status == "approved" else NEEDS_OTHER, loan=f"L{loan_id}")


register_source(PendingSource("loans", list_items, decide))


@handles(ApproveLoan)
def approve_loan(turn: Turn, command: ApproveLoan) -> Reply:
    return Reply(_by_message(turn, command.loan_id, approve=True))


@handles(RejectLoan)
def reject_loan(turn: Turn, command: RejectLoan) -> Reply:
    return Reply(_by_message(turn, command.loan_id, approve=False))


def _by_message(turn: Turn, loan_id: int, approve: bool) -> str:
    speaker = require_speaker(turn)
    loan = loan_waiting.loan_standing(turn.conn, loan_id)
    # another chama's loan is answered as unknown: its number tells an outsider nothing
    if loan is None or loan.chama_id not in {choice.id for choice in turn.my_chamas()}:
        return turn.t(UNKNOWN, loan=loan_id)
    if loan.status != "requested":
        return turn.t(DECIDED.get(loan.status, GONE), loan=loan_id)
    if not approve and loan.member_id == speaker.id:
        loans.reject_loan(turn.conn, loan_id, speaker.id)
        return turn.t(WITHDRAWN, loan=loan_id)
    require_role(turn.conn, loan.chama_id, speaker.id, MONEY_ROLES)
    if approve and loan_waiting.awaits_guarantors(turn.conn, loan_id):
        return turn.t(GUARANTORS_FIRST, loan=loan_id)
    if not approve:  # an officer may turn a loan down before its guarantors answer
        loans.reject_loan(turn.conn, loan_id, speaker.id)
        return turn.t(REJECTED, loan=f"L{loan_id}")
    return decide(turn.conn, loan.chama_id, str(loan_id), speaker.id, approve, turn.language)
