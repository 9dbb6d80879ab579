"""The one reading of what a webhook brings: its bytes, its JSON, its text
fields and its numbers, checked once at the edge by every channel (and read
the same way again by a worker applying a stored body).

A request is refused (`MalformedInput`, a 400 in the provider's own shape)
before anything is stored when it carries what no provider sends and our
database cannot hold: a NUL character or a lone UTF-16 surrogate in any
field, a body that is not UTF-8 (UTF-16 and UTF-32 included), JSON nested
deeper than any provider's payload, or a "number" written in other scripts'
digits ('²', '٣'). A UTF-8 byte-order mark is allowed and removed here, so the
text stored is the text parsed, and a worker's re-reading of it agrees.
"""
from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from typing import Any

from chamabora.core.errors import InvalidInput

MAX_DEPTH = 32  # Daraja's deepest payload is 6 levels; Infobip's 5
_BOMS_REFUSED = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


class MalformedInput(InvalidInput):
    """What no provider sends: refused with a 400, nothing stored."""

    code = "malformed_input"


def clean(value: str, name: str = "text") -> str:
    """A text field as given, refused when PostgreSQL could not store it."""
    if "\x00" in value:
        raise MalformedInput(f"{name} contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate, from a JSON escape such as \\udfff
        raise MalformedInput(f"{name} is not valid text") from exc
    return value


def text_of(raw: bytes) -> str:
    """The body as UTF-8 text (a leading byte-order mark removed), or MalformedInput."""
    if raw.startswith(_BOMS_REFUSED) or (len(raw) >= 2 and (raw[0] == 0 or raw[1] == 0)):
        raise MalformedInput("the body must be UTF-8")
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM):]
    try:
        return clean(raw.decode("utf-8"), "the body")
    except UnicodeDecodeError as exc:
        raise MalformedInput("the body must be UTF-8") from exc


def _refuse_constant(name: str) -> object:
    raise MalformedInput(f"{name} is not a JSON number we accept")


def parse_json(raw: bytes | str) -> tuple[str, Any]:
    """(the text parsed, its value): decimals stay `Decimal`, every string and key is checked, and the
    nesting is bounded. The text is what callers store, so a later reading parses the same thing."""
    body = text_of(raw) if isinstance(raw, bytes) else clean(raw.removeprefix("\ufeff"), "the body")
    try:
        value = json.loads(body, parse_float=Decimal, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise MalformedInput("the body is not JSON") from exc
    _check_tree(value)
    return body, value


def _check_tree(value: Any) -> None:
    """Every string (keys too) storable, and no deeper than MAX_DEPTH: iterative, so depth costs no stack."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            clean(item, "a JSON string")
        elif isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                raise MalformedInput("the JSON is nested too deeply")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)



def plain_digits(text: str) -> str:
    """Compatibility digits ('²', '①') folded to the digits they stand for: `str.isdigit` admits them
    but `int` refuses them, so a menu choice or an amount typed with one would fail deep inside."""
    if text.isascii():
        return text
    return "".join(unicodedata.normalize("NFKC", ch) if ch.isdigit() and not ch.isdecimal() else ch
                   for ch in text)


def message_text(value: str, limit: int = 2000) -> str:
    """A member's message as every channel hands it on: storable, its digits plain, bounded."""
    return plain_digits(clean(value, "the message"))[:limit]


def digits(value: object, name: str = "number", limit: int = 18) -> int | None:
    """A count or duration written in ASCII digits, None when absent; anything else is refused
    (`str.isdigit` admits '²' and other scripts' digits, which `int` then refuses or misreads)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise MalformedInput(f"{name} is not a number")
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > limit:
        raise MalformedInput(f"{name} is not a number")
    return int(text)


def check_form_bytes(raw: bytes) -> None:
    """A URL-encoded body or query string: a NUL, raw or %-escaped, is refused before any field is read
    (the form decoders turn invalid UTF-8 into U+FFFD, so no surrogate survives them)."""
    if b"\x00" in raw or b"%00" in raw:
        raise MalformedInput("a field contains a NUL character")
