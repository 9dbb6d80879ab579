"""The outbox as an operator reads it: newest first, searched by recipient,
channel, purpose or status, paged.

Operators see what was sent, never a code that logs someone in: every
six-digit number in a reply's body (web login and app enrolment codes go
out as replies) is shown as dots.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from chamabora.db.paging import Page, matching, page_of, window
from chamabora.outbox.store import Purpose, outbox

CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
HIDDEN = "••••••"


@dataclass(frozen=True, slots=True)
class OutboxLine:
    id: int
    created_at: datetime
    channel: str
    purpose: str
    recipient: str
    status: str
    body: str
    error: str


def shown_body(purpose: str, body: str) -> str:
    return CODE.sub(HIDDEN, body) if purpose == Purpose.REPLY.value else body


def outbox_page(conn: Connection, query: str, number: int) -> Page[OutboxLine]:
    limit, offset = window(number)
    statement = select(outbox.c.id, outbox.c.created_at, outbox.c.channel, outbox.c.purpose, outbox.c.recipient,
                       outbox.c.status, outbox.c.body, outbox.c.last_error).order_by(outbox.c.id.desc())
    if query:
        statement = statement.where(matching(query, outbox.c.recipient, outbox.c.channel, outbox.c.purpose,
                                             outbox.c.status))
    return page_of([OutboxLine(r.id, r.created_at, r.channel, r.purpose, r.recipient, r.status,
                               shown_body(r.purpose, r.body or ""), r.last_error or "")
                    for r in conn.execute(statement.limit(limit).offset(offset))], number)
