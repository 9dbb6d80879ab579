"""One USSD hop: load the session, work out the member's newest input, let
the current menu take it, render the next screen, save the session.

Replaying the same hop (same sessionId and text) returns the stored screen
and does nothing else; a side effect inside a hop is also recorded against
the hop in the database, so even a lost session write cannot repeat it.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection

from chamabora.conversation.engine import open_turn
from chamabora.services.people.speakers import ChamaChoice, Speaker
from chamabora.db.engine import READ_ONLY
from chamabora.i18n.catalogs import _
from chamabora.conversation.messages import Inbound
from chamabora.channels.ussd import menus  # noqa: F401 - registers every menu
from chamabora.channels.ussd.machine import BACK, EXPIRED, HOME, MENUS, MORE, Hop, Screen, Step
from chamabora.channels.ussd.menus.main import root_menu


@dataclass(frozen=True, slots=True)
class HopResult:
    screen: Screen
    state: dict  # type: ignore[type-arg]


def hop_key(session_id: str, text: str) -> str:
    return hashlib.sha256(f"{session_id}\0{text}".encode()).hexdigest()[:32]


def advance(conn: Connection, inbound: Inbound, state: dict | None,  # type: ignore[type-arg]
            key: str | None = None) -> HopResult:
    """`key`: the hop's hop_key, when the caller has it already."""
    turn = open_turn(conn, inbound, known=_known(state, inbound.phone))
    if turn.speaker is None and (state or {}).get("lang"):
        turn.language = state["lang"]  # a new caller's choice on the first screen
    text = inbound.text or ""
    hop = Hop(turn, inbound.session_key or "", key or hop_key(inbound.session_key or "", text), state or {})
    if state is None and text:
        return HopResult(Screen(turn.t(EXPIRED), end=True), {})
    if "menu" not in hop.state:
        hop.state.update(menu=root_menu(hop), stack=[], pins=[])
    value = text.split("*")[-1] if text else None
    if value is not None and MENUS[hop.state["menu"]].secret:
        hop.state["pins"].append(len(text.split("*")) - 1)
    screen = respond(hop, value)
    _remember_speaker(hop, conn)
    return HopResult(screen, hop.state)


def _known(state: dict | None, phone: str) -> tuple[Speaker, list[ChamaChoice]] | None:  # type: ignore[type-arg]
    who = (state or {}).get("who")
    if not who or who[0][2] != phone:
        return None
    return Speaker(*who[0]), [ChamaChoice(*choice) for choice in who[1]]


def _remember_speaker(hop: Hop, conn: Connection) -> None:
    """Keep who is speaking, and their chamas, for the session's next hop after a hop declared
    read-only (a session's first, browsing: machine.hop_reads_only): browsing screens then costs no
    lookup. Any other hop may have written (registering, joining, a new language, anything) and drops
    it, so the next hop reads it afresh."""
    cached = hop.turn.notes.get("my_chamas")
    speaker = hop.turn.speaker
    if conn.info.get(READ_ONLY) and speaker is not None and cached is not None and cached[0] == speaker.id:
        hop.state["who"] = [_fields(speaker),
                            [_fields(choice) for choice in cached[1]]]
    else:
        hop.state.pop("who", None)


def _fields(record: Speaker | ChamaChoice) -> list[object]:
    return [getattr(record, name) for name in record.__slots__]


def respond(hop: Hop, value: str | None) -> Screen:
    current = hop.state["menu"]
    if value is None:
        return render(hop)
    if value == HOME:
        return go_home(hop)
    if value == BACK:
        hop.state["menu"] = hop.state["stack"].pop() if hop.state["stack"] else root_menu(hop)
        return render(hop)
    if value == MORE and getattr(MENUS[current], "lists", False):
        hop.ctx["page"] = hop.ctx.get("page", 0) + 1
        return render(hop)
    return follow(hop, MENUS[current].take(hop, value.strip()))


def follow(hop: Hop, step: Step) -> Screen:
    if step.screen is not None:
        return step.screen
    if step.error is not None:
        return render(hop, reason=step.error)
    if step.home:
        return go_home(hop)
    if step.goto is not None:
        hop.state["stack"].append(hop.state["menu"])
        arrive = getattr(MENUS[step.goto], "arrive", None)
        hop.state["menu"] = (arrive(hop) if arrive else None) or step.goto
        hop.ctx["page"] = 0
    return render(hop)


def go_home(hop: Hop) -> Screen:
    hop.state["stack"] = []
    hop.state["menu"] = root_menu(hop)
    hop.ctx["page"] = 0
    return render(hop)


def render(hop: Hop, reason: str | None = None) -> Screen:
    screen = MENUS[hop.state["menu"]].show(hop)
    return Screen(f"{reason}\n{screen.text}", screen.end) if reason else screen
