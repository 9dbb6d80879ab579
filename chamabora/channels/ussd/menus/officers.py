"""Menu 8 for the chair, treasurer and secretary: what waits for their
decision (the PIN-guarded list in menus/treasurer.py), who has paid this
cycle and who owes what, and the last decisions. The lines are the ones the
SMS `MEMBERS` and `LOG` send, a screen at a time (98 for more)."""
from __future__ import annotations

from chamabora.conversation.handlers.officers import OFFICERS, log_lines, roll_lines
from chamabora.i18n.catalogs import _
from chamabora.conversation.pages import pack, page_of
from chamabora.channels.ussd.machine import MAX_SCREEN, MORE, NAV, Hop, Screen, Step, menu, options
from chamabora.channels.ussd.menus.common import focus

TITLE = _("%(chama)s officers")
WAITING = _("Waiting for you")
MEMBERS = _("Members this cycle")
LOG = _("Decisions log")
MORE_LABEL = _("More")
INVALID = _("Invalid choice.")
LOG_TITLE = _("Last decisions:")
NO_LOG = _("No decisions yet.")
ITEMS = (("1", WAITING, "pending"), ("2", MEMBERS, "roll"), ("3", LOG, "decision_log"))


def is_officer(hop: Hop) -> bool:
    chama = focus(hop)
    return chama is not None and chama.role in OFFICERS


@menu
class Officers:
    name = "officers"
    reads_only = True  # its inputs only lead to other screens

    def show(self, hop: Hop) -> Screen:
        chama = focus(hop)
        title = hop.t(TITLE, chama=hop.turn.label(chama.name)) if chama else ""
        return options(hop, title, [(key, hop.t(label)) for key, label, _target in ITEMS])

    def take(self, hop: Hop, value: str) -> Step:
        target = next((target for key, _label, target in ITEMS if key == value), None)
        return Step(goto=target) if target and is_officer(hop) else Step(error=hop.t(INVALID))


class PagedView:
    """A list a screen at a time: 98 shows the next screen, 0 goes back."""

    name, lists = "", True

    def lines(self, hop: Hop) -> tuple[str, list[str]]:
        raise NotImplementedError

    def show(self, hop: Hop) -> Screen:
        if not is_officer(hop):
            return options(hop, hop.t(INVALID), [])
        head, lines = self.lines(hop)
        nav = hop.t(NAV)
        pages = pack(head, lines, lambda _n: f"{MORE} {hop.t(MORE_LABEL)}", limit=MAX_SCREEN - len(nav) - 1)
        return Screen(page_of(pages, hop.ctx.get("page", 0) + 1) + "\n" + nav)

    def take(self, hop: Hop, value: str) -> Step:
        return Step(error=hop.t(INVALID))


@menu
class Roll(PagedView):
    name = "roll"

    def lines(self, hop: Hop) -> tuple[str, list[str]]:
        chama = focus(hop)
        assert chama is not None  # is_officer checked it
        return roll_lines(hop.turn, chama)


@menu
class DecisionLog(PagedView):
    name = "decision_log"

    def lines(self, hop: Hop) -> tuple[str, list[str]]:
        chama = focus(hop)
        assert chama is not None
        found = log_lines(hop.turn, chama)
        return (hop.t(LOG_TITLE), found) if found else (hop.t(NO_LOG), [])
