"""The chair's UPGRADE / BORESHA: renew the chama's plan, or move to a higher
one, by an M-Pesa prompt to the chair's phone (services.subscriptions.request_renewal).
The M-Pesa module extends the plan when the payment lands."""
from __future__ import annotations

from chamabora.core.commands import Upgrade
from chamabora.core.subscriptions import Plan, renewal_price
from chamabora.services.savings import subscriptions
from chamabora.conversation.dispatcher import handles
from chamabora.i18n.officers import UPGRADE_ALREADY_ASKED, UPGRADE_PROMPT
from chamabora.conversation.messages import Reply
from chamabora.conversation.turn import Turn
from chamabora.conversation.handlers.people import require_speaker


def plan_to_buy(requested: Plan | None, current: Plan) -> Plan:
    """The plan named, else the one the chama pays for now, else Standard (the first with loans)."""
    if requested is not None:
        return requested
    return current if current is not Plan.FREE else Plan.STANDARD


@handles(Upgrade)
def upgrade(turn: Turn, command: Upgrade) -> Reply:
    speaker = require_speaker(turn)
    choice = turn.pick_chama(None)
    plan = plan_to_buy(command.plan, subscriptions.plan_state(turn.conn, choice.id).plan)
    sent = subscriptions.request_renewal(turn.conn, choice.id, speaker.id, plan, command.months, turn.today)
    if sent is None:
        return Reply(turn.t(UPGRADE_ALREADY_ASKED))
    return Reply(turn.t(UPGRADE_PROMPT, amount=renewal_price(plan, command.months), plan=plan.value.title(),
                        months=command.months, chama=turn.label(choice.name)))
