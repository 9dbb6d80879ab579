"""The ports the services' side effects leave by: what a sender is handed
(`Outgoing`, one outbox row as the provider sees it) and what it answers
(`Sent`, or raises `SendFailed`). The outbox calls a `Sender` per channel;
the providers (`providers/messaging`, `providers/mpesa`) implement it and
decide no business rule: who hears what, and on which channel, is decided
before a row is queued (`services/notices/notify.py`). And the `Clock` a service
reads the time from where it does not take the day as an argument.

Plain Python only, like the rest of the core, so services and their tests
need no SDK to speak of a sender.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol, runtime_checkable

# A member's push id that starts with this is a browser's FCM registration token, not an app's
# installation id (FID): the web registers one (services/people/web_push.py), the FCM sender addresses it so.
WEB_TOKEN = "web:"


@dataclass(frozen=True, slots=True)
class Outgoing:
    id: int
    channel: str
    purpose: str
    recipient: str
    body: str
    payload: dict[str, object]
    member_id: int | None
    chama_id: int | None
    interrupted: bool = False   # an earlier attempt died mid-send: the provider may have it already


@dataclass(frozen=True, slots=True)
class Sent:
    provider: str
    provider_message_id: str | None = None


class Sender(Protocol):
    def send(self, message: Outgoing) -> Sent: ...


@runtime_checkable
class BatchSender(Sender, Protocol):
    """A sender whose provider takes many messages in one call (FCM's `send_each`):
    batch jobs hand it all their rows of its channel; one result per message, in order."""

    def send_many(self, messages: list[Outgoing]) -> list[Sent | SendFailed]: ...


@runtime_checkable
class LookupSender(Sender, Protocol):
    """A sender whose provider can say whether it already has a message we named ourselves."""

    def find_sent(self, message: Outgoing) -> Sent | None: ...


class SendFailed(Exception):
    """The provider refused or could not be reached; `permanent` ones are not retried."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class Clock(Protocol):
    """What time it is (aware): the services' one reading of the wall clock, so a test can fix it."""

    def now(self) -> datetime: ...


class WallClock:
    """The clock production runs on, and the default where a service takes a clock: a caller that
    passes none keeps the behaviour it had when the service read the time itself."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


WALL_CLOCK = WallClock()
