"""Closing a cycle: fines assessed, the pot computed and owed to the member
whose turn it is (their arrears and fines netted first), and the cycle shut;
where the chama ratifies large pots, the members are asked at once
(services/payouts/payout_votes.py). Disbursing the payout, once approved, moves the cash."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import Connection, case, insert, select, update

from chamabora.core import entries as recipes
from chamabora.core.allocation import DueKind
from chamabora.core.chama import MONEY_ROLES, RotationMode
from chamabora.core.errors import CycleState, PayoutState
from chamabora.core.money import Money
from chamabora.core.entries import CLAIMED, POT
from chamabora.core.payout import PotBook, collected, payout_entry, split_pot
from chamabora.core.rotation import Seat, next_recipient, round_order
from chamabora.db.tables import Payout, sum_cents
from chamabora.services.contributions import dues as dues_store
from chamabora.services.contributions.cycles import Fined, assess_fines, ensure_cycles, tell_fined
from chamabora.services.payouts.defaults import is_blocked
from chamabora.services.contributions.dues import cycles, dues
from chamabora.services.notices.money import PAYOUT_HELD, member_name, officers
from chamabora.services.notices.notify import notify
from chamabora.services.payouts.payout_votes import ratify
from chamabora.core.signatures import check_signer
from chamabora.services.ledger.cash import require_cash
from chamabora.services.ledger.store import LedgerStore
from chamabora.services.records import ChamaRow, load_chama, memberships, money_officers, record_audit, require_role
from chamabora.services.chama.rule_changes import ORDER_ONLY, apply_due

payouts = Payout.__table__


@dataclass(frozen=True, slots=True)
class ClosedCycle:
    seq: int
    payout_id: int | None
    recipient_member_id: int | None
    gross: Money
    net: Money
    fines_levied: Money


def close_cycle(conn: Connection, chama_id: int, actor_id: int | None, today: date,
                force: bool = False) -> ClosedCycle:
    if actor_id is not None:
        require_role(conn, chama_id, actor_id, MONEY_ROLES)
    chama = load_chama(conn, chama_id, lock=True)
    ensure_cycles(conn, chama, today)
    cycle = conn.execute(select(cycles).where(cycles.c.chama_id == chama_id, cycles.c.status == "open")
                         .order_by(cycles.c.seq).limit(1)).first()
    if cycle is None:
        raise CycleState("no open cycle to close")
    if today < cycle.due_date and not force:
        raise CycleState("this cycle is not yet due", due=cycle.due_date.isoformat())
    fined: list[Fined] = []
    fines = assess_fines(conn, chama, today, fined=fined)
    if apply_due(conn, chama_id, cycle.seq, ORDER_ONLY):  # an order sent for this cycle's pot
        chama = load_chama(conn, chama_id)
    payout_id, member_id, gross, net = _pay_the_pot(conn, chama, cycle, today)
    tell_fined(conn, chama, fined, today)
    conn.execute(update(cycles).where(cycles.c.id == cycle.id)
                 .values(status="closed", closed_at=datetime.now(timezone.utc)))
    record_audit(conn, "cycle.closed", chama_id, actor_id, seq=cycle.seq, payout_id=payout_id,
                 recipient=member_id, gross=gross.cents, net=net.cents)
    return ClosedCycle(cycle.seq, payout_id, member_id, gross, net, fines)


def _pay_the_pot(conn: Connection, chama: ChamaRow, cycle,  # type: ignore[no-untyped-def]
                 today: date) -> tuple[int | None, int | None, Money, Money]:
    store = LedgerStore(conn, chama.id)
    pot = collected(pot_book(conn, store, chama.id, cycle.seq))
    if not pot.is_positive():
        # nothing was collected: the recipient keeps their turn for a pot that has money in it
        return None, None, Money(0), Money(0)
    round_no, ms_id = choose_recipient(conn, chama, cycle.seq)
    member_id = conn.execute(select(memberships.c.member_id)
                             .where(memberships.c.id == ms_id)).scalar_one()
    # arrears are what has fallen due; a later cycle's contribution is not netted
    owed = [d for d in dues_store.outstanding(conn, [ms_id])[ms_id]
            if d.kind is DueKind.FINE or d.cycle_seq <= cycle.seq]
    own = next((d for d in owed if d.kind is DueKind.CONTRIBUTION and d.cycle_seq == cycle.seq), None)
    split, allocation = split_pot(pot, own, [d for d in owed if d is not own], cycle.seq)
    entry_id = store.post(payout_entry(split, member_id, allocation, f"payout:{cycle.id}",
                                       f"Cycle {cycle.seq + 1} pot"))
    dues_store.settle(conn, [allocation])
    payout_id = conn.execute(insert(payouts).returning(payouts.c.id), {
        "chama_id": chama.id, "cycle_id": cycle.id, "membership_id": ms_id, "round_no": round_no,
        "gross_cents": split.gross.cents, "netted_dues_cents": split.netted_dues.cents,
        "netted_fines_cents": split.netted_fines.cents, "net_cents": split.net.cents,
        "status": "payable" if split.net else "disbursed", "entry_id": entry_id}).scalar_one()
    if split.net.is_positive() and not _hold_if_blocked(conn, chama, member_id, split.net):
        ratify(conn, payout_id, today)  # a held pot is put to the members once it can be approved
    return payout_id, member_id, split.gross, split.net


def pot_book(conn: Connection, store: LedgerStore, chama_id: int, seq: int) -> PotBook:
    """The pot account at the close of cycle `seq` (see core.payout.collected)."""
    unpaid, later = conn.execute(
        select(sum_cents(case((cycles.c.seq <= seq, dues.c.amount_cents - dues.c.paid_cents), else_=0)),
               sum_cents(case((cycles.c.seq > seq, dues.c.amount_cents), else_=0)))
        .join(cycles, cycles.c.id == dues.c.cycle_id)
        .where(dues.c.chama_id == chama_id, dues.c.kind == DueKind.CONTRIBUTION.value)).one()
    return PotBook(Money(-store.balance(POT)), Money(unpaid), Money(later),
                   Money(store.balance(CLAIMED)))


def _hold_if_blocked(conn: Connection, chama: ChamaRow, member_id: int, net: Money) -> bool:
    """A flagged defaulter's pot is owed to them and stays payable, but approve_payout refuses
    it until the flag clears; the treasurer and chair hear why it is held. True when held."""
    if not is_blocked(conn, chama.id, member_id):
        return False
    for officer in officers(conn, chama.id):
        notify(conn, officer, PAYOUT_HELD, chama.id, chama=chama.name, member=member_name(conn, member_id),
               amount=str(net))
    record_audit(conn, "payout.held", chama.id, None, member_id=member_id, net=net.cents)
    return True


@dataclass(frozen=True, slots=True)
class RoundState:
    round_no: int
    start: int                 # the cycle the round started with
    received: frozenset[int]   # memberships paid this round
    seats: list[Seat]


def round_state(conn: Connection, chama_id: int, seq: int) -> RoundState:
    history = conn.execute(select(payouts.c.round_no, payouts.c.membership_id, cycles.c.seq)
                           .join(cycles, cycles.c.id == payouts.c.cycle_id)
                           .where(payouts.c.chama_id == chama_id)).all()
    round_no = max((r.round_no for r in history), default=1)
    this_round = [r for r in history if r.round_no == round_no]
    seats = [Seat(r.id, r.join_seq, r.joined_cycle, r.chair_position) for r in conn.execute(
        select(memberships).where(memberships.c.chama_id == chama_id, memberships.c.status == "active"))]
    return RoundState(round_no, min((r.seq for r in this_round), default=seq),
                      frozenset(r.membership_id for r in this_round), seats)


def upcoming(state: RoundState, mode: RotationMode, seed: int, seq: int) -> tuple[int, list[int]]:
    """(round number, memberships in the order they receive from cycle `seq`): the rest of this round,
    or the next round once everyone has received."""
    order = [m for m in round_order(state.seats, mode, seed, state.round_no, state.start) if m not in state.received]
    if order:
        return state.round_no, order
    return state.round_no + 1, round_order(state.seats, mode, seed, state.round_no + 1, seq)


def choose_recipient(conn: Connection, chama: ChamaRow, seq: int) -> tuple[int, int]:
    """(round number, membership id) of whoever's turn it is in cycle `seq`."""
    state = round_state(conn, chama.id, seq)
    round_no, order = upcoming(state, RotationMode(chama.terms.rotation), chama.rotation_seed, seq)
    chosen = next_recipient(order, set())
    if chosen is None:
        raise CycleState("the chama has no active members to receive the pot")
    return round_no, chosen


