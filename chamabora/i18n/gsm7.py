"""GSM 03.38 7-bit alphabet: what every phone and network can show.

USSD screens must be GSM-7 only, and SMS length depends on it (160 GSM-7
characters in one segment, 70 otherwise; the extension characters take two).
"""
from __future__ import annotations

BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
EXTENSION = set("^{}\\[~]|€\f")
ALPHABET = frozenset(BASIC | EXTENSION)


def is_gsm7(text: str) -> bool:
    return ALPHABET.issuperset(text)  # one C-level pass: every screen and SMS is checked


def gsm7_length(text: str) -> int:
    """Septets used: extension characters are escaped and count twice."""
    return sum(2 if ch in EXTENSION else 1 for ch in text)
