"""Registering a new caller: name, then a 4-digit PIN twice."""
from __future__ import annotations

from ...conversation.i18n import _
from ...conversation.turn import load_speaker
from ...core.commands import Register
from ...core.errors import ChamaError
from ...core.member import new_member, verify_pin
from ...services.pins import new_pin_hash, set_pin
from ..machine import Hop, Screen, Step, menu
from ..once import run_once

ASK_NAME = _("Welcome to Chamabora.\nEnter your full name:")
BAD_NAME = _("Enter your name in letters, e.g. Jane Wanjiru.")
ASK_PIN = _("Choose a 4-digit PIN for money actions:")
BAD_PIN = _("A PIN is 4 digits.")
ASK_PIN_AGAIN = _("Enter the same PIN again:")
PINS_DIFFER = _("The PINs did not match. Choose a 4-digit PIN:")
REGISTERED = _("Registered. Karibu!")


@menu
class RegisterName:
    name = "register_name"

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(ASK_NAME))

    def take(self, hop: Hop, value: str) -> Step:
        try:
            hop.ctx["name"] = new_member(hop.turn.inbound.phone, value).name
        except ChamaError:
            return Step(error=hop.t(BAD_NAME))
        return Step(goto="register_pin")


@menu
class RegisterPin:
    name, secret = "register_pin", True

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(ASK_PIN))

    def take(self, hop: Hop, value: str) -> Step:
        if not (len(value) == 4 and value.isdigit()):
            return Step(error=hop.t(BAD_PIN))
        hop.ctx["pin_hash"] = new_pin_hash(value)  # a salted hash, never the PIN itself
        return Step(goto="register_pin_again")


@menu
class RegisterPinAgain:
    name, secret = "register_pin_again", True

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(ASK_PIN_AGAIN))

    def take(self, hop: Hop, value: str) -> Step:
        pin_hash = hop.ctx.pop("pin_hash", None)
        if not verify_pin(value, pin_hash):
            hop.state["menu"] = "register_pin"
            return Step(error=hop.t(PINS_DIFFER))
        run_once(hop, Register(hop.ctx.pop("name")))
        hop.turn.speaker = load_speaker(hop.turn.conn, hop.turn.inbound.phone)
        if hop.turn.speaker is not None:
            set_pin(hop.turn.conn, hop.turn.speaker.id, pin_hash)
        hop.ctx["notice"] = hop.t(REGISTERED)
        return Step(home=True)
