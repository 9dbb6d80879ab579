"""Payouts waiting for a signature as items in the treasurer's pending list
(USSD menu 8), and `APPROVE PAYOUT <id>` / `KUBALI MGAO`, `REJECT PAYOUT <id>` /
`KATAA MGAO`: a treasurer or chair decides a merry-go-round payout by SMS,
after the notice that named it. Both go through the same pending source, so
both channels keep one set of rules (services/payouts/pending_payouts.py)."""
from __future__ import annotations

from sqlalchemy import Connection

from chamabora.core.chama import MONEY_ROLES
from chamabora.core.commands import ApprovePayout, RejectPayout
from chamabora.conversation.dispatcher import handles
from chamabora.conversation.handlers.people import require_speaker
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn
from chamabora.i18n import mpesa as texts
from chamabora.i18n.catalogs import translate
from chamabora.services.payouts import pending_payouts
from chamabora.services.chama.pending import SOURCES, PendingItem, PendingSource, register_source
from chamabora.services.payouts.pending_payouts import Decided
from chamabora.services.records import require_role

OUTCOMES = {Decided.GONE: texts.ALREADY_DECIDED, Decided.NOT_RATIFIED: texts.PAYOUT_NOT_RATIFIED,
            Decided.DECLINED: texts.PAYOUT_DECLINED, Decided.SENT: texts.PAYOUT_APPROVED,
            Decided.WAITING_VOTE: texts.PAYOUT_WAITING_VOTE, Decided.WAITING_CHAIR: texts.PAYOUT_WAITING_CHAIR}


def list_items(conn: Connection, chama_id: int, language: str) -> list[PendingItem]:
    return [PendingItem("payouts", str(payout.payout_id),
                        translate(language, texts.PAYOUT_SUMMARY, amount=payout.amount, name=payout.recipient[:20]),
                        payout.created_at)
            for payout in pending_payouts.waiting(conn, chama_id)]


def decide(conn: Connection, chama_id: int, ref: str, actor_id: int, approve: bool, language: str) -> str:
    outcome, payout = pending_payouts.decide(conn, chama_id, ref, actor_id, approve)
    values = {"amount": payout.amount, "name": payout.recipient[:20], "ref": f"P{payout.payout_id}"} if payout else {}
    return translate(language, OUTCOMES[outcome], **values)


register_source(PendingSource("payouts", list_items, decide))


@handles(ApprovePayout)
def approve_payout(turn: Turn, command: ApprovePayout) -> Reply:
    return Reply(_decide(turn, command.payout_id, approve=True))


@handles(RejectPayout)
def reject_payout(turn: Turn, command: RejectPayout) -> Reply:
    return Reply(_decide(turn, command.payout_id, approve=False))


def _decide(turn: Turn, payout_id: int, approve: bool) -> str:
    speaker = require_speaker(turn)
    chama_id = pending_payouts.chama_of(turn.conn, payout_id)
    # checked here because declining only records the decision and checks no role itself;
    # someone outside the chama is told they are not a member (membership_of raises NotAMember)
    require_role(turn.conn, chama_id, speaker.id, MONEY_ROLES)
    source = SOURCES["payouts"]
    return source.decide(turn.conn, chama_id, str(payout_id), speaker.id, approve, turn.language)
