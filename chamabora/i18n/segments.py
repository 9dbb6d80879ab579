"""SMS length: how many segments a text costs, and splitting long replies.

A text is GSM-7 when every character is in the GSM 03.38 default alphabet
(extension characters such as € and { cost two septets); otherwise the
whole message goes as UCS-2, counted in UTF-16 code units. One segment holds
160 septets or 70 units; a concatenated message loses room to its header:
153 septets or 67 units per segment.

A member's phone shows up to three segments as one message comfortably, and
each costs the chama money, so longer replies are split at line breaks,
then sentences, then words, into parts of at most three segments each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")
MAX_SEGMENTS = 3
MAX_PARTS = 3
ELLIPSIS = "..."
_BREAKS = (re.compile(r"(?<=\n)"), re.compile(r"(?<=[.!?:]\s)"), re.compile(r"(?<=\s)"))


@dataclass(frozen=True, slots=True)
class Length:
    encoding: str   # "gsm7" or "ucs2"
    units: int      # septets or UTF-16 code units
    segments: int


def is_gsm7(text: str) -> bool:
    return all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text)


def measure(text: str) -> Length:
    if is_gsm7(text):
        units = sum(2 if ch in GSM_EXTENSION else 1 for ch in text)
        single, multi, encoding = 160, 153, "gsm7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "ucs2"
    segments = 1 if units <= single else -(-units // multi)
    return Length(encoding, units, segments)


def fits(text: str, max_segments: int = MAX_SEGMENTS) -> bool:
    return measure(text).segments <= max_segments


def shorten(text: str, max_segments: int = MAX_SEGMENTS) -> str:
    """The longest prefix (cut at a word) that fits, ending in '...'."""
    if fits(text, max_segments):
        return text
    low, high = 0, len(text)
    while low < high:  # binary search on the prefix length
        middle = (low + high + 1) // 2
        if fits(text[:middle].rstrip() + ELLIPSIS, max_segments):
            low = middle
        else:
            high = middle - 1
    cut = text[:low]
    if " " in cut.strip():
        cut = cut[:cut.rstrip().rfind(" ")]
    return cut.rstrip() + ELLIPSIS


def split(text: str, max_segments: int = MAX_SEGMENTS, max_parts: int = MAX_PARTS) -> list[str]:
    """Parts of at most `max_segments` each; beyond `max_parts` the last part is shortened."""
    text = text.strip()
    if fits(text, max_segments):
        return [text]
    parts: list[str] = []
    for piece in _pieces(text, max_segments):
        if parts and fits(parts[-1] + piece, max_segments):
            parts[-1] += piece
        else:
            parts.append(piece)
    parts = [part.strip() for part in parts if part.strip()]
    if len(parts) > max_parts:
        parts = parts[:max_parts - 1] + [shorten(" ".join(parts[max_parts - 1:]), max_segments)]
    return parts


def _pieces(text: str, max_segments: int, level: int = 0) -> list[str]:
    """Split at the coarsest boundary that gives pieces which fit; words too long are shortened."""
    if fits(text, max_segments):
        return [text]
    if level == len(_BREAKS):
        return [shorten(text, max_segments)]
    pieces = [p for p in _BREAKS[level].split(text) if p]
    if len(pieces) == 1:
        return _pieces(text, max_segments, level + 1)
    return [small for piece in pieces for small in _pieces(piece, max_segments, level + 1)]
