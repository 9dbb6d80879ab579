"""Who is on the service, for the operators' pages: chamas (with their member
count and plan) and members (with their chamas), searched and paged."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, select

from chamabora.core.phone import mask_phone
from chamabora.core.subscriptions import PlanState, Standing, standing
from chamabora.db.paging import Page, matching, page_of, window
from chamabora.services.records import chamas, members, memberships
from chamabora.services.savings.subscriptions import plan_states


@dataclass(frozen=True, slots=True)
class ChamaListing:
    id: int
    name: str
    code: str
    members: int
    plan: PlanState
    standing: Standing


@dataclass(frozen=True, slots=True)
class MemberListing:
    id: int
    name: str
    phone: str           # masked, except on the member's own page
    language: str
    chamas: list[tuple[str, str, str]]   # (name, code, role)


def chama_page(conn: Connection, query: str, number: int, today: date) -> Page[ChamaListing]:
    limit, offset = window(number)
    counted = (select(func.count()).where(memberships.c.chama_id == chamas.c.id, memberships.c.status == "active")
               .scalar_subquery())
    statement = select(chamas.c.id, chamas.c.name, chamas.c.join_code, counted.label("members")).order_by(chamas.c.id)
    if query:
        statement = statement.where(matching(query, chamas.c.name, chamas.c.join_code))
    rows = conn.execute(statement.limit(limit).offset(offset)).all()
    plans = plan_states(conn, [r.id for r in rows])
    return page_of([ChamaListing(r.id, r.name, r.join_code, r.members, plans[r.id], standing(plans[r.id], today))
                    for r in rows], number)


def member_page(conn: Connection, query: str, number: int) -> Page[MemberListing]:
    """Searched by name or by the phone's digits (0712..., 254712..., +254712...)."""
    limit, offset = window(number)
    statement = select(members.c.id, members.c.name, members.c.phone, members.c.language).order_by(members.c.id)
    if query:
        digits = "".join(c for c in query if c.isdigit()).lstrip("0")
        condition = matching(query, members.c.name)
        if len(digits) >= 4:
            condition = condition | matching(digits, members.c.phone)
        statement = statement.where(condition)
    rows = conn.execute(statement.limit(limit).offset(offset)).all()
    theirs = _chamas_of(conn, [r.id for r in rows])
    return page_of([MemberListing(r.id, r.name, mask_phone(r.phone), r.language, theirs.get(r.id, []))
                    for r in rows], number)


def member_detail(conn: Connection, member_id: int) -> MemberListing | None:
    """One member with the whole phone number: the operator came to this member on purpose."""
    row = conn.execute(select(members.c.id, members.c.name, members.c.phone, members.c.language)
                       .where(members.c.id == member_id)).first()
    if row is None:
        return None
    return MemberListing(row.id, row.name, row.phone, row.language, _chamas_of(conn, [row.id]).get(row.id, []))


def _chamas_of(conn: Connection, member_ids: list[int]) -> dict[int, list[tuple[str, str, str]]]:
    found: dict[int, list[tuple[str, str, str]]] = {}
    if not member_ids:
        return found
    for member_id, name, code, role in conn.execute(
            select(memberships.c.member_id, chamas.c.name, chamas.c.join_code, memberships.c.role)
            .join(chamas, chamas.c.id == memberships.c.chama_id)
            .where(memberships.c.member_id.in_(member_ids), memberships.c.status == "active")
            .order_by(chamas.c.name)):
        found.setdefault(member_id, []).append((name, code, role))
    return found
