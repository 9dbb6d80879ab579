"""Use cases for people: registering, creating a chama, joining, roles."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, insert, select, update

from chamabora.core import account_reference
from chamabora.core.chama import ChamaTerms, Role, normalize_join_code
from chamabora.core.errors import AlreadyMember, AlreadyRegistered, InvalidInput, UnknownChama
from chamabora.core.member import new_member
from chamabora.core.schedule import cycle_on
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.labels import label
from chamabora.services.ledger.store import open_accounts
from chamabora.services.notices.money import JOINED, ROLE_GIVEN, ROLE_WORDS, member_name, officers
from chamabora.services.notices.notify import notify
from chamabora.services.records import (chamas, load_chama, members, membership_of, memberships, record_audit,
                      require_member, require_role)

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


@dataclass(frozen=True, slots=True)
class Joined:
    chama_id: int
    membership_id: int
    join_seq: int
    first_cycle: int


def register_member(conn: Connection, phone: str, name: str, language: str = "en") -> int:
    member = new_member(phone, name, language)
    if conn.execute(select(members.c.id).where(members.c.phone == member.phone)).scalar():
        raise AlreadyRegistered("this phone is already registered", phone=member.phone)
    member_id = conn.execute(insert(members).returning(members.c.id), {
        "phone": member.phone, "name": member.name, "language": member.language.value,
        "pin_failures": 0, "opted_out": False}).scalar_one()
    record_audit(conn, "member.registered", actor=member_id)
    return member_id


def create_chama(conn: Connection, founder_id: int, name: str, terms: ChamaTerms,
                 join_code: str | None = None, rotation_seed: int | None = None) -> int:
    require_member(conn, founder_id)
    clean = " ".join((name or "").split())
    if not 2 <= len(clean) <= 60:
        raise InvalidInput("a chama name is 2 to 60 characters", value=name)
    code = normalize_join_code(join_code) if join_code else _fresh_code(conn)
    if conn.execute(select(chamas.c.id).where(chamas.c.join_code == code)).scalar():
        raise InvalidInput("that join code is taken", value=code)
    fine = terms.fine
    chama_id = conn.execute(insert(chamas).returning(chamas.c.id), {
        "name": clean, "join_code": code, "contribution_cents": terms.contribution.cents,
        "frequency": terms.frequency.value, "anchor_date": terms.anchor,
        "grace_days": terms.grace_days, "fine_flat_cents": fine.flat.cents,
        "fine_percent_bp": fine.percent_bp, "fine_per_day": fine.per_day,
        "fine_cap_cents": fine.cap.cents if fine.cap is not None else None,
        "rotation_mode": terms.rotation.value,
        "rotation_seed": secrets.randbelow(2**31) if rotation_seed is None else rotation_seed,
    }).scalar_one()
    open_accounts(conn, chama_id, None)
    record_audit(conn, "chama.created", chama_id, founder_id, name=clean, code=code)
    _enrol(conn, chama_id, founder_id, Role.CHAIR, terms, terms.anchor)
    return chama_id


def join_chama(conn: Connection, member_id: int, chama: int | str, today: date) -> Joined:
    require_member(conn, member_id)
    row = load_chama(conn, chama, lock=True)  # join order is decided under the chama's lock
    joined = _enrol(conn, row.id, member_id, Role.MEMBER, row.terms, today)
    count = conn.execute(select(func.count()).select_from(memberships).where(
        memberships.c.chama_id == row.id, memberships.c.status == "active")).scalar_one()
    for chair_id in officers(conn, row.id, ("chair",)):
        notify(conn, chair_id, JOINED, row.id, dedupe_key=f"joined:{joined.membership_id}:{chair_id}",
               chama=label(row.name), member=label(member_name(conn, member_id)), count=count)
    return joined


def _enrol(conn: Connection, chama_id: int, member_id: int, role: Role,
           terms: ChamaTerms, today: date) -> Joined:
    existing = conn.execute(select(memberships.c.status).where(
        memberships.c.chama_id == chama_id, memberships.c.member_id == member_id)).scalar()
    if existing is not None:
        raise AlreadyMember("already a member of this chama", chama_id=chama_id)
    seq = conn.execute(select(func.coalesce(func.max(memberships.c.join_seq), 0))
                       .where(memberships.c.chama_id == chama_id)).scalar_one() + 1
    # before the first due date everyone is a founder; later joiners start next cycle
    first_cycle = 0 if today <= terms.anchor else cycle_on(terms, today) + 1
    membership_id = conn.execute(insert(memberships).returning(memberships.c.id), {
        "chama_id": chama_id, "member_id": member_id, "role": role.value, "status": "active",
        "join_seq": seq, "joined_cycle": first_cycle}).scalar_one()
    open_accounts(conn, chama_id, member_id)
    record_audit(conn, "member.joined", chama_id, member_id, role=role.value, first_cycle=first_cycle)
    return Joined(chama_id, membership_id, seq, first_cycle)


def assign_role(conn: Connection, chama_id: int, actor_id: int, member_id: int, role: Role) -> None:
    require_role(conn, chama_id, actor_id, frozenset({Role.CHAIR}))
    target = membership_of(conn, chama_id, member_id)
    if target.role == Role.CHAIR.value and role is not Role.CHAIR and member_id == actor_id:
        raise InvalidInput("a chair hands over by making someone else chair first")
    conn.execute(update(memberships).where(memberships.c.id == target.id).values(role=role.value))
    record_audit(conn, "member.role", chama_id, actor_id, member_id=member_id, role=role.value)
    if member_id != actor_id and target.role != role.value:
        notify(conn, member_id, ROLE_GIVEN, chama_id, chama=label(load_chama(conn, chama_id).name),
               who=label(member_name(conn, actor_id)), role=ROLE_WORDS[role.value])


def send_invitation(conn: Connection, chama_id: int, phone: str, text: str, today: date) -> None:
    """An SMS inviting `phone` to join, in the inviter's words; one a day per chama and phone."""
    enqueue(conn, Channel.SMS, phone, text, purpose=Purpose.NOTICE, chama_id=chama_id,
            dedupe_key=f"invite:{chama_id}:{phone}:{today}")


def _fresh_code(conn: Connection) -> str:
    for _ in range(20):
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
        if account_reference.reserved(code):
            continue
        if not conn.execute(select(chamas.c.id).where(chamas.c.join_code == code)).scalar():
            return code
    raise UnknownChama("could not find a free join code")  # pragma: no cover
