"""A forwarded M-Pesa confirmation (or a photo of one) becomes a pending
payment claim. A text we cannot read is recorded too and held for the
treasurer, with a neutral reply: a genuine SMS of a kind we have not met
reads so as well, and whether a text is forged is the fraud checks' call,
never the reader's; a receipt code already claimed is not recorded twice.
A claim whose chama is known is then judged (chamabora.services.claims.intake):
applied at once when Daraja confirms it, applied as unverified below the
model's threshold, or held for the treasurers."""
from __future__ import annotations

from chamabora.core.commands import ForwardConfirmation
from chamabora.core.mpesa_message import MpesaMessage
from chamabora.i18n import members as say
from chamabora.parser.mpesa_errors import UnrecognisedMessage
from chamabora.parser.mpesa_parser import Outcome, classify
from chamabora.services.claims.intake import Outcome as Judged, Repeat, judge, repeat_of
from chamabora.services.claims.store import AlreadyClaimed, ClaimSource, record_claim
from chamabora.conversation.dispatcher import handles
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import NoChama, Turn
from chamabora.conversation.handlers.people import require_speaker

REPLIES = {Judged.VERIFIED: say.CLAIM_VERIFIED, Judged.UNVERIFIED: say.CLAIM_UNVERIFIED, Judged.HELD: say.CLAIM_HELD}
REPEATS = {Repeat.OWN: say.CLAIM_ALREADY, Repeat.DEAD: say.CLAIM_DEAD, Repeat.TAKEN: say.CLAIM_DUPLICATE}


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
    now = turn.inbound.received_at
    try:
        if outcome is Outcome.PARSED and isinstance(result, MpesaMessage):
            if result.code is None or result.amount is None:
                return Reply(turn.t(say.CLAIM_NOT_A_PAYMENT))
            source = source_of(turn, text, result)
            claim_id = record_claim(turn.conn, source, "parsed", code=result.code, message=result)
            judged = judge(turn.conn, source, claim_id, result.code, text, result, now)
            return Reply(turn.t(REPLIES[judged], code=result.code, amount=result.amount))
        if outcome is Outcome.UNRECOGNISED and isinstance(result, UnrecognisedMessage):
            code = str(result.receipt_code) if result.receipt_code else None
            source = source_of(turn, text, None)
            claim_id = record_claim(turn.conn, source, "unrecognised", code=code, problem=str(result))
            if code is not None:
                judge(turn.conn, source, claim_id, code, text, None, now)
            return Reply(turn.t(say.CLAIM_HELD_UNREAD))
        if turn.inbound.media:
            record_claim(turn.conn, source_of(turn, text, None), "image")
            return Reply(turn.t(say.CLAIM_HELD_IMAGE))
    except AlreadyClaimed as claimed:
        code = str(claimed)
        repeat = repeat_of(turn.conn, code, require_speaker(turn).id, turn.inbound.channel.value)
        return Reply(turn.t(REPEATS[repeat], code=code))
    return Reply(turn.t(say.CLAIM_NOT_MPESA))
