"""Contributing: the amount, then the PIN, then an M-Pesa prompt through the
outbox (the same `Pay` command an SMS `PAY 500` produces)."""
from __future__ import annotations

from chamabora.i18n.catalogs import _
from chamabora.core.commands import Pay
from chamabora.core.money import Money
from chamabora.services.ledger.statements import member_balance
from chamabora.channels.ussd.machine import Hop, Screen, Step, menu
from chamabora.channels.ussd.once import run_once
from chamabora.channels.ussd.menus.common import PinConfirm, amount_step, finish, focus, locked_screen, pin_step

ASK_AMOUNT = _("Contribute to %(chama)s\nYou owe %(owed)s.\nEnter amount in KES:")
CONFIRM = _("Pay %(amount)s to %(chama)s.\nEnter your PIN to confirm:")


@menu
class ContributeAmount:
    name = "contribute_amount"

    def show(self, hop: Hop) -> Screen:
        chama = focus(hop)
        speaker = hop.turn.speaker
        assert chama is not None and speaker is not None
        locked = locked_screen(hop)
        if locked is not None:
            return locked
        owed = member_balance(hop.turn.conn, chama.id, speaker.id)
        return Screen(hop.t(ASK_AMOUNT, chama=hop.turn.label(chama.name), owed=owed.dues_owed + owed.fines_owed))

    def take(self, hop: Hop, value: str) -> Step:
        return amount_step(hop, value, None, "", "contribute_pin")


@menu
class ContributePin(PinConfirm):
    name = "contribute_pin"

    def show(self, hop: Hop) -> Screen:
        chama = focus(hop)
        assert chama is not None
        return Screen(hop.t(CONFIRM, amount=Money(hop.ctx["amount"]), chama=hop.turn.label(chama.name)))

    def take(self, hop: Hop, value: str) -> Step:
        refusal = pin_step(hop, value)
        if refusal is not None:
            return refusal
        chama = focus(hop)
        assert chama is not None
        return finish(hop, run_once(hop, Pay(Money(hop.ctx["amount"]), chama.code)).text)
