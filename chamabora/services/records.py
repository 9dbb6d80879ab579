"""Loading chamas, members and memberships, and turning rows into core values."""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from chamabora.core.chama import ChamaTerms, FineRule, Frequency, Role, RotationMode
from chamabora.core.errors import Forbidden, NotAMember, UnknownChama, UnknownMember
from chamabora.core.money import Money
from chamabora.core.phone import normalize_phone
from chamabora.db.tables import AuditEvent, Chama, Member, Membership
from chamabora.db.changes import mark_changed

chamas = Chama.__table__
members = Member.__table__
memberships = Membership.__table__
audit = AuditEvent.__table__


@dataclass(frozen=True, slots=True)
class ChamaRow:
    id: int
    name: str
    join_code: str
    terms: ChamaTerms
    rotation_seed: int


def terms_of(row) -> ChamaTerms:  # type: ignore[no-untyped-def]
    cap = Money(row.fine_cap_cents) if row.fine_cap_cents is not None else None
    return ChamaTerms(
        contribution=Money(row.contribution_cents), frequency=Frequency(row.frequency),
        anchor=row.anchor_date, grace_days=row.grace_days,
        fine=FineRule(Money(row.fine_flat_cents), row.fine_percent_bp, row.fine_per_day, cap),
        rotation=RotationMode(row.rotation_mode))


def chama_row(row) -> ChamaRow:  # type: ignore[no-untyped-def]
    return ChamaRow(row.id, row.name, row.join_code, terms_of(row), row.rotation_seed)


def load_chama(conn: Connection, chama: int | str, lock: bool = False) -> ChamaRow:
    query = select(chamas)
    query = query.where(chamas.c.id == chama) if isinstance(chama, int) \
        else query.where(chamas.c.join_code == chama.strip().upper())
    if lock:
        # NO KEY UPDATE: serialises writers without blocking the key-share locks
        # that inserting rows which reference this one must take
        query = query.with_for_update(key_share=True)
    row = conn.execute(query).first()
    if row is None:
        raise UnknownChama("no chama with that id or code", chama=str(chama))
    return chama_row(row)


def member_id_by_phone(conn: Connection, phone: str) -> int:
    e164 = normalize_phone(phone)
    member_id = conn.execute(select(members.c.id).where(members.c.phone == e164)).scalar()
    if member_id is None:
        raise UnknownMember("no member with that phone", phone=e164)
    return member_id


def require_member(conn: Connection, member_id: int) -> None:
    if conn.execute(select(members.c.id).where(members.c.id == member_id)).scalar() is None:
        raise UnknownMember("no such member", member_id=member_id)


def membership_of(conn: Connection, chama_id: int, member_id: int, lock: bool = False):  # type: ignore[no-untyped-def]
    query = select(memberships).where(memberships.c.chama_id == chama_id,
                                      memberships.c.member_id == member_id)
    if lock:
        # NO KEY UPDATE: serialises writers without blocking the key-share locks
        # that inserting rows which reference this one must take
        query = query.with_for_update(key_share=True)
    row = conn.execute(query).first()
    if row is None or row.status != "active":
        require_member(conn, member_id)
        raise NotAMember("not an active member of this chama", chama_id=chama_id, member_id=member_id)
    return row


def is_active_member(conn: Connection, chama_id: int, member_id: int) -> bool:
    return conn.execute(select(memberships.c.id).where(
        memberships.c.chama_id == chama_id, memberships.c.member_id == member_id,
        memberships.c.status == "active")).first() is not None


def require_role(conn: Connection, chama_id: int, member_id: int, allowed: frozenset[Role]) -> None:
    row = membership_of(conn, chama_id, member_id)
    if Role(row.role) not in allowed:
        raise Forbidden("this needs the role of " + " or ".join(sorted(r.value for r in allowed)),
                        role=row.role)


def money_officers(conn: Connection, chama_id: int) -> list[tuple[int, Role]]:
    """(member id, role) of the chama's active chairs and treasurers: those who may sign money out."""
    return [(member_id, Role(role)) for member_id, role in conn.execute(
        select(memberships.c.member_id, memberships.c.role).where(
            memberships.c.chama_id == chama_id, memberships.c.status == "active",
            memberships.c.role.in_([Role.CHAIR.value, Role.TREASURER.value])))]


def record_audit(conn: Connection, action: str, chama_id: int | None = None,
                 actor: int | None = None, **detail: object) -> None:
    conn.execute(insert(audit), {"action": action, "chama_id": chama_id, "actor_member_id": actor,
                                 "detail": json.dumps(detail, default=str, sort_keys=True)})
    mark_changed(conn, chama_id)  # a decision, a held claim: what the officers' LOG and board read


def officer_names(conn: Connection, chama_id: int, roles: tuple[str, ...], shown: int) -> list[str]:
    """The first `shown` active holders of these roles, by role then by who joined first."""
    return list(conn.execute(select(members.c.name).join(memberships, memberships.c.member_id == members.c.id)
                             .where(memberships.c.chama_id == chama_id, memberships.c.status == "active",
                                    memberships.c.role.in_(roles))
                             .order_by(memberships.c.role, memberships.c.join_seq).limit(shown)).scalars())
