"""`APPROVE <code>` / `KUBALI`, `REJECT <code> [reason]` / `KATAA`: a treasurer
or chair decides a held M-Pesa claim by SMS or WhatsApp (the rules are in
chamabora.services.claims.decisions; the USSD pending menu uses the same ones)."""
from __future__ import annotations

from chamabora.core.commands import ApproveClaim, RejectClaim
from chamabora.services.claims.decisions import decide_claim
from chamabora.conversation.dispatcher import handles
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker


@handles(ApproveClaim)
def approve_claim(turn: Turn, command: ApproveClaim) -> Reply:
    speaker = require_speaker(turn)
    return Reply(decide_claim(turn.conn, command.code, speaker.id, True, turn.language, now=turn.inbound.received_at))


@handles(RejectClaim)
def reject_claim(turn: Turn, command: RejectClaim) -> Reply:
    speaker = require_speaker(turn)
    return Reply(decide_claim(turn.conn, command.code, speaker.id, False, turn.language, reason=command.reason,
                              now=turn.inbound.received_at))
