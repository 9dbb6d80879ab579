"""Merry-go-round default protection on the database: find recipients who
fell behind after receiving the pot, flag them (once, until they catch up),
tell the treasurer and chair (and the member's guarantor if the chama wants
that), and refuse payouts to a flagged member."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, insert, select, update

from chamabora.core.allocation import DueKind
from chamabora.core.chama import Role
from chamabora.core.default_protection import PayoutBlocked, RecipientStanding, is_defaulter
from chamabora.core.money import Money
from chamabora.core.schedule import days_late
from chamabora.db.loan_tables import DefaultFlag, RotationGuarantor
from chamabora.db.tables import Payout
from chamabora.services.contributions import dues as dues_store
from chamabora.services.contributions.dues import cycles
from chamabora.services.notices.money import DEFAULT_FLAGGED, member_name, officers
from chamabora.services.notices.notify import notify
from chamabora.services.lending.policy import load_policy
from chamabora.services.records import load_chama, membership_of, memberships, record_audit, require_role

payouts = Payout.__table__
flags = DefaultFlag.__table__
rotation_guarantors = RotationGuarantor.__table__


def set_rotation_guarantor(conn: Connection, chama_id: int, actor_id: int, member_id: int,
                           guarantor_id: int) -> None:
    require_role(conn, chama_id, actor_id, frozenset({Role.CHAIR}))
    membership_of(conn, chama_id, member_id)
    membership_of(conn, chama_id, guarantor_id)
    conn.execute(rotation_guarantors.delete().where(rotation_guarantors.c.chama_id == chama_id,
                                                    rotation_guarantors.c.member_id == member_id))
    conn.execute(insert(rotation_guarantors), {"chama_id": chama_id, "member_id": member_id,
                                               "guarantor_id": guarantor_id})


def recipient_standings(conn: Connection, chama_id: int, today: date) -> list[RecipientStanding]:
    chama = load_chama(conn, chama_id)
    received = dict(conn.execute(
        select(payouts.c.membership_id, cycles.c.due_date).join(cycles, cycles.c.id == payouts.c.cycle_id)
        .where(payouts.c.chama_id == chama_id).order_by(cycles.c.seq)).all())
    ms_to_member = dict(conn.execute(select(memberships.c.id, memberships.c.member_id)
                                     .where(memberships.c.id.in_(list(received)))).all()) if received else {}
    owed = dues_store.outstanding(conn, list(received)) if received else {}
    standings = []
    for ms_id, received_on in received.items():
        late = [d for d in owed.get(ms_id, []) if d.kind is DueKind.CONTRIBUTION
                and days_late(chama.terms, d.cycle_seq, today) > 0]
        fines = sum((d.outstanding for d in owed.get(ms_id, []) if d.kind is DueKind.FINE), Money(0))
        standings.append(RecipientStanding(
            ms_to_member[ms_id], received_on, sum((d.outstanding for d in late), Money(0)),
            min((d.due_on for d in late), default=None), fines))
    return standings


def flag_defaulters(conn: Connection, chama_id: int, today: date) -> list[int]:
    """Flag new defaulters (returns their member ids) and clear those who have caught up."""
    policy, chama = load_policy(conn, chama_id), load_chama(conn, chama_id)
    open_flags = dict(conn.execute(select(flags.c.member_id, flags.c.id).where(
        flags.c.chama_id == chama_id, flags.c.cleared_on.is_(None))).all())
    flagged = []
    for standing in recipient_standings(conn, chama_id, today):
        member_id = standing.member_id
        if not is_defaulter(standing):
            if member_id in open_flags:
                conn.execute(update(flags).where(flags.c.id == open_flags[member_id]).values(cleared_on=today))
            continue
        if member_id in open_flags:
            continue
        conn.execute(insert(flags), {"chama_id": chama_id, "member_id": member_id, "flagged_on": today,
                                     "late_cents": standing.late_unpaid.cents,
                                     "fines_cents": standing.fines_unpaid.cents})
        told = officers(conn, chama_id) + (_guarantors(conn, chama_id, member_id) if policy.notify_guarantor else [])
        for officer in dict.fromkeys(told):
            notify(conn, officer, DEFAULT_FLAGGED, chama_id, chama=chama.name, member=member_name(conn, member_id),
                   late=str(standing.late_unpaid), fines=str(standing.fines_unpaid))
        record_audit(conn, "member.default_flagged", chama_id, None, member_id=member_id)
        flagged.append(member_id)
    return flagged


def _guarantors(conn: Connection, chama_id: int, member_id: int) -> list[int]:
    return list(conn.execute(select(rotation_guarantors.c.guarantor_id).where(
        rotation_guarantors.c.chama_id == chama_id, rotation_guarantors.c.member_id == member_id)).scalars())


def is_blocked(conn: Connection, chama_id: int, member_id: int) -> bool:
    return conn.execute(select(flags.c.id).where(flags.c.chama_id == chama_id, flags.c.member_id == member_id,
                                                 flags.c.cleared_on.is_(None))).first() is not None


def require_payout_allowed(conn: Connection, chama_id: int, member_id: int) -> None:
    """Payouts (and their B2C) call this first: a flagged defaulter receives nothing until cleared."""
    if is_blocked(conn, chama_id, member_id):
        raise PayoutBlocked("payouts to this member are blocked until they are paid up", member_id=member_id)
