"""The USSD state machine: declarative menus, a stack for `0` (back), `00`
for the main menu (on every screen: a PIN is four digits, so neither is one),
and one hop = one input.

Each menu says how it looks (`show`) and what an input does (`take`); the
machine does navigation, re-shows a screen with a short reason on bad input,
and turns finished paths into commands for the conversation engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from chamabora.i18n.catalogs import _
from chamabora.conversation.turn import Turn

BACK, HOME, MORE = "0", "00", "98"
NAV = _("0 Back 00 Menu")
EXPIRED = _("Your session has expired. Please dial again.")
MAX_SCREEN = 160


@dataclass(frozen=True, slots=True)
class Screen:
    text: str
    end: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    goto: str | None = None        # next menu, pushed on the stack
    screen: Screen | None = None   # a screen to show now (END screens finish the session)
    error: str | None = None       # re-show the current menu with this reason
    home: bool = False             # go to the main menu, clearing the stack


@dataclass
class Hop:
    turn: Turn
    session_id: str
    key: str                                   # this hop's replay key
    state: dict = field(default_factory=dict)  # type: ignore[type-arg]

    @property
    def ctx(self) -> dict:  # type: ignore[type-arg]
        return self.state.setdefault("ctx", {})

    def t(self, msgid: str, **values: object) -> str:
        return self.turn.t(msgid, **values)


class Menu(Protocol):
    name: ClassVar[str]
    secret: ClassVar[bool]  # PIN entry: the input is never stored or logged
    reads_only: ClassVar[bool]  # its inputs only lead to other screens (hop_reads_only)

    def show(self, hop: Hop) -> Screen: ...

    def take(self, hop: Hop, value: str) -> Step: ...


# A menu may also define `arrive(hop) -> str | None`: asked when a step leads to it, it may name
# another menu to show first (a member with no PIN chooses one before a PIN confirmation).
# A menu whose inputs only lead to other screens (taking one, and showing or arriving at what follows,
# only reads) says so with `reads_only = True`: such hops run declared read-only (hop_reads_only).
MENUS: dict[str, Menu] = {}


def menu(cls: type) -> type:
    if not hasattr(cls, "secret"):
        cls.secret = False
    if not hasattr(cls, "reads_only"):
        cls.reads_only = False
    MENUS[cls.name] = cls()
    return cls


def hop_reads_only(state: dict | None, text: str) -> bool:  # type: ignore[type-arg]
    """Whether a hop, given the session's state and the hop's text, only reads: a way back, home or to
    the next page (showing a screen reads), or any input to a menu declared `reads_only`. Decided from
    the menus' declarations before the hop runs; the database refuses a write from such a hop."""
    if not state or "menu" not in state or not text:
        return False
    current, value = MENUS.get(state["menu"]), text.split("*")[-1]
    if current is None or current.secret:
        return False
    if value in (BACK, HOME) or (value == MORE and getattr(current, "lists", False)):
        return True
    return bool(current.reads_only)


def options(hop: Hop, title: str, items: list[tuple[str, str]], nav: bool = True) -> Screen:
    lines = [title] + [f"{key} {label}" for key, label in items]
    if nav:
        lines.append(hop.t(NAV))
    return Screen("\n".join(lines))


PAGE_SIZE = 4


def page_of(items: list[tuple[str, str]], page: int, size: int = PAGE_SIZE) -> tuple[list[tuple[str, str]], bool]:
    """The (value, label) items on one page, and whether more follow. Pages are numbered 1..size."""
    start = page * size
    return items[start:start + size], start + size < len(items)


def numbered(page_items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(str(i + 1), label) for i, (_value, label) in enumerate(page_items)]


def choose(page_items: list[tuple[str, str]], value: str) -> str | None:
    """The value of the item a member picked by its number on the page, or None."""
    if value.isdigit() and 1 <= int(value) <= len(page_items):
        return page_items[int(value) - 1][0]
    return None
