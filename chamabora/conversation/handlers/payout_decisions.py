"""`APPROVE PAYOUT <id>` / `KUBALI MGAO`, `REJECT PAYOUT <id>` / `KATAA MGAO`: a
treasurer or chair decides a merry-go-round payout by SMS, after the notice
that named it. The decision goes through the same pending source as the USSD
treasurer menu (chamabora.mpesa.pending), so both channels keep one set of rules."""
from __future__ import annotations

from sqlalchemy import select

from chamabora.core.chama import MONEY_ROLES
from chamabora.core.commands import ApprovePayout, RejectPayout
from chamabora.core.errors import NotFound
from chamabora.mpesa import pending as _registers_payouts  # noqa: F401  (the "payouts" source)
from chamabora.services.payouts import payouts
from chamabora.services.records import require_role
from chamabora.conversation.dispatcher import handles
from chamabora.conversation.messages import Reply
from chamabora.services.pending import SOURCES
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker


@handles(ApprovePayout)
def approve_payout(turn: Turn, command: ApprovePayout) -> Reply:
    return Reply(_decide(turn, command.payout_id, approve=True))


@handles(RejectPayout)
def reject_payout(turn: Turn, command: RejectPayout) -> Reply:
    return Reply(_decide(turn, command.payout_id, approve=False))


def _decide(turn: Turn, payout_id: int, approve: bool) -> str:
    speaker = require_speaker(turn)
    # the id names the chama: a treasurer of several chamas need not add a code
    chama_id = turn.conn.execute(select(payouts.c.chama_id).where(payouts.c.id == payout_id)).scalar()
    if chama_id is None:
        raise NotFound("no such payout", payout_id=payout_id)
    # checked here because declining only records the decision and checks no role itself;
    # someone outside the chama is told they are not a member (membership_of raises NotAMember)
    require_role(turn.conn, chama_id, speaker.id, MONEY_ROLES)
    source = SOURCES["payouts"]
    return source.decide(turn.conn, chama_id, str(payout_id), speaker.id, approve, turn.language)
