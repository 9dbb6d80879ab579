"""Daraja's wire format for what we send: timestamps, passwords, phone numbers.
(What Daraja sends back is read by `parser/daraja.py`, which the services use
too when they apply a stored callback.)
"""
from __future__ import annotations

import base64
from datetime import datetime

from chamabora.core.schedule import NAIROBI
from chamabora.parser.daraja import TIMESTAMP, BadCallback


def timestamp(now: datetime | None = None) -> str:
    """YYYYMMDDHHmmss in Nairobi time, the clock Safaricom's examples use."""
    return (now or datetime.now(NAIROBI)).astimezone(NAIROBI).strftime(TIMESTAMP)


def stk_password(shortcode: str, passkey: str, stamp: str) -> str:
    return base64.b64encode(f"{shortcode}{passkey}{stamp}".encode()).decode()


def msisdn(e164: str) -> int:
    """+254712345678 -> 254712345678, sent as a JSON number as Safaricom's samples do."""
    digits = e164.lstrip("+")
    if not digits.isdigit() or not digits.startswith("254") or len(digits) != 12:
        raise BadCallback("not a Kenyan MSISDN", phone=e164)
    return int(digits)
