"""Commands whose rules are not in Chamabora yet get a polite, honest answer
(loans and goals, and treasurer decisions on forwarded confirmations). Each
handler here is removed when its rules land."""
from __future__ import annotations

from ...core.commands import ApproveClaim, RejectClaim, RepayLoan, RequestLoan, Save, SetGoal
from ..dispatcher import handles
from ..i18n import _
from ..messages import Reply
from ..turn import Turn

NOT_YET = _("Loans and savings goals are coming to Chamabora soon. We will let you know when they are ready.")
NO_CLAIM = _("There is nothing waiting for approval with code %(code)s.")


@handles(RequestLoan)
def request_loan(turn: Turn, command: RequestLoan) -> Reply:
    return Reply(turn.t(NOT_YET))


@handles(RepayLoan)
def repay_loan(turn: Turn, command: RepayLoan) -> Reply:
    return Reply(turn.t(NOT_YET))


@handles(SetGoal)
def set_goal(turn: Turn, command: SetGoal) -> Reply:
    return Reply(turn.t(NOT_YET))


@handles(Save)
def save(turn: Turn, command: Save) -> Reply:
    return Reply(turn.t(NOT_YET))


@handles(ApproveClaim)
def approve_claim(turn: Turn, command: ApproveClaim) -> Reply:
    return Reply(turn.t(NO_CLAIM, code=command.code))


@handles(RejectClaim)
def reject_claim(turn: Turn, command: RejectClaim) -> Reply:
    return Reply(turn.t(NO_CLAIM, code=command.code))
