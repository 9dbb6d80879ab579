"""Names as a one-SMS notice has room for them: a chama's or a member's name
cut to 20 characters (as a USSD screen shows a chama), so a notice with the
longest names still fits one 160-character segment."""
from __future__ import annotations

LABEL = 20


def label(name: str) -> str:
    return name if len(name) <= LABEL else name[:LABEL - 1].rstrip() + "."
