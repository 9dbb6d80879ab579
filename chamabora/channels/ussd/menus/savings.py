"""Savings out of the chama on USSD: a member withdraws (amount, then PIN),
the chair proposes the share-out (PIN). Each ends in the command an SMS
`WITHDRAW 2000` or `SHARE OUT` makes; officers approve either from the
treasurer menu's pending list."""
from __future__ import annotations

from chamabora.i18n.catalogs import _
from chamabora.core.commands import ShareOut, Withdraw
from chamabora.core.money import Money
from chamabora.services.savings.accounts import held_savings, savings_balance
from chamabora.channels.ussd.machine import Hop, Screen, Step, menu
from chamabora.channels.ussd.once import run_once
from chamabora.channels.ussd.menus.common import PinConfirm, amount_step, finish, focus, locked_screen, pin_step

WITHDRAW = _("Withdraw savings")
ASK_AMOUNT = _("Withdraw from savings\nYou can take %(free)s.\nEnter amount in KES:")
OVER_FREE = _("You can take at most %(free)s. Enter a smaller amount:")
CONFIRM = _("Withdraw %(amount)s from savings in %(chama)s.\nEnter your PIN to confirm:")
SHARE_OUT = _("Share out savings")
CONFIRM_SHARE_OUT = _("Share out everyone's savings and earnings in %(chama)s? Another officer approves.\n"
                      "Enter your PIN to confirm:")


@menu
class WithdrawAmount:
    name = "withdraw_amount"

    def show(self, hop: Hop) -> Screen:
        locked = locked_screen(hop)
        if locked is not None:
            return locked
        return Screen(hop.t(ASK_AMOUNT, free=_free(hop)))

    def take(self, hop: Hop, value: str) -> Step:
        free = _free(hop)
        return amount_step(hop, value, free, OVER_FREE, "withdraw_pin", free=free)


def _free(hop: Hop) -> Money:
    """Savings the member may take now: not pledged, not already asked for."""
    chama, speaker = focus(hop), hop.turn.speaker
    assert chama is not None and speaker is not None
    free = savings_balance(hop.turn.conn, chama.id, speaker.id) - held_savings(hop.turn.conn, chama.id, speaker.id)
    return max(free, Money(0))


@menu
class WithdrawPin(PinConfirm):
    name = "withdraw_pin"

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
        return finish(hop, run_once(hop, Withdraw(Money(hop.ctx["amount"]), chama.code)).text)


@menu
class ShareOutPin(PinConfirm):
    name = "share_out_pin"

    def show(self, hop: Hop) -> Screen:
        chama = focus(hop)
        assert chama is not None
        return Screen(hop.t(CONFIRM_SHARE_OUT, chama=hop.turn.label(chama.name)))

    def take(self, hop: Hop, value: str) -> Step:
        refusal = pin_step(hop, value)
        if refusal is not None:
            return refusal
        chama = focus(hop)
        assert chama is not None
        return finish(hop, run_once(hop, ShareOut(chama.code)).text)
