"""The treasurer and chair menu: items waiting for a decision, approved or
rejected with the PIN."""
from __future__ import annotations

from chamabora.i18n.catalogs import _
from chamabora.services.chama.pending import PendingItem, decide, list_pending
from chamabora.core.chama import MONEY_ROLES
from chamabora.channels.ussd.machine import MORE, Hop, Screen, Step, choose, menu, numbered, options, page_of
from chamabora.channels.ussd.once import guarded, once
from chamabora.channels.ussd.menus.common import PinConfirm, finish, focus, pin_step

WAITING = _("Waiting for your decision:")
NOTHING = _("Nothing is waiting for a decision.")
MORE_LABEL = _("More")
INVALID = _("Invalid choice.")
APPROVE = _("Approve")
REJECT = _("Reject")
# whole sentences: Swahili needs the verb's infinitive (ili kukataa), not the button's word
CONFIRM = {True: _("Enter your PIN to approve:"), False: _("Enter your PIN to reject:")}
GONE = _("That item was already decided.")


def items(hop: Hop) -> list[PendingItem]:
    chama = focus(hop)
    if chama is None or chama.role not in {r.value for r in MONEY_ROLES}:
        return []
    return list_pending(hop.turn.conn, chama.id, hop.turn.language)


def keyed(hop: Hop) -> list[tuple[str, str]]:
    return [(f"{i.source}:{i.ref}", i.summary) for i in items(hop)]


@menu
class Pending:
    name, lists = "pending", True

    def show(self, hop: Hop) -> Screen:
        shown, more = page_of(keyed(hop), hop.ctx.get("page", 0), size=3)
        if not shown:
            return options(hop, hop.t(NOTHING), [])
        return options(hop, hop.t(WAITING), numbered(shown) + ([(MORE, hop.t(MORE_LABEL))] if more else []))

    def take(self, hop: Hop, value: str) -> Step:
        shown, _more = page_of(keyed(hop), hop.ctx.get("page", 0), size=3)
        picked = choose(shown, value)
        if picked is None:
            return Step(error=hop.t(INVALID))
        hop.ctx["item"] = picked
        return Step(goto="pending_item")


@menu
class PendingDecision:
    name = "pending_item"

    def show(self, hop: Hop) -> Screen:
        summary = dict(keyed(hop)).get(hop.ctx.get("item", ""), hop.t(GONE))
        return options(hop, summary, [("1", hop.t(APPROVE)), ("2", hop.t(REJECT))])

    def take(self, hop: Hop, value: str) -> Step:
        if value not in ("1", "2"):
            return Step(error=hop.t(INVALID))
        hop.ctx["approve"] = value == "1"
        return Step(goto="pending_pin")


@menu
class PendingPin(PinConfirm):
    name = "pending_pin"

    def show(self, hop: Hop) -> Screen:
        return Screen(hop.t(CONFIRM[bool(hop.ctx.get("approve"))]))

    def take(self, hop: Hop, value: str) -> Step:
        refusal = pin_step(hop, value)
        if refusal is not None:
            return refusal
        chama, speaker = focus(hop), hop.turn.speaker
        item = next((i for i in items(hop) if f"{i.source}:{i.ref}" == hop.ctx.get("item")), None)
        if item is None or chama is None or speaker is None:
            return finish(hop, hop.t(GONE))
        approve = bool(hop.ctx.get("approve"))
        return finish(hop, once(hop, lambda: guarded(hop, lambda: decide(
            hop.turn.conn, chama.id, item, speaker.id, approve, hop.turn.language))))
