"""What flows through the engine: a neutral inbound message and a reply."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class ChannelKind(enum.StrEnum):
    USSD = "ussd"
    SMS = "sms"
    WHATSAPP = "whatsapp"
    WEB = "web"          # a form on the web pages, answered on the page


@dataclass(frozen=True, slots=True)
class Inbound:
    channel: ChannelKind
    phone: str                       # E.164
    text: str
    received_at: datetime
    provider: str = ""               # africastalking, twilio, infobip
    provider_message_id: str | None = None
    session_key: str | None = None   # USSD sessionId
    media: tuple[str, ...] = field(default=())
    profile_name: str | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    end_session: bool = True
    refused: bool = False   # the command was not understood or was refused: nothing changed
