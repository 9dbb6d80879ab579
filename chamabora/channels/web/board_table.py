"""What the board's form asks of the roll: which members (all, owing, paid),
whose name or phone holds some words, in which order, which page. Bad
values are refused (None), never guessed at."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from chamabora.core.money import Money
from chamabora.services.contributions.roll import Roll, Standing

PER_PAGE = 50
FILTERS = ("all", "owing", "paid")
SORTS = ("owed", "paid", "name")
MAX_SEARCH = 60
MAX_PAGE = 100_000


@dataclass(frozen=True, slots=True)
class BoardQuery:
    filter: str = "all"
    q: str = ""
    sort: str = "owed"
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> BoardQuery | None:
        shown, order = args.get("filter") or "all", args.get("sort") or "owed"
        q, page = (args.get("q") or "").strip(), (args.get("page") or "1").strip()
        if shown not in FILTERS or order not in SORTS or len(q) > MAX_SEARCH:
            return None
        if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
            return None
        return cls(shown, q, order, int(page))

    def args(self, **changed: object) -> str:
        """This query's string with some values changed (a pager link, a sort link)."""
        values = {"filter": self.filter, "q": self.q, "sort": self.sort, "page": self.page} | changed
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@dataclass(frozen=True, slots=True)
class Shown:
    rows: list[Standing]       # this page
    matching: list[Standing]   # every member the filter and search let through, in order
    page: int
    pages: int


def view(roll: Roll, query: BoardQuery) -> Shown:
    found = [s for s in roll.standings if _kept(s, query)]
    if query.sort == "name":
        found.sort(key=lambda s: (s.name.casefold(), s.member_id))
    elif query.sort == "paid":
        found.sort(key=lambda s: -s.paid.cents)   # stable: the roll's own order among equals
    pages = max(1, -(-len(found) // PER_PAGE))
    page = min(query.page, pages)
    return Shown(found[(page - 1) * PER_PAGE:page * PER_PAGE], found, page, pages)


def _kept(s: Standing, query: BoardQuery) -> bool:
    if query.filter == "owing" and s.settled or query.filter == "paid" and not s.settled:
        return False
    if not query.q:
        return True
    digits = re.sub(r"\D", "", query.q)
    if digits and len(digits) >= 3 and digits.lstrip("0") in s.phone:
        return True
    return query.q.casefold() in s.name.casefold()


def shillings(amount: Money) -> str:
    """500, 1,250.50: the table's columns say KES once in their heading."""
    return str(amount).replace("KES ", "")