def disburse_payout(conn: Connection, payout_id: int, actor_id: int, reference: str) -> int:
    """Record that an approved payout left the chama's cash; `reference` is the outside receipt."""
    payout = conn.execute(select(payouts).where(payouts.c.id == payout_id).with_for_update(key_share=True)).first()
    if payout is None:
        raise PayoutState("no such payout", payout_id=payout_id)
    require_role(conn, payout.chama_id, actor_id, MONEY_ROLES)
    if payout.status != "payable":
        raise PayoutState("this payout is already disbursed", payout_id=payout_id)
    member_id = conn.execute(select(memberships.c.member_id)
                             .where(memberships.c.id == payout.membership_id)).scalar_one()
    check_signer(actor_id, member_id, money_officers(conn, payout.chama_id))
    # the money has left (or is leaving now): only the cash itself bounds it, its own promise included
    require_cash(conn, payout.chama_id, Money(payout.net_cents), promised=False)
    store = LedgerStore(conn, payout.chama_id)
    entry_id = store.post(recipes.disbursement_entry(member_id, Money(payout.net_cents),
                                                     f"disbursement:{reference}", "Payout sent"))
    conn.execute(update(payouts).where(payouts.c.id == payout_id).values(status="disbursed"))
    record_audit(conn, "payout.disbursed", payout.chama_id, actor_id, payout_id=payout_id,
                 reference=reference, entry_id=entry_id)
    return entry_id
