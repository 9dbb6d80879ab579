"""Registering a new caller: name, then a 4-digit PIN twice."""
from __future__ import annotations

from ...conversation.i18n import _
from ...conversation.turn import load_speaker
from ...core.commands import Register
from ...core.errors import ChamaError
from ...core.member import new_member
from ...services.pins import set_pin
from ..machine import Hop, Screen, Step, menu
from ..once import run_once
from .common import ChoosePin, ConfirmPin

ASK_NAME = _("Welcome to Chamabora.\nEnter your full name:")
BAD_NAME = _("Enter your name in letters, e.g. Jane Wanjiru.")
ASK_PIN = _("Choose a 4-digit PIN for money actions:")
ASK_PIN_AGAIN = _("Enter the same PIN again:")
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
class RegisterPin(ChoosePin):
    name, prompt, confirm = "register_pin", ASK_PIN, "register_pin_again"


@menu
class RegisterPinAgain(ConfirmPin):
    name, prompt, retry = "register_pin_again", ASK_PIN_AGAIN, "register_pin"

    def confirmed(self, hop: Hop, pin_hash: str) -> Step:
        run_once(hop, Register(hop.ctx.pop("name")))
        hop.turn.speaker = load_speaker(hop.turn.conn, hop.turn.inbound.phone)
        if hop.turn.speaker is not None:
            set_pin(hop.turn.conn, hop.turn.speaker.id, pin_hash)
        hop.ctx["notice"] = hop.t(REGISTERED)
        return Step(home=True)
