"""Pieces several menus share: the chama in focus, PIN checks, amounts."""
from __future__ import annotations

from ...conversation.i18n import _
from ...conversation.turn import ChamaChoice
from ...core.errors import ChamaError
from ...core.money import Money
from ...core.member import verify_pin
from ...services.pins import LOCK_FOR, PinCheck, check_pin, lock_ends, locked_until, new_pin_hash
from ..machine import Hop, Screen, Step

LOCK_NOTICE = _("Your Chamabora PIN was entered wrongly 3 times, so money actions are locked until "
                "%(until)s. If this was not you, tell your chair.")
WRONG_PIN = _("Wrong PIN. Try again.")
NOW_LOCKED = _("Wrong PIN 3 times. Money actions are locked until %(until)s.")
LOCKED = _("Money actions are locked after wrong PINs until %(until)s. Try again then.")
BAD_AMOUNT = _("Enter a whole amount in shillings, e.g. 500.")


def focus(hop: Hop) -> ChamaChoice | None:
    """The chama the member is working in: the one picked this session, else their first."""
    mine = hop.turn.my_chamas()
    picked = hop.state.get("chama")
    chosen = next((choice for choice in mine if choice.code == picked), mine[0] if mine else None)
    if chosen is not None:
        # commands without a chama (REPAY, SAVE) act on the one in focus, as on SMS with one chama
        hop.turn.notes["focus_chama"] = chosen.code
    return chosen


def pin_step(hop: Hop, pin: str) -> Step | None:
    """None when the PIN is right; otherwise the step that answers the member."""
    speaker = hop.turn.speaker
    if speaker is None:
        # PIN menus are reached only by registered members; a phone that is not one ends here
        from ..runner import EXPIRED
        return Step(screen=Screen(hop.t(EXPIRED), end=True))
    now = hop.turn.inbound.received_at
    ends = lock_ends(now + LOCK_FOR, now)
    outcome = check_pin(hop.turn.conn, speaker.id, pin, now, hop.t(LOCK_NOTICE, until=ends))
    if outcome is PinCheck.OK:
        return None
    if outcome is PinCheck.WRONG:
        return Step(error=hop.t(WRONG_PIN))
    if outcome is PinCheck.NOT_SET:
        return Step(goto="new_pin")
    if outcome is PinCheck.NOW_LOCKED:
        return Step(screen=Screen(hop.t(NOW_LOCKED, until=ends), end=True))
    return Step(screen=locked_screen(hop) or Screen(hop.t(WRONG_PIN), end=True))


def locked_screen(hop: Hop) -> Screen | None:
    """The screen that ends a money action for a member whose PIN is locked (saying until when), or None."""
    speaker, now = hop.turn.speaker, hop.turn.inbound.received_at
    until = locked_until(hop.turn.conn, speaker.id, now) if speaker is not None else None
    return None if until is None else Screen(hop.t(LOCKED, until=lock_ends(until, now)), end=True)


def parse_amount(value: str) -> Money | None:
    try:
        amount = Money.parse(value)
    except ChamaError:
        return None
    return amount if amount.is_positive() and amount.cents % 100 == 0 else None


def finish(hop: Hop, text: str) -> Step:
    return Step(screen=Screen(text, end=True))


BAD_PIN = _("A PIN is 4 digits.")
PINS_DIFFER = _("The PINs did not match. Choose a 4-digit PIN:")


class ChoosePin:
    """First entry of a new PIN: only a salted hash is kept, never the PIN itself."""

    secret = True
    prompt = ""
    confirm = ""

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(self.prompt))

    def take(self, hop: Hop, value: str) -> Step:
        if not (len(value) == 4 and value.isdigit()):
            return Step(error=hop.t(BAD_PIN))
        hop.ctx["pin_hash"] = new_pin_hash(value)
        return Step(goto=self.confirm)


class ConfirmPin:
    """Second entry: it must match the first; `confirmed` says what the new PIN is for."""

    secret = True
    prompt = ""
    retry = ""

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(self.prompt))

    def take(self, hop: Hop, value: str) -> Step:
        pin_hash = hop.ctx.pop("pin_hash", None)
        if not verify_pin(value, pin_hash):
            hop.state["menu"] = self.retry
            return Step(error=hop.t(PINS_DIFFER))
        return self.confirmed(hop, pin_hash)

    def confirmed(self, hop: Hop, pin_hash: str) -> Step:
        raise TypeError(f"{type(self).__name__} must say what its PIN is for")
