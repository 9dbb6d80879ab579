"""Orders for the officers' views and goals: `MEMBERS` (who has paid this
cycle), `PENDING` (what waits for this officer), `LOG` (the last decisions)
and `GOALS`, each read a page at a time. Re-exported by `commands`, which
holds `SetGroupGoal` beside `SetGoal`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from chamabora.core.errors import InvalidInput

MAX_VIEW_PAGE = 99


def check_page(page: int) -> None:
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_VIEW_PAGE:
        raise InvalidInput(f"pages 1 to {MAX_VIEW_PAGE}", code_hint="bad_ref")


@dataclass(frozen=True, slots=True)
class PagedView:
    """A view read a page (one SMS) at a time, in the chama named or the member's only one."""

    page: int = 1
    chama: str | None = None

    def __post_init__(self) -> None:
        check_page(self.page)


@dataclass(frozen=True, slots=True)
class ListMembers(PagedView):
    """MEMBERS / WANACHAMA: each member's standing this cycle."""

    intent: ClassVar[str] = "list_members"


@dataclass(frozen=True, slots=True)
class ListPending(PagedView):
    """PENDING / YANAYOSUBIRI: what waits for this officer, each with the reply that decides it."""

    intent: ClassVar[str] = "list_pending"


@dataclass(frozen=True, slots=True)
class ShowLog(PagedView):
    """LOG / KUMBUKUMBU: the chama's last decisions, newest first."""

    intent: ClassVar[str] = "show_log"


@dataclass(frozen=True, slots=True)
class ListGoals(PagedView):
    """GOALS / MALENGO: the member's goals and the chama's group goals, with progress."""

    intent: ClassVar[str] = "list_goals"
