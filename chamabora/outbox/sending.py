"""Sending one outbox row: claim it, hand it to the channel's sender, record
the outcome. The same function runs inline (local default) and inside RQ
jobs, which re-raise a failure so RQ retries with backoff."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from sqlalchemy import Engine

from ..services.transaction import unit_of_work
from .store import Status, claim, mark

log = logging.getLogger(__name__)


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


class SendFailed(Exception):
    """The provider refused or could not be reached; `permanent` ones are not retried."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class RecordingSender:
    """The local default: nothing leaves the machine; the simulator page shows the row."""

    def send(self, message: Outgoing) -> Sent:
        return Sent("simulator", f"sim-{message.id}")


def send_one(engine: Engine, senders: dict[str, Sender], message_id: int) -> Status | None:
    row = unit_of_work(engine, lambda conn: claim(conn, message_id))
    if row is None:
        return None  # already sent, or another worker holds it
    message = Outgoing(row.id, row.channel, row.purpose, row.recipient, row.body,
                       json.loads(row.payload or "{}"), row.member_id, row.chama_id)
    sender = senders.get(row.channel)
    try:
        if sender is None:
            raise SendFailed(f"no sender for channel {row.channel}", permanent=True)
        sent = sender.send(message)
    except SendFailed as failure:
        unit_of_work(engine, lambda conn: mark(conn, message_id, Status.FAILED, error=str(failure)))
        log.warning("outbox %s failed: %s", message_id, failure)
        if not failure.permanent:
            raise
        return Status.FAILED
    unit_of_work(engine, lambda conn: mark(conn, message_id, Status.SENT, provider=sent.provider,
                                           provider_message_id=sent.provider_message_id))
    return Status.SENT
