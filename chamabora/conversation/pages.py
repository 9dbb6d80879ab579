"""Lists cut into pages that each fit one SMS or one USSD screen.

A page is a heading, as many whole lines as fit, and, on every page but the
last, a line saying how to get the next one (`MEMBERS 2`, or `98` on USSD).
Room for that line is kept on every page, so the cut does not depend on
which page is last. A line too long for any page is shortened.
"""
from __future__ import annotations

from collections.abc import Callable

from chamabora.i18n.gsm7 import gsm7_length

SMS = 160


def pack(head: str, lines: list[str], more: Callable[[int], str], limit: int = SMS, sep: str = "\n") -> list[str]:
    """Every page's text; `more(n)` is the line pointing at page n."""
    room = limit - gsm7_length(more(99)) - gsm7_length(sep)
    pages: list[list[str]] = []
    current: list[str] = []
    used = gsm7_length(head)
    for line in lines:
        cost = gsm7_length(sep) + gsm7_length(line)
        if current and used + cost > room:
            pages.append(current)
            current, used = [], gsm7_length(head)
        if used + cost > room:
            line = _shorten(line, room - used - gsm7_length(sep))
            cost = gsm7_length(sep) + gsm7_length(line)
        current.append(line)
        used += cost
    pages.append(current)
    texts = [sep.join([head, *page]) for page in pages]
    return [text + (sep + more(n + 2) if n + 1 < len(texts) else "") for n, text in enumerate(texts)]


def _shorten(line: str, room: int) -> str:
    return line if gsm7_length(line) <= room else line[:max(room - 1, 0)].rstrip() + "."


def page_of(pages: list[str], number: int) -> str:
    """Page `number` (from 1); a number past the end shows the last page."""
    return pages[min(max(number, 1), len(pages)) - 1]
