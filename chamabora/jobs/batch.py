"""Sending many outbox rows in one job: one statement claims them all, one
marks the outcomes, and the provider calls happen in between. That keeps a
worker at thousands of messages a second, where a job (and a fork) per row
would not. A sender that takes many messages in one call (push, through
FCM's `send_each`) gets all the batch's rows of its channel at once.
Opted-out members' notices are skipped in the same claim.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Connection, Engine, bindparam, or_, select, update

from chamabora.ops.logs import outside_call
from chamabora.ops.metrics import SENT
from chamabora.outbox.reports import apply_waiting
from chamabora.core.ports import BatchSender, Outgoing, SendFailed, Sender, Sent
from chamabora.outbox.sending import deliver, failed_status, outgoing, provider_of
from chamabora.outbox.store import CLAIMABLE, OPTIONAL_PURPOSES, Status, members, outbox
from chamabora.db.transaction import unit_of_work


@dataclass
class BatchOutcome:
    sent: list[tuple[int, str, str | None]] = field(default_factory=list)   # id, provider, provider id
    failed: list[tuple[int, str, Status]] = field(default_factory=list)    # id, error, failed or interrupted
    retry: list[int] = field(default_factory=list)                         # transient failures
    rejected: int = 0
    skipped: int = 0


def opted_out_rows(conn: Connection, rows) -> set[int]:  # type: ignore[no-untyped-def]
    notices = [row for row in rows if row.purpose in OPTIONAL_PURPOSES]
    if not notices:
        return set()
    ids = {row.member_id for row in notices if row.member_id is not None}
    phones = {row.recipient for row in notices if row.member_id is None}
    quiet = conn.execute(select(members.c.id, members.c.phone).where(
        members.c.opted_out.is_(True), or_(members.c.id.in_(ids), members.c.phone.in_(phones)))).all()
    quiet_ids, quiet_phones = {q.id for q in quiet}, {q.phone for q in quiet}
    return {row.id for row in notices if row.member_id in quiet_ids
            or (row.member_id is None and row.recipient in quiet_phones)}


def claim_many(conn: Connection, message_ids: list[int]) -> tuple[list[Outgoing], int]:
    rows = conn.execute(select(outbox).where(outbox.c.id.in_(message_ids), outbox.c.status.in_(CLAIMABLE))
                        .with_for_update(skip_locked=True)).all()
    skip = opted_out_rows(conn, rows)
    claimed = [row for row in rows if row.id not in skip]
    if skip:
        conn.execute(update(outbox).where(outbox.c.id.in_(skip)).values(status=Status.SKIPPED.value))
    if claimed:
        conn.execute(update(outbox).where(outbox.c.id.in_([row.id for row in claimed])).values(
            status=Status.SENDING.value, attempts=outbox.c.attempts + 1, claimed_at=datetime.now(timezone.utc)))
    return [outgoing(row) for row in claimed], len(skip)


def record_outcome(conn: Connection, outcome: BatchOutcome) -> None:
    now = datetime.now(timezone.utc)
    if outcome.sent:
        conn.execute(update(outbox).where(outbox.c.id == bindparam("row_id")).values(
            status=Status.SENT.value, provider=bindparam("row_provider"),
            provider_message_id=bindparam("row_provider_id"), sent_at=now),
            [{"row_id": i, "row_provider": p, "row_provider_id": pid} for i, p, pid in outcome.sent])
    if outcome.failed:
        conn.execute(update(outbox).where(outbox.c.id == bindparam("row_id")).values(
            status=bindparam("row_status"), last_error=bindparam("row_error")),
            [{"row_id": i, "row_error": error[:300], "row_status": status.value} for i, error, status in outcome.failed])


def send_alone(sender: Sender | None, message: Outgoing) -> Sent | SendFailed:
    try:
        return deliver(sender, message)
    except SendFailed as failure:
        return failure


def send_channel(sender: Sender | None, channel: str, messages: list[Outgoing]) -> list[Sent | SendFailed]:
    """One channel's rows: in one provider call when the sender takes many (push), else one by one.
    Interrupted rows always go one by one, so each is looked up before it is sent again."""
    if not isinstance(sender, BatchSender) or any(message.interrupted for message in messages):
        return [send_alone(sender, message) for message in messages]
    with outside_call(provider_of(sender, channel), f"send_many_{channel}", messages=len(messages)):
        results = sender.send_many(messages)
    for result in results:
        SENT.labels(channel, provider_of(sender, channel), "sent" if isinstance(result, Sent) else "failed").inc()
    return results


def send_batch(engine: Engine, senders: dict[str, Sender], message_ids: list[int]) -> BatchOutcome:
    messages, skipped = unit_of_work(engine, lambda conn: claim_many(conn, message_ids))
    outcome = BatchOutcome(skipped=skipped)
    by_channel: dict[str, list[Outgoing]] = defaultdict(list)
    for message in messages:
        by_channel[message.channel].append(message)
    for channel, group in by_channel.items():
        for message, result in zip(group, send_channel(senders.get(channel), channel, group)):
            if isinstance(result, Sent):
                outcome.sent.append((message.id, result.provider, result.provider_message_id))
                continue
            outcome.failed.append((message.id, str(result), failed_status(message, result)))
            if result.permanent:
                outcome.rejected += 1
            else:
                outcome.retry.append(message.id)
    unit_of_work(engine, lambda conn: record_outcome(conn, outcome))
    apply_waiting(engine, outcome.sent)
    return outcome
