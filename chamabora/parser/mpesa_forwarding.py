"""What reaches us when a member forwards a genuine SMS: the ways handsets,
copying and WhatsApp reformat a message without changing what it says.

Each function takes the SMS text and returns it as it might arrive. The
parser must read every one of them to the same fields, and the fraud model
trains on them as genuine, so that none of these ever counts as evidence.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable

OLD_PHONE_LIMIT = 160
_RUNS = re.compile(r"[ \t]{2,}")
_CLAUSE = re.compile(r"(?<=[.,]) (?=\S)")


def collapse_breaks(text: str) -> str:
    """Line breaks turned into spaces (a phone that shows one paragraph, a copy into one line)."""
    return text.replace("\r\n", " ").replace("\n", " ")


def add_breaks(text: str) -> str:
    """A line break after every clause, as some handsets lay the message out."""
    return _CLAUSE.sub("\n", text)


def squeeze_spaces(text: str) -> str:
    """Runs of spaces made one ("ROBERT  NGENO" becomes "ROBERT NGENO")."""
    return _RUNS.sub(" ", text)


def sender_label(text: str) -> str:
    """The sender's name copied in front of the text."""
    return "MPESA\n" + text


def whatsapp_copy(text: str) -> str:
    """Copied out of a WhatsApp chat: the "[date, time] name:" header and non-breaking spaces."""
    return "[30/05/2026, 20:07] Mama Njeri: " + text.replace("  ", "\u00a0 ")


def old_phone_cut(text: str) -> str:
    """Cut at 160 characters, as an old phone forwards a long SMS."""
    return text[:OLD_PHONE_LIMIT]


def trailing_spaces(text: str) -> str:
    return text.rstrip() + "  \n"


REFORMATS: dict[str, Callable[[str], str]] = {
    "collapse_breaks": collapse_breaks, "add_breaks": add_breaks, "squeeze_spaces": squeeze_spaces,
    "sender_label": sender_label, "whatsapp_copy": whatsapp_copy, "old_phone_cut": old_phone_cut,
    "trailing_spaces": trailing_spaces,
}
LOSSLESS = tuple(name for name in REFORMATS if name != "old_phone_cut")   # every field survives these


def forward(rng: random.Random, text: str) -> str:
    """A genuine message as a member's forward may show it: none, one or two of the reformattings."""
    for name in rng.sample(sorted(REFORMATS), rng.choice((0, 0, 1, 1, 2))):
        text = REFORMATS[name](text)
    return text
