"""Members: who they are and how they prove it on USSD.

PINs are hashed with scrypt (memory-hard, in the standard library, so the core
stays pure) under a per-member salt; a PIN is locked after repeated failures
so a borrowed phone cannot be used to guess it.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from chamabora.core.chama import Language
from chamabora.core.errors import InvalidInput
from chamabora.core.phone import normalize_phone

PIN_ATTEMPTS = 3
_PIN = re.compile(r"^\d{4}$")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


@dataclass(frozen=True, slots=True)
class NewMember:
    phone: str
    name: str
    language: Language = Language.EN


def new_member(phone: str, name: str, language: str = "en") -> NewMember:
    clean = " ".join((name or "").split())
    if not 2 <= len(clean) <= 60 or not any(ch.isalpha() for ch in clean):
        raise InvalidInput("a name is 2 to 60 characters with letters", value=name)
    try:
        lang = Language(language)
    except ValueError as exc:
        raise InvalidInput("language is en or sw", value=language) from exc
    return NewMember(normalize_phone(phone), clean, lang)


def hash_pin(pin: str) -> str:
    if not isinstance(pin, str) or not _PIN.match(pin):
        raise InvalidInput("a PIN is four digits")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str | None) -> bool:
    if not stored or not isinstance(pin, str) or not _PIN.match(pin):
        return False
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    return hmac.compare_digest(hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT), expected)
