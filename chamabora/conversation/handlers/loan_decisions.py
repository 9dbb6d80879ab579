"""`APPROVE LOAN <n>` / `KUBALI MKOPO`, `REJECT LOAN <n>` / `KATAA MKOPO` by
SMS or WhatsApp after the notice that named the loan. They decide through
the same `services.loan_waiting.decide_loan` as the pending list of the USSD
treasurer menu. An officer never sees their own loan as theirs to decide; a
borrower's REJECT LOAN withdraws their own request."""
from __future__ import annotations

from chamabora.core.chama import MONEY_ROLES
from chamabora.core.commands import ApproveLoan, RejectLoan
from chamabora.services.lending import loan_waiting
from chamabora.services.lending import loans
from chamabora.services.records import require_role
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.officers import (ALREADY_DECIDED, LOAN_ALREADY, LOAN_DECIDED_REJECTED, LOAN_GUARANTORS_FIRST,
                                     LOAN_UNKNOWN)
from chamabora.i18n.members import LOAN_WITHDRAWN
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker


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
        return turn.t(LOAN_UNKNOWN, loan=loan_id)
    if loan.status != "requested":
        return turn.t(LOAN_ALREADY.get(loan.status, ALREADY_DECIDED), loan=loan_id)
    if not approve and loan.member_id == speaker.id:
        loans.reject_loan(turn.conn, loan_id, speaker.id)
        return turn.t(LOAN_WITHDRAWN, loan=loan_id)
    require_role(turn.conn, loan.chama_id, speaker.id, MONEY_ROLES)
    if approve and loan_waiting.awaits_guarantors(turn.conn, loan_id):
        return turn.t(LOAN_GUARANTORS_FIRST, loan=loan_id)
    if not approve:  # an officer may turn a loan down before its guarantors answer
        loans.reject_loan(turn.conn, loan_id, speaker.id)
        return turn.t(LOAN_DECIDED_REJECTED, loan=f"L{loan_id}")
    return loan_waiting.decide_loan(turn.conn, loan.chama_id, str(loan_id), speaker.id, approve, turn.language)
