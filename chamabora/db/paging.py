"""One page of a long list for the operators' pages: a page number, a size,
and whether another page follows (one row more is read to know, never a
count over the whole table)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import ColumnElement, or_

T = TypeVar("T")
SIZE = 25
MAX_QUERY = 60


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    number: int          # from 1
    more: bool           # another page follows


def page_number(raw: object) -> int:
    try:
        return min(max(int(str(raw)), 1), 10_000)
    except (TypeError, ValueError):
        return 1


def cleaned(query: str | None) -> str:
    return " ".join((query or "").split())[:MAX_QUERY]


def matching(query: str, *columns: ColumnElement) -> ColumnElement[bool]:  # type: ignore[type-arg]
    """Any of the columns contains the text, case-insensitively (% and _ are taken literally)."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(column.ilike(f"%{escaped}%", escape="\\") for column in columns))


def window(number: int, size: int = SIZE) -> tuple[int, int]:
    """(limit, offset) reading one row more than the page shows."""
    return size + 1, (number - 1) * size


def page_of(rows: list[T], number: int, size: int = SIZE) -> Page[T]:
    return Page(rows[:size], number, len(rows) > size)
