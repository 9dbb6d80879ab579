"""A member's `WITHDRAW 2000` / `TOA 2000`, the chair's `SHARE OUT` / `GAWA`,
and an officer's `APPROVE W7` / `KATAA S3`.

Withdrawals and share-outs waiting for an officer are also items of the
pending list the USSD treasurer menu shows (sources "withdrawals" and
"shareouts", in services/savings/savings_waiting.py), so SMS and USSD decide them
through the same functions. An approved withdrawal or share-out line leaves
by M-Pesa B2C.
"""
from __future__ import annotations

from chamabora.core.chama import MONEY_ROLES, Role
from chamabora.core.commands import ApproveItem, RejectItem, ShareOut, Withdraw
from chamabora.core.money import Money
from chamabora.core.savings import InsufficientSavings
from chamabora.services.savings import savings_waiting
from chamabora.services.savings import shareout
from chamabora.services.savings import withdrawals
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.members import WITHDRAW_ASKED, WITHDRAW_TOO_MUCH, WITHDRAW_VOTING, WITHDRAW_WHOLE
from chamabora.i18n.officers import ITEM_NO_SUCH, SHAREOUT_PROPOSED
from chamabora.conversation.messages import Reply
from chamabora.conversation.refusals import only
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker

B2C_MAX = Money.shillings(250_000)  # M-Pesa's ceiling for one payment to a phone


@handles(Withdraw)
def withdraw(turn: Turn, command: Withdraw) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    if command.amount.cents % 100 or command.amount > B2C_MAX:
        return Reply(turn.t(WITHDRAW_WHOLE))
    try:
        withdrawal_id = withdrawals.request_withdrawal(turn.conn, choice.id, speaker.id, command.amount, turn.today)
    except InsufficientSavings as short:
        available = Money(max(int(short.details["available"]), 0))  # type: ignore[call-overload]
        return Reply(turn.t(WITHDRAW_TOO_MUCH, available=available))
    status, closes_on = savings_waiting.withdrawal_stage(turn.conn, withdrawal_id)
    values = {"ref": f"W{withdrawal_id}", "amount": command.amount}
    if status == "voting":
        return Reply(turn.t(WITHDRAW_VOTING, closes=f"{closes_on:%d/%m/%Y}", **values))
    return Reply(turn.t(WITHDRAW_ASKED, **values))


@handles(ShareOut)
def share_out(turn: Turn, command: ShareOut) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(command.chama)
    if choice.role != Role.CHAIR.value:
        return Reply(only(turn, choice, ("chair",)))
    try:
        proposal = shareout.propose_share_out(turn.conn, choice.id, speaker.id, turn.today)
    except shareout.ShareOutBlocked as blocked:
        return Reply(savings_waiting.blocked_text(turn.language, blocked))
    return Reply(turn.t(SHAREOUT_PROPOSED, ref=f"S{proposal.id}", total=proposal.total, count=proposal.members,
                        pool=proposal.pool))


@handles(ApproveItem)
def approve_item(turn: Turn, command: ApproveItem) -> Reply:
    return Reply(_decide(turn, command.kind, command.number, approve=True))


@handles(RejectItem)
def reject_item(turn: Turn, command: RejectItem) -> Reply:
    return Reply(_decide(turn, command.kind, command.number, approve=False))


def _decide(turn: Turn, kind: str, number: int, approve: bool) -> str:
    speaker = require_speaker(turn)
    chama_id = savings_waiting.chama_of(turn.conn, kind, number)
    choice = next((c for c in turn.my_chamas() if c.id == chama_id), None)
    if chama_id is None or choice is None:
        return turn.t(ITEM_NO_SUCH, ref=f"{kind}{number}")
    if choice.role not in {r.value for r in MONEY_ROLES}:
        return only(turn, choice, ("chair", "treasurer"))
    decide = savings_waiting.decide_withdrawal if kind == "W" else savings_waiting.decide_shareout
    return decide(turn.conn, chama_id, str(number), speaker.id, approve, turn.language)
