"""Cycles: opening them (levying every member's contribution and applying any
credit they hold) and assessing fines on what is late.

Cycles open lazily, on the first activity in their period, and always in
order, under the chama's row lock so two payments cannot open the same cycle.
A rule change waiting for a cycle is applied just before it opens, and each
cycle keeps the grace and fine it opened with: fines follow the rules a
cycle was due under, not rules changed later.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import Connection, func, insert, select

from chamabora.core import entries as recipes
from chamabora.core.allocation import DueKind, allocate
from chamabora.core.fines import fine_to_levy
from chamabora.core.chama import ChamaTerms, FineRule
from chamabora.core.ledger import AccountKind, EntryKind, combine
from chamabora.core.money import Money
from chamabora.core.schedule import cycle_on, days_late, due_date
from chamabora.services.contributions import dues as dues_store
from chamabora.db.tables import sum_cents
from chamabora.services.contributions.dues import cycles, dues
from chamabora.services.labels import label
from chamabora.services.ledger.store import LedgerStore
from chamabora.services.notices.money import FINE_CHARGED
from chamabora.services.notices.notify import notify
from chamabora.services.records import ChamaRow, load_chama, memberships
from chamabora.services.chama.rule_changes import TERMS_AND_POLICY, apply_due


Fined = tuple[int, int, date, Money, str]  # membership, member, the late cycle's due date, fine, its key


def last_opened(conn: Connection, chama_id: int) -> int:
    return conn.execute(select(func.coalesce(func.max(cycles.c.seq), -1))
                        .where(cycles.c.chama_id == chama_id)).scalar_one()


def ensure_cycles(conn: Connection, chama: ChamaRow, today: date, opened: int | None = None) -> int:
    """Open every cycle up to the one `today` falls in; returns that cycle's number.

    `opened` is the last opened cycle when the caller already read it."""
    current = cycle_on(chama.terms, today)
    if (last_opened(conn, chama.id) if opened is None else opened) >= current:
        return current
    chama = load_chama(conn, chama.id, lock=True)
    for seq in range(last_opened(conn, chama.id) + 1, current + 1):
        if apply_due(conn, chama.id, seq, TERMS_AND_POLICY):
            chama = load_chama(conn, chama.id)
        open_cycle(conn, chama, seq)
    return current


def open_cycle(conn: Connection, chama: ChamaRow, seq: int) -> int:
    due_on = due_date(chama.terms, seq)
    fine = chama.terms.fine
    cycle_id = conn.execute(insert(cycles).returning(cycles.c.id), {
        "chama_id": chama.id, "seq": seq, "due_date": due_on, "status": "open",
        "grace_days": chama.terms.grace_days, "fine_flat_cents": fine.flat.cents,
        "fine_percent_bp": fine.percent_bp, "fine_per_day": fine.per_day,
        "fine_cap_cents": fine.cap.cents if fine.cap is not None else None}).scalar_one()
    payers = conn.execute(select(memberships.c.id, memberships.c.member_id).where(
        memberships.c.chama_id == chama.id, memberships.c.status == "active",
        memberships.c.joined_cycle <= seq)).all()
    amount = chama.terms.contribution
    dues_store.add(conn, [dues_store.row(chama.id, ms_id, cycle_id, DueKind.CONTRIBUTION, due_on,
                                         amount, f"due:{cycle_id}:{ms_id}") for ms_id, _ in payers])
    levy = combine(EntryKind.LEVY, [recipes.levy_entry(member_id, amount, "", "")
                                    for _, member_id in payers],
                   f"Cycle {seq + 1} contributions due {due_on:%d/%m/%Y}", f"levy:{cycle_id}")
    store = LedgerStore(conn, chama.id)
    if levy is not None:
        store.post(levy)
    _apply_credit(conn, store, payers, seq)
    return cycle_id


def _apply_credit(conn: Connection, store: LedgerStore, payers: list, seq: int) -> None:  # type: ignore[type-arg]
    credit = store.balances_of_kind(AccountKind.MEMBER_CREDIT)
    holders = {ms_id: member_id for ms_id, member_id in payers if credit.get(member_id, 0) < 0}
    if not holders:
        return
    owed = dues_store.outstanding(conn, list(holders))
    allocations, parts = [], []
    for ms_id, member_id in holders.items():
        allocation = allocate(Money(-credit[member_id]), owed[ms_id], seq)
        if allocation.parts:
            allocations.append(allocation)
            parts.append(recipes.credit_applied_entry(member_id, allocation, "", ""))
    entry = combine(EntryKind.CREDIT_APPLIED, parts, f"Credit applied to cycle {seq + 1}")
    if entry is not None:
        store.post(entry)
        dues_store.settle(conn, allocations)


def assess_fines(conn: Connection, chama: ChamaRow, today: date,
                 membership_id: int | None = None, fined: list[Fined] | None = None) -> Money:
    """Levy what late cycles should have been fined by `today`; returns the total levied.

    `fined` collects each fine levied, for `tell_fined` once the caller is done (a close nets the
    recipient's fines from the pot first)."""
    late = _late_contributions(conn, chama, today, membership_id)
    if not late:
        return Money(0)
    so_far = _fined_so_far(conn, chama.id, membership_id)
    rows, parts, fined_now = [], [], []
    for ms_id, member_id, cycle_id, seq, unpaid, terms in late:
        rule = terms.fine
        amount = fine_to_levy(rule, Money(unpaid), days_late(terms, seq, today),
                              Money(so_far.get((cycle_id, ms_id), 0)))
        if amount.is_positive():
            key = f"fine:{cycle_id}:{ms_id}" + (f":{today.isoformat()}" if rule.per_day else "")
            rows.append(dues_store.row(chama.id, ms_id, cycle_id, DueKind.FINE, today, amount, key))
            parts.append(recipes.fine_entry(member_id, amount, "", ""))
            fined_now.append((ms_id, member_id, due_date(terms, seq), amount, key))
    entry = combine(EntryKind.FINE, parts, f"Late fines assessed {today:%d/%m/%Y}")
    if entry is None:
        return Money(0)
    dues_store.add(conn, rows)
    store = LedgerStore(conn, chama.id)
    store.post(entry)
    if fined is not None:
        fined.extend(fined_now)
    return sum((Money(r["amount_cents"]) for r in rows), Money(0))  # type: ignore[arg-type]


def tell_fined(conn: Connection, chama: ChamaRow, fined: list[Fined], today: date) -> None:
    """Each fined member hears what was added and what they owe now: the calendar's close fines members
    who are not there to see it (a fine levied as the member pays is on their receipt)."""
    if not fined:
        return
    owed = dues_store.outstanding(conn, sorted({ms_id for ms_id, *_rest in fined}))
    for ms_id, member_id, due_on, amount, key in fined:
        # what is owed now: a cycle opened today but not yet due is not counted against them
        total = sum((d.outstanding for d in owed[ms_id] if d.due_on <= today), Money(0))
        notify(conn, member_id, FINE_CHARGED, chama.id, dedupe_key=f"fine-notice:{key}", chama=label(chama.name),
               amount=str(amount), due=f"{due_on:%d/%m/%Y}", owed=str(total), shillings=-(-total.cents // 100))


def _late_contributions(conn: Connection, chama: ChamaRow, today: date, membership_id: int | None):  # type: ignore[no-untyped-def]
    """(membership, member, cycle, seq, unpaid, the cycle's terms) of each late contribution that can be fined."""
    current = chama.terms.fine
    fines_now = bool(current.flat.cents or current.percent_bp)
    # a cycle fines by the rule it opened with; older cycles (no rule kept) by the chama's
    fines_then = ((cycles.c.fine_flat_cents > 0) | (cycles.c.fine_percent_bp > 0)
                  | (cycles.c.fine_flat_cents.is_(None) & fines_now))
    query = (select(dues.c.membership_id, memberships.c.member_id, dues.c.cycle_id, cycles.c.seq,
                    dues.c.amount_cents - dues.c.paid_cents, cycles.c.grace_days, cycles.c.fine_flat_cents,
                    cycles.c.fine_percent_bp, cycles.c.fine_per_day, cycles.c.fine_cap_cents)
             .join(cycles, cycles.c.id == dues.c.cycle_id)
             .join(memberships, memberships.c.id == dues.c.membership_id)
             .where(dues.c.chama_id == chama.id, dues.c.kind == DueKind.CONTRIBUTION.value,
                    dues.c.paid_cents < dues.c.amount_cents, fines_then))
    if membership_id is not None:
        query = query.where(dues.c.membership_id == membership_id)
    late = []
    for row in conn.execute(query).all():
        terms = cycle_terms(chama.terms, row)
        if days_late(terms, row.seq, today) > 0:
            late.append((*row[:5], terms))
    return late


def cycle_terms(terms: ChamaTerms, row) -> ChamaTerms:  # type: ignore[no-untyped-def]
    """The chama's terms with the grace and fine a cycle opened with (when it kept them)."""
    if row.fine_flat_cents is None:
        return terms
    cap = Money(row.fine_cap_cents) if row.fine_cap_cents is not None else None
    return replace(terms, grace_days=row.grace_days,
                   fine=FineRule(Money(row.fine_flat_cents), row.fine_percent_bp, bool(row.fine_per_day), cap))


def _fined_so_far(conn: Connection, chama_id: int, membership_id: int | None) -> dict[tuple[int, int], int]:
    query = (select(dues.c.cycle_id, dues.c.membership_id, sum_cents(dues.c.amount_cents))
             .where(dues.c.chama_id == chama_id, dues.c.kind == DueKind.FINE.value)
             .group_by(dues.c.cycle_id, dues.c.membership_id))
    if membership_id is not None:
        query = query.where(dues.c.membership_id == membership_id)
    return {(c, m): total for c, m, total in conn.execute(query)}
