"""Rule changes waiting for their cycle, and applying them when it comes.

A change is stored as the officer sent it, one row per family of settings
(core/rules.py), with the cycle it applies from. Terms and policy apply when
that cycle opens (`cycles.ensure_cycles` calls `apply_due` first, under the
chama's row lock); the payout order applies when that cycle's pot is awarded
(`payouts.close_cycle`). A chama that has not opened its first cycle takes a
change at once. Applying is idempotent: a row is applied once, in order.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Connection, insert, select, update

from chamabora.core.rules import family
from chamabora.db.rule_tables import RuleChange
from chamabora.services.lending.policy import store_policy
from chamabora.services.records import chamas, members, memberships, record_audit

rule_changes = RuleChange.__table__
TERMS_AND_POLICY = ("terms", "policy")
ORDER_ONLY = ("order",)


@dataclass(frozen=True, slots=True)
class PendingChange:
    id: int
    effective_seq: int
    changes: dict[str, object]

    @property
    def family(self) -> str:
        return family(next(iter(self.changes)))


def queue_change(conn: Connection, chama_id: int, actor_id: int | None, effective_seq: int,
                 changes: dict[str, object]) -> list[int]:
    """One row per family; `changes` may hold `rotation_seed` beside an order."""
    by_family: dict[str, dict[str, object]] = {}
    for name, value in changes.items():
        by_family.setdefault(family("rotation_mode" if name == "rotation_seed" else name), {})[name] = value
    # a later change of the same rules replaces one still waiting, so members read only what will apply
    for waiting in pending(conn, chama_id):
        part = by_family.get(waiting.family)
        if part is not None and (waiting.family == "order" or set(waiting.changes) <= set(part)):
            conn.execute(update(rule_changes).where(rule_changes.c.id == waiting.id).values(status="replaced"))
    return [conn.execute(insert(rule_changes).returning(rule_changes.c.id), {
        "chama_id": chama_id, "actor_member_id": actor_id, "effective_seq": effective_seq,
        "changes": json.dumps(part, sort_keys=True), "status": "pending"}).scalar_one()
        for part in by_family.values()]


def pending(conn: Connection, chama_id: int) -> list[PendingChange]:
    rows = conn.execute(select(rule_changes.c.id, rule_changes.c.effective_seq, rule_changes.c.changes)
                        .where(rule_changes.c.chama_id == chama_id, rule_changes.c.status == "pending")
                        .order_by(rule_changes.c.id)).all()
    return [PendingChange(r.id, r.effective_seq, _decoded(json.loads(r.changes))) for r in rows]


def _decoded(changes: dict[str, object]) -> dict[str, object]:
    if isinstance(changes.get("chair_order"), list):
        changes["chair_order"] = tuple(changes["chair_order"])  # type: ignore[arg-type]
    return changes


def apply_due(conn: Connection, chama_id: int, seq: int, families: tuple[str, ...]) -> bool:
    """Apply every waiting change of `families` due by cycle `seq`; True when something changed."""
    due = [p for p in pending(conn, chama_id) if p.effective_seq <= seq and p.family in families]
    for change in due:
        if change.family == "terms":
            conn.execute(update(chamas).where(chamas.c.id == chama_id).values(**change.changes))
        elif change.family == "order":
            _apply_order(conn, chama_id, change.changes)
        else:
            store_policy(conn, chama_id, **change.changes)
        conn.execute(update(rule_changes).where(rule_changes.c.id == change.id)
                     .values(status="applied", applied_at=datetime.now(timezone.utc)))
        record_audit(conn, "rules.applied", chama_id, None, change_id=change.id, cycle=seq + 1, **change.changes)
    return bool(due)


def _apply_order(conn: Connection, chama_id: int, changes: dict[str, object]) -> None:
    values: dict[str, object] = {"rotation_mode": changes["rotation_mode"]}
    if "rotation_seed" in changes:
        values["rotation_seed"] = changes["rotation_seed"]
    conn.execute(update(chamas).where(chamas.c.id == chama_id).values(**values))
    conn.execute(update(memberships).where(memberships.c.chama_id == chama_id).values(chair_position=None))
    for position, phone in enumerate(changes.get("chair_order", ()), start=1):  # type: ignore[arg-type]
        member_id = select(members.c.id).where(members.c.phone == phone).scalar_subquery()
        # a member who left since the order was sent has no seat to place; the rest keep their places
        conn.execute(update(memberships).where(memberships.c.chama_id == chama_id,
                                               memberships.c.member_id == member_id)
                     .values(chair_position=position))
