"""`CREDIT <receipt> <phone>` / `KABIDHI`: a treasurer or chair credits a paybill
(C2B) payment whose account number matched no member, after the SMS that
told them it was held (chamabora.services.mpesa.paybill holds it and keeps the rules)."""
from __future__ import annotations

from chamabora.core.commands import CreditPayment
from chamabora.services.mpesa import paybill
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.catalogs import _
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker

CREDITED = _("M-Pesa %(receipt)s: %(amount)s credited to %(member)s in %(chama)s. We have sent them a receipt.")
COUNTED_BEFORE = _("M-Pesa %(receipt)s was already counted in %(chama)s's books, so nothing more was added.")


@handles(CreditPayment)
def credit_payment(turn: Turn, command: CreditPayment) -> Reply:
    speaker = require_speaker(turn)
    payee_id, payee_name = paybill.payee(turn.conn, command.phone)
    # a payment whose account number named no chama goes to the chama the treasurer is speaking for
    chama_id = paybill.named_chama(turn.conn, command.code) or turn.pick_chama(None).id
    result = paybill.assign_unmatched(turn.conn, command.code, payee_id, speaker.id, chama_id)
    # assign_unmatched checked the speaker's role in this chama, so it is among their chamas
    chama = next(choice.name for choice in turn.my_chamas() if choice.id == chama_id)
    if result.duplicate:
        # an STK payment Daraja also reported as C2B: the prompt's callback has booked it already
        return Reply(turn.t(COUNTED_BEFORE, receipt=command.code, chama=turn.label(chama)))
    return Reply(turn.t(CREDITED, receipt=command.code, amount=result.amount, member=payee_name,
                        chama=turn.label(chama)))
