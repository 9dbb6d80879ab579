"""Commands whose rules are not in Chamabora yet get a polite, honest answer
(treasurer decisions on forwarded confirmations). Each handler here is
removed when its rules land (loans and goals moved to `lending`)."""
from __future__ import annotations

from ...core.commands import ApproveClaim, RejectClaim
from ..dispatcher import handles
from ..i18n import _
from ..messages import Reply
from ..turn import Turn

# still shown by the USSD loans menu until it calls the loan services
NOT_YET = _("Loans and savings goals are coming to Chamabora soon. We will let you know when they are ready.")
NO_CLAIM = _("There is nothing waiting for approval with code %(code)s.")


@handles(ApproveClaim)
def approve_claim(turn: Turn, command: ApproveClaim) -> Reply:
    return Reply(turn.t(NO_CLAIM, code=command.code))


@handles(RejectClaim)
def reject_claim(turn: Turn, command: RejectClaim) -> Reply:
    return Reply(turn.t(NO_CLAIM, code=command.code))
