"""Writing to the outbox inside a unit of work, and moving rows through their
states: pending -> sending -> sent -> delivered, or failed. A row a dead
worker left 'sending' becomes 'interrupted' (sent again, after asking the
provider where it can tell) or, for a money prompt, 'unknown' (never sent
again by itself); outbox/sending.py says why.

`enqueue` records the new row's id on the connection; `Root.run` hands
those ids to the dispatcher once the transaction has committed.
"""
from __future__ import annotations

import enum
import json
from datetime import datetime, timezone

from sqlalchemy import Connection, case, insert, select, update

from chamabora.db.ignoring import insert_ignoring
from chamabora.db.tables import Member
from chamabora.db.outbox_tables import OutboxMessage

outbox = OutboxMessage.__table__
members = Member.__table__
PENDING_IDS = "chamabora.outbox.pending"
# each pending row's purpose, so dispatching to a purpose's queue needs no query to find it
PENDING_PURPOSES = "chamabora.outbox.pending_purposes"


class Channel(enum.StrEnum):
    SMS = "sms"
    WHATSAPP = "whatsapp"
    PUSH = "push"
    EMAIL = "email"
    STK_PUSH = "stk_push"
    B2C = "b2c"


class Purpose(enum.StrEnum):
    """Also the RQ queue each kind of message goes to."""

    REPLY = "reply"
    NOTICE = "notice"
    RECEIPT = "receipt"
    REMINDER = "reminder"
    MONEY = "money"


class Status(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    SKIPPED = "skipped"      # a notice for a member who sent STOP: never sent
    INTERRUPTED = "interrupted"  # its worker died mid-send: the provider may or may not have it
    UNKNOWN = "unknown"      # an interrupted money prompt: left for M-Pesa's answer, never re-sent


CLAIMABLE = (Status.PENDING.value, Status.FAILED.value, Status.INTERRUPTED.value)
# Money instructions are at most once: after an interrupted attempt they are not sent again,
# except on channels whose provider refuses a repeat of our own id (B2C's OriginatorConversationID).
PROVIDER_DEDUPED_MONEY = frozenset({Channel.B2C.value})


def enqueue(conn: Connection, channel: Channel, recipient: str, body: str = "", *,
            purpose: Purpose = Purpose.NOTICE, member_id: int | None = None, chama_id: int | None = None,
            payload: dict[str, object] | None = None, dedupe_key: str | None = None) -> int | None:
    """Add a message; returns its id, or None when `dedupe_key` was already used (nothing added)."""
    statement = (insert(outbox).returning(outbox.c.id) if dedupe_key is None
                 else insert_ignoring(conn, outbox, ("dedupe_key",), returning_id=True))
    message_id = conn.execute(statement, {
        "channel": channel.value, "purpose": purpose.value, "recipient": recipient,
        "member_id": member_id, "chama_id": chama_id, "body": body,
        "payload": json.dumps(payload or {}, sort_keys=True, default=str),
        "dedupe_key": dedupe_key, "status": Status.PENDING.value, "attempts": 0}).scalar()
    if message_id is not None:
        conn.info.setdefault(PENDING_IDS, []).append(message_id)
        conn.info.setdefault(PENDING_PURPOSES, {})[message_id] = purpose.value
    return message_id  # type: ignore[no-any-return]


# STOP ends notices and reminders; replies, receipts and money messages still go
OPTIONAL_PURPOSES = frozenset({Purpose.NOTICE.value, Purpose.REMINDER.value})


def recipient_opted_out(conn: Connection, row) -> bool:  # type: ignore[no-untyped-def]
    """Checked when sending, not when queueing, so a STOP between the two is honoured."""
    who = members.c.id == row.member_id if row.member_id is not None else members.c.phone == row.recipient
    return bool(conn.execute(select(members.c.opted_out).where(who)).scalar())


def take_pending(conn: Connection) -> tuple[list[int], dict[int, str]]:
    """The rows this unit of work queued, and the purposes of those whose purpose is known here
    (rows undone by a savepoint are no longer among the ids; their purposes are dropped)."""
    ids: list[int] = conn.info.pop(PENDING_IDS, [])
    known: dict[int, str] = conn.info.pop(PENDING_PURPOSES, {})
    return ids, {message_id: known[message_id] for message_id in ids if message_id in known}


def claim(conn: Connection, message_id: int):  # type: ignore[no-untyped-def]
    """Lock a pending, failed or interrupted row for sending; None if another worker has it or it is done.
    The row returned still shows the status it had, so the sender knows an interrupted one."""
    row = conn.execute(select(outbox).where(outbox.c.id == message_id).with_for_update(skip_locked=True)).first()
    if row is None or row.status not in CLAIMABLE:
        return None
    if row.purpose in OPTIONAL_PURPOSES and recipient_opted_out(conn, row):
        conn.execute(update(outbox).where(outbox.c.id == message_id).values(status=Status.SKIPPED.value))
        return None
    conn.execute(update(outbox).where(outbox.c.id == message_id).values(
        status=Status.SENDING.value, attempts=outbox.c.attempts + 1, claimed_at=datetime.now(timezone.utc)))
    return row


def release_interrupted(conn: Connection, message_ids: list[int]) -> list[int]:
    """Rows a dead worker left 'sending': money prompts become 'unknown', everything else 'interrupted'.
    Returns the ids that became 'unknown', whose members should hear that their prompt may not have come."""
    never_again = (outbox.c.purpose == Purpose.MONEY.value) & outbox.c.channel.not_in(PROVIDER_DEDUPED_MONEY)
    unsure = list(conn.execute(select(outbox.c.id).where(
        outbox.c.id.in_(message_ids), outbox.c.status == Status.SENDING.value, never_again)).scalars())
    conn.execute(update(outbox).where(outbox.c.id.in_(message_ids), outbox.c.status == Status.SENDING.value).values(
        status=case((never_again, Status.UNKNOWN.value), else_=Status.INTERRUPTED.value),
        last_error=case((never_again, "interrupted while sending: not sent again; M-Pesa's answer settles it"),
                        else_="interrupted while sending: the provider may have it")))
    return unsure


def mark(conn: Connection, message_id: int, status: Status, *, provider: str | None = None,
         provider_message_id: str | None = None, error: str | None = None) -> None:
    now = datetime.now(timezone.utc)
    values: dict[str, object] = {"status": status.value}
    if provider is not None:
        values["provider"] = provider
    if provider_message_id is not None:
        values["provider_message_id"] = provider_message_id
    if error is not None:
        values["last_error"] = error[:300]
    if status is Status.SENT:
        values["sent_at"] = now
    if status is Status.DELIVERED:
        values["delivered_at"] = now
    conn.execute(update(outbox).where(outbox.c.id == message_id).values(**values))
