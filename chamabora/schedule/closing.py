"""Closing cycles on the calendar: the day after a cycle's grace ends, its
late members are fined and the cycle is closed (the pot owed to whoever's
turn it is), and the treasurer is asked to approve the payout. Each close
is its own unit of work with a mark per chama and cycle, so a second run,
or a run after a crash, closes nothing twice; a chama that missed several
closes catches up one cycle at a time.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select

from chamabora.core.errors import CycleState
from chamabora.core.money import Money
from chamabora.core.schedule import late_from
from chamabora.services.mpesa.mpesa_notices import treasurers
from chamabora.services.contributions.dues import cycles
from chamabora.services.payouts.closing import ClosedCycle, close_cycle
from chamabora.services.records import ChamaRow, chama_row, chamas, members
from chamabora.i18n.catalogs import translate
from chamabora.services.notices import marks
from chamabora.services.notices.notify import notify
from chamabora.i18n.officers import PAYOUT_READY

KIND = "close-cycle"
MOST_PER_RUN = 400   # cycles one chama may catch up in one run (a daily chama down for a year)


def next_to_close(conn: Connection, chama_ids: list[int]) -> dict[int, int]:
    """{chama id: the cycle it would close next}: its oldest open cycle, else the one after its last."""
    oldest_open = dict(conn.execute(select(cycles.c.chama_id, func.min(cycles.c.seq)).where(
        cycles.c.chama_id.in_(chama_ids), cycles.c.status == "open").group_by(cycles.c.chama_id)).all())
    last = dict(conn.execute(select(cycles.c.chama_id, func.max(cycles.c.seq)).where(
        cycles.c.chama_id.in_(chama_ids)).group_by(cycles.c.chama_id)).all())
    return {c: oldest_open.get(c, last.get(c, -1) + 1) for c in chama_ids}


def close_due_cycles(services, chama_ids: list[int], today: date) -> list[ClosedCycle]:  # type: ignore[no-untyped-def]
    with services.engine.connect() as conn:
        rows = {r.id: chama_row(r) for r in conn.execute(select(chamas).where(chamas.c.id.in_(chama_ids)))}
        upcoming = next_to_close(conn, list(rows))
    closed = []
    for chama_id, seq in upcoming.items():
        for _ in range(MOST_PER_RUN):
            if late_from(rows[chama_id].terms, seq) > today:
                break
            result = services.run(lambda conn: close_one(conn, rows[chama_id], seq, today))
            if result is None:
                break
            closed.append(result)
            seq = result.seq + 1
    return closed


def close_one(conn: Connection, chama: ChamaRow, seq: int, today: date) -> ClosedCycle | None:
    period = f"cycle:{seq}"
    if marks.done(conn, KIND, [chama.id], period):
        return None
    try:
        result = close_cycle(conn, chama.id, None, today)
    except CycleState:
        return None
    marks.mark(conn, KIND, [chama.id], f"cycle:{result.seq}")
    if result.payout_id is not None and result.net.is_positive():
        ask_treasurers(conn, chama, result)
    return result


def ask_treasurers(conn: Connection, chama: ChamaRow, closed: ClosedCycle) -> None:
    recipient = conn.execute(select(members.c.name).where(members.c.id == closed.recipient_member_id)).scalar_one()
    for member_id, _phone in treasurers(conn, chama.id):
        language = conn.execute(select(members.c.language).where(members.c.id == member_id)).scalar() or "en"
        body = translate(language, PAYOUT_READY, chama=chama.name, cycle=closed.seq + 1, recipient=recipient,
                         net=closed.net, gross=closed.gross, netted=Money(closed.gross.cents - closed.net.cents),
                         payout=closed.payout_id)
        notify(conn, member_id, body, chama.id, dedupe_key=f"payout-request:{closed.payout_id}:{member_id}",
               payload={"kind": "payout_request", "payout_id": closed.payout_id})
