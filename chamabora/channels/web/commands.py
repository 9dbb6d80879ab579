"""A web form that acts (pay, approve, reject, change a rule) sends the same
command a member would text, through the same conversation engine: the same
services, the same rules (the second signatory, no approving one's own
request, PIN locks, limits) and the same words in the reply, shown on the
page.

Each form carries a random key, used as the message's id: a form sent twice
(a double click, a reload) gets the first answer again and acts once.
"""
from __future__ import annotations

import re
import secrets

from chamabora.conversation.engine import answer
from chamabora.conversation.messages import ChannelKind, Inbound, Reply
from chamabora.channels.web.access import now, services

PROVIDER = "web"
KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def form_key() -> str:
    """The hidden `key` of a form that acts."""
    return secrets.token_urlsafe(18)


def send(phone: str, text: str, key: str | None) -> Reply:
    """The engine's reply to `text` from this member (`refused` when nothing was done); `key` makes a
    repeated form act once (the repeat gets the first reply's words)."""
    message_id = f"{phone}:{key}" if key and KEY.match(key) else None
    inbound = Inbound(ChannelKind.WEB, phone, text, now(), PROVIDER, message_id)
    return services().run(lambda conn: answer(conn, inbound))
