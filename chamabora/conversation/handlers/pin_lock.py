"""The PIN lock covers every channel: a member whose money actions are
locked after wrong USSD PINs cannot move money by SMS or WhatsApp either
(someone holding their phone could otherwise just switch channel) until
the lock ends, and the refusal says when that is. Registered in the
dispatcher's `GATES`, so it is checked in one place, before any handler."""
from __future__ import annotations

from chamabora.services.people.pins import lock_ends, locked_until
from chamabora.conversation.dispatcher import GATES
from chamabora.i18n.members import PIN_LOCKED
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn

# commands that move money or sign it out, by intent (so commands added later are named here, not imported)
MONEY_INTENTS = frozenset({
    "pay", "save", "repay_loan", "request_loan", "upgrade", "withdraw", "share_out",
    "approve_claim", "credit_payment", "approve_payout", "approve_loan",
})


def pin_lock_gate(turn: Turn, command: object) -> Reply | None:
    if turn.speaker is None or getattr(command, "intent", None) not in MONEY_INTENTS:
        return None
    now = turn.inbound.received_at
    until = locked_until(turn.conn, turn.speaker.id, now)
    return None if until is None else Reply(turn.t(PIN_LOCKED, until=lock_ends(until, now)))


GATES.insert(0, pin_lock_gate)
