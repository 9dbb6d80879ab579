"""Sending one outbox row: claim it, hand it to the channel's sender, record
the outcome. The same function runs inline (local default) and inside RQ
jobs, which re-raise a failure so RQ retries with backoff.

At most once, and what happens when a worker dies mid-send. The claim
commits 'sending' (with the attempt's time) before the provider is called,
so a row found still 'sending' after its worker died may or may not have
reached the provider. It is never blindly sent again:

- Money prompts (STK push) are at most once: a member must never get a
  second PIN prompt for one contribution, which could make them pay twice.
  An interrupted one becomes 'unknown' and is not sent again by itself;
  M-Pesa's callback (or the operator) settles it, and the member can PAY
  again. B2C may be sent again: Daraja refuses a repeated
  OriginatorConversationID, so the provider itself makes it once.
- Messages to people (replies, receipts, notices, reminders) become
  'interrupted'. The next attempt first asks the provider where it can
  tell (Infobip SMS: we name each message `chamabora-<row id>` and look it
  up in its logs) and records 'sent' without sending again if it has it.
  Where the provider cannot tell (Africa's Talking, Twilio), it is sent
  again: a treasurer would rather a member read a receipt or a reminder
  twice than miss it, and the window (between the provider's answer and
  our commit) is a few milliseconds.
A failure while an interrupted row is retried keeps it 'interrupted', so
no later attempt forgets to look first.
"""
from __future__ import annotations

import json
import logging
from sqlalchemy import Engine

from chamabora.core.ports import LookupSender, Outgoing, SendFailed, Sender, Sent
from chamabora.ops.logs import bind, outside_call
from chamabora.ops.metrics import SENT
from chamabora.db.transaction import unit_of_work
from chamabora.outbox.store import Status, claim, mark
from chamabora.outbox.reports import apply_waiting

log = logging.getLogger(__name__)


class RecordingSender:
    """The local default: nothing leaves the machine; the simulator page shows the row."""

    provider = "simulator"

    def send(self, message: Outgoing) -> Sent:
        return Sent("simulator", f"sim-{message.id}")


def outgoing(row) -> Outgoing:  # type: ignore[no-untyped-def]
    """A claimed row (as it was before the claim) as its sender sees it."""
    return Outgoing(row.id, row.channel, row.purpose, row.recipient, row.body, json.loads(row.payload or "{}"),
                    row.member_id, row.chama_id, interrupted=row.status == Status.INTERRUPTED.value)


def provider_of(sender: object, channel: str) -> str:
    named = getattr(sender, "provider", None)
    return named if isinstance(named, str) else ("daraja" if channel in ("stk_push", "b2c") else type(sender).__name__)


def deliver(sender: Sender | None, message: Outgoing) -> Sent:
    """The provider call; after an interrupted attempt, the provider is asked first where it can tell.
    One log line and one count per call (outbox id, channel, provider, duration, outcome; no body)."""
    if sender is None:
        SENT.labels(message.channel, "none", "rejected").inc()
        raise SendFailed(f"no sender for channel {message.channel}", permanent=True)
    provider = provider_of(sender, message.channel)
    bind(member_id=message.member_id, chama_id=message.chama_id)
    with outside_call(provider, f"send_{message.channel}", outbox_id=message.id, purpose=message.purpose) as call:
        try:
            if message.interrupted:
                found = sender.find_sent(message) if isinstance(sender, LookupSender) else None
                if found is not None:
                    call["outcome"] = "found_sent"
                    return found
                log.warning("outbox %s is sent again after an interrupted attempt", message.id)
            return sender.send(message)
        except SendFailed as failure:
            call["outcome"] = "rejected" if failure.permanent else "failed"
            raise
        except Exception:
            call["outcome"] = "error"
            raise
        finally:
            SENT.labels(message.channel, provider, call["outcome"] if call["outcome"] != "ok" else "sent").inc()


def failed_status(message: Outgoing, failure: SendFailed) -> Status:
    return Status.INTERRUPTED if message.interrupted and not failure.permanent else Status.FAILED


def send_one(engine: Engine, senders: dict[str, Sender], message_id: int) -> Status | None:
    row = unit_of_work(engine, lambda conn: claim(conn, message_id))
    if row is None:
        return None  # already sent, or another worker holds it
    message = outgoing(row)
    try:
        sent = deliver(senders.get(row.channel), message)
    except SendFailed as failure:
        status = failed_status(message, failure)
        unit_of_work(engine, lambda conn: mark(conn, message_id, status, error=str(failure)))
        log.warning("outbox %s failed: %s", message_id, failure)
        if not failure.permanent:
            raise
        return Status.FAILED
    unit_of_work(engine, lambda conn: mark(conn, message_id, Status.SENT, provider=sent.provider,
                                           provider_message_id=sent.provider_message_id))
    apply_waiting(engine, [(message_id, sent.provider, sent.provider_message_id)])
    return Status.SENT
