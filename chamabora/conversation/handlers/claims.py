"""A forwarded M-Pesa confirmation (or a photo of one) becomes a pending
payment claim. A text we cannot read is recorded too and held for the
treasurer, with a neutral reply: a genuine SMS of a kind we have not met
reads so as well, and whether a text is forged is the fraud checks' call,
never the reader's; a receipt code already
claimed is not recorded twice. A claim whose chama is known is then judged
by the fraud flow (chamabora.fraud.claims): applied at once when Daraja
confirms it, applied as unverified below the model's threshold, or held for
the treasurers."""
from __future__ import annotations

from sqlalchemy import select

from chamabora.claims.store import AlreadyClaimed, ClaimSource, payment_claims, record_claim, rejected_claim
from chamabora.core.commands import ForwardConfirmation
from chamabora.core.mpesa_message import MpesaMessage
from chamabora.fraud import notices as fraud_notices
from chamabora.fraud.claims import Claim, Outcome as Judged, review_claim
from chamabora.services.records import record_audit
from chamabora.parser.mpesa_errors import UnrecognisedMessage
from chamabora.parser.mpesa_parser import Outcome, classify
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.catalogs import _
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import NoChama, Turn
from chamabora.conversation.handlers.people import require_speaker

HELD = _("Thank you. We received M-Pesa payment %(code)s of %(amount)s. It is held as pending until it is "
         "checked; we will tell you when it counts.")
HELD_UNREAD = _("We received your message but could not read it as an M-Pesa SMS. It is held for your "
                "treasurer to check. If you can, forward the SMS from M-PESA as it came.")
HELD_IMAGE = _("We received your receipt picture. It is held until your treasurer checks it. Forwarding the "
               "M-Pesa SMS itself is faster.")
ALREADY = _("We already have M-Pesa payment %(code)s. It is being checked: no need to send it again.")
NOT_A_PAYMENT = _("That M-Pesa message is not a payment. Forward the confirmation of your payment to the chama.")
DEAD = _("M-Pesa code %(code)s was checked and not accepted, so it cannot be used again in any chama. If you "
         "paid, talk to your treasurer.")
NOT_MPESA = _("That is not an M-Pesa message. Forward the SMS from M-PESA exactly as you received it.")


def chama_for(turn: Turn, message: MpesaMessage | None) -> int | None:
    """The member's only chama, or the one the payment names; None when several could fit."""
    mine = turn.my_chamas()
    if not mine:
        raise NoChama("not in any chama")
    if len(mine) == 1:
        return mine[0].id
    named = " ".join(filter(None, (message.account, message.counterparty_name))).upper() if message else ""
    matches = [c.id for c in mine if c.code in named or c.name.upper() in named]
    return matches[0] if len(matches) == 1 else None


def source_of(turn: Turn, text: str, message: MpesaMessage | None) -> ClaimSource:
    speaker = require_speaker(turn)
    inbound = turn.inbound
    return ClaimSource(speaker.id, chama_for(turn, message), text, inbound.media, inbound.channel.value,
                       inbound.provider or None, inbound.provider_message_id)


@handles(ForwardConfirmation)
def forward_confirmation(turn: Turn, command: ForwardConfirmation) -> Reply:
    text = command.text.strip()
    outcome, result = classify(text) if text else (Outcome.NOT_A_CONFIRMATION, None)
    try:
        if outcome is Outcome.PARSED and isinstance(result, MpesaMessage):
            if result.code is None or result.amount is None:
                return Reply(turn.t(NOT_A_PAYMENT))
            source = source_of(turn, text, result)
            claim_id = record_claim(turn.conn, source, "parsed", code=result.code, message=result)
            return Reply(turn.t(judge(turn, source, claim_id, result.code, text, result), code=result.code,
                                amount=result.amount))
        if outcome is Outcome.UNRECOGNISED and isinstance(result, UnrecognisedMessage):
            code = str(result.receipt_code) if result.receipt_code else None
            source = source_of(turn, text, None)
            claim_id = record_claim(turn.conn, source, "unrecognised", code=code, problem=str(result))
            if code is not None:
                judge(turn, source, claim_id, code, text, None)
            return Reply(turn.t(HELD_UNREAD))
        if turn.inbound.media:
            record_claim(turn.conn, source_of(turn, text, None), "image")
            return Reply(turn.t(HELD_IMAGE))
    except AlreadyClaimed as claimed:
        return Reply(turn.t(duplicate(turn, str(claimed)), code=str(claimed)))
    return Reply(turn.t(NOT_MPESA))


REPLIES = {Judged.VERIFIED: fraud_notices.VERIFIED, Judged.UNVERIFIED: fraud_notices.UNVERIFIED, Judged.HELD: HELD}


def judge(turn: Turn, source: ClaimSource, claim_id: int, code: str, text: str,
          message: MpesaMessage | None) -> str:
    """The fraud flow's verdict as the reply's msgid; a claim whose chama is unclear stays pending."""
    if source.chama_id is None:
        return HELD
    judged = review_claim(turn.conn, Claim(claim_id, source.chama_id, source.member_id, code, text, message),
                          turn.inbound.received_at)
    return REPLIES[judged.outcome]


def duplicate(turn: Turn, code: str) -> str:
    """The member's own repeat is acknowledged; someone else's code is refused as a duplicate."""
    speaker = require_speaker(turn)
    dead = rejected_claim(turn.conn, code)
    if dead is not None:
        record_audit(turn.conn, "receipt.dead_refused", dead.chama_id, speaker.id, code=code,
                     channel=turn.inbound.channel.value, first_member=dead.member_id)
        return DEAD
    first = turn.conn.execute(select(payment_claims.c.member_id, payment_claims.c.chama_id)
                              .where(payment_claims.c.receipt_code == code)).first()
    if first is None or first.member_id == speaker.id:
        return ALREADY
    record_audit(turn.conn, "claim.duplicate", first.chama_id, speaker.id, code=code, first_member=first.member_id)
    return fraud_notices.DUPLICATE
