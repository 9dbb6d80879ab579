"""Africa's Talking's USSD dialect: the form it posts, and the `CON `/`END `
text it expects back. The prefix is added here and nowhere else."""
from __future__ import annotations

import logging
import unicodedata
from datetime import datetime, timezone

from chamabora.i18n.gsm7 import is_gsm7
from chamabora.conversation.messages import ChannelKind, Inbound
from chamabora.core.errors import ChamaError, InvalidInput
from chamabora.core.phone import normalize_phone
from chamabora.channels.http.input import MalformedInput, message_text
from chamabora.channels.ussd.machine import MAX_SCREEN, Screen

MAX_TEXT = 500
log = logging.getLogger(__name__)


def decode(form) -> Inbound:  # type: ignore[no-untyped-def]
    """The form's fields as an Inbound; InvalidInput when a required one is missing or wrong."""
    session_id = (form.get("sessionId") or "").strip()
    text = form.get("text")
    if not session_id or len(session_id) > 100 or text is None or len(text) > MAX_TEXT:
        raise InvalidInput("sessionId and text are required")
    try:
        phone = normalize_phone(form.get("phoneNumber") or "")
    except ChamaError as exc:
        raise InvalidInput("phoneNumber is not a Kenyan mobile number") from exc
    try:
        text = message_text(text, MAX_TEXT)
    except MalformedInput as exc:
        raise InvalidInput(str(exc)) from exc
    return Inbound(ChannelKind.USSD, phone, text.strip(), datetime.now(timezone.utc), "africastalking",
                   session_key=session_id)


def encode(screen: Screen) -> str:
    return ("END " if screen.end else "CON ") + fit(gsm7(screen.text))


def gsm7(text: str) -> str:
    """What every handset shows: accents folded, anything else outside GSM-7 replaced."""
    if is_gsm7(text):
        return text
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch if is_gsm7(ch) else "?" for ch in folded if not unicodedata.combining(ch))


def fit(text: str) -> str:
    """At most one screen: the body is shortened and the last line (the choices) kept.

    Menus are written to fit; this is the safety net for what members typed
    (long chama names), and it logs so such screens get noticed."""
    if len(text) <= MAX_SCREEN:
        return text
    log.warning("USSD screen over %d characters was shortened: %r", MAX_SCREEN, text[:40])
    body, _, last = text.rpartition("\n")
    if not body or len(last) > MAX_SCREEN // 2:
        return text[:MAX_SCREEN - 2] + ".."
    return body[:MAX_SCREEN - len(last) - 3] + "..\n" + last
