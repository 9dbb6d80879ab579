"""The audit log as an operator reads it: newest first, searched by action
(`admin.reversal`, `web.login`, ...), chama code or what the detail says."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from chamabora.db.paging import Page, matching, page_of, window
from chamabora.services.records import audit, chamas, members


@dataclass(frozen=True, slots=True)
class AuditLine:
    id: int
    at: datetime
    action: str
    chama_code: str | None
    actor: str | None            # the member who acted, when one did
    detail: str                  # JSON, as recorded


def audit_page(conn: Connection, query: str, number: int) -> Page[AuditLine]:
    limit, offset = window(number)
    statement = (select(audit.c.id, audit.c.at, audit.c.action, chamas.c.join_code, members.c.name,
                        audit.c.detail)
                 .join(chamas, chamas.c.id == audit.c.chama_id, isouter=True)
                 .join(members, members.c.id == audit.c.actor_member_id, isouter=True)
                 .order_by(audit.c.id.desc()))
    if query:
        statement = statement.where(matching(query, audit.c.action, audit.c.detail, chamas.c.join_code))
    return page_of([AuditLine(*row) for row in conn.execute(statement.limit(limit).offset(offset))], number)
