"""Pieces several menus share: the chama in focus, PIN checks, amounts."""
from __future__ import annotations

from ...conversation.i18n import _
from ...conversation.turn import ChamaChoice
from ...core.errors import ChamaError
from ...core.money import Money
from ...services.pins import PinCheck, check_pin
from ..machine import Hop, Screen, Step

LOCK_NOTICE = _("Your Chamabora PIN was entered wrongly 3 times, so money actions are locked for 30 "
                "minutes. If this was not you, tell your chair.")
WRONG_PIN = _("Wrong PIN. Try again.")
NOW_LOCKED = _("Wrong PIN 3 times. Money actions are locked for 30 minutes.")
LOCKED = _("Money actions are locked after wrong PINs. Please try again later.")
BAD_AMOUNT = _("Enter a whole amount in shillings, e.g. 500.")


def focus(hop: Hop) -> ChamaChoice | None:
    """The chama the member is working in: the one picked this session, else their first."""
    mine = hop.turn.my_chamas()
    picked = hop.state.get("chama")
    for choice in mine:
        if choice.code == picked:
            return choice
    return mine[0] if mine else None


def pin_step(hop: Hop, pin: str) -> Step | None:
    """None when the PIN is right; otherwise the step that answers the member."""
    speaker = hop.turn.speaker
    assert speaker is not None  # PIN menus are reached only by registered members
    outcome = check_pin(hop.turn.conn, speaker.id, pin, hop.turn.inbound.received_at, hop.t(LOCK_NOTICE))
    if outcome is PinCheck.OK:
        return None
    if outcome is PinCheck.WRONG:
        return Step(error=hop.t(WRONG_PIN))
    if outcome is PinCheck.NOT_SET:
        return Step(goto="new_pin")
    return Step(screen=Screen(hop.t(NOW_LOCKED if outcome is PinCheck.NOW_LOCKED else LOCKED), end=True))


def parse_amount(value: str) -> Money | None:
    try:
        amount = Money.parse(value)
    except ChamaError:
        return None
    return amount if amount.is_positive() and amount.cents % 100 == 0 else None


def finish(hop: Hop, text: str) -> Step:
    return Step(screen=Screen(text, end=True))
