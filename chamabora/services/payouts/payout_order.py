"""The merry-go-round ahead: whose turn each coming cycle is and when, for
the rest of the round (a member's page), and whose turn is next (what `NEXT`
answers, the order's first line). Reading it opens and writes nothing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from chamabora.core.chama import RotationMode
from chamabora.core.schedule import cycle_on, due_date
from chamabora.services.contributions.dues import cycles
from chamabora.services.payouts.closing import choose_recipient, round_state, upcoming
from chamabora.services.records import load_chama, members, memberships


@dataclass(frozen=True, slots=True)
class PayoutTurn:
    seq: int
    due: date          # the due date of the cycle whose pot this member receives
    member_id: int
    name: str


def payout_order(conn: Connection, chama_id: int, today: date) -> list[PayoutTurn]:
    """The members still to receive, in order, from the cycle now open (or today's, while none is)."""
    chama = load_chama(conn, chama_id)
    open_seq = _current_seq(conn, chama_id)
    seq = open_seq if open_seq is not None else cycle_on(chama.terms, today)
    _round, order = upcoming(round_state(conn, chama_id, seq), RotationMode(chama.terms.rotation),
                             chama.rotation_seed, seq)
    people = {ms_id: (member_id, name) for ms_id, member_id, name in conn.execute(
        select(memberships.c.id, members.c.id, members.c.name).join(members, members.c.id == memberships.c.member_id)
        .where(memberships.c.chama_id == chama_id))}
    return [PayoutTurn(seq + i, due_date(chama.terms, seq + i), *people[ms_id]) for i, ms_id in enumerate(order)]


def whose_turn(conn: Connection, chama_id: int, today: date) -> PayoutTurn:
    """Who receives the next pot (the cycle now open, or today's while none is): what `NEXT` answers."""
    chama = load_chama(conn, chama_id)
    seq = _current_seq(conn, chama_id)
    seq = seq if seq is not None else cycle_on(chama.terms, today)
    _round, ms_id = choose_recipient(conn, chama, seq)
    member_id, name = conn.execute(select(members.c.id, members.c.name)
                                   .join(memberships, memberships.c.member_id == members.c.id)
                                   .where(memberships.c.id == ms_id)).one()
    return PayoutTurn(seq, due_date(chama.terms, seq), member_id, name)


def _current_seq(conn: Connection, chama_id: int) -> int | None:
    """The cycle now open, if any (cycles open lazily, on the first payment)."""
    return conn.execute(select(cycles.c.seq).where(  # type: ignore[no-any-return]
        cycles.c.chama_id == chama_id, cycles.c.status == "open").order_by(cycles.c.seq).limit(1)).scalar()
