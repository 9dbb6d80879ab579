"""The chama's last decisions, read from the audit log for its officers:
who approved or rejected which payment, payout, loan, withdrawal or
share-out, how the members voted, rule changes, roles and group goals.

Only these actions are decisions; the rest of the audit log (logins of a
PIN, matched prompts, postings) is for the operator, not for `LOG`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from chamabora.services.records import audit, members

DECISIONS = (
    "claim.approved", "claim.rejected", "claim.confirmed", "payout.approved", "payout.declined", "loan.approved", "loan.rejected",
    "withdrawal.approved", "withdrawal.rejected", "shareout.proposed", "shareout.approved", "shareout.rejected",
    "withdrawal.vote_decided", "payout.vote_decided", "rules.changed", "member.role", "goal.group_created",
)


@dataclass(frozen=True, slots=True)
class Decision:
    at: datetime
    action: str
    actor: str | None        # the officer's name; None for the members' vote
    detail: dict[str, object]
    subject: str | None      # the member a role was given to


def last_decisions(conn: Connection, chama_id: int, limit: int) -> list[Decision]:
    rows = conn.execute(select(audit.c.at, audit.c.action, audit.c.detail, members.c.name)
                        .join(members, members.c.id == audit.c.actor_member_id, isouter=True)
                        .where(audit.c.chama_id == chama_id, audit.c.action.in_(DECISIONS))
                        .order_by(audit.c.id.desc()).limit(limit)).all()
    decided = [(row.at, row.action, row.name, json.loads(row.detail or "{}")) for row in rows]
    subject_ids = {int(d["member_id"]) for _at, action, _who, d in decided  # type: ignore[call-overload]
                   if action == "member.role" and "member_id" in d}
    names = dict(conn.execute(select(members.c.id, members.c.name).where(members.c.id.in_(subject_ids))).all()) \
        if subject_ids else {}
    return [Decision(at, action, who, detail,
                     names.get(int(detail["member_id"])) if action == "member.role" else None)  # type: ignore[call-overload]
            for at, action, who, detail in decided]
