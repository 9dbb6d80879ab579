"""Changing a chama's rules, as the chair (or, for the money rules, the
treasurer) from any channel: SMS, WhatsApp, USSD or the operator's CLI.

A change applies from the next cycle (services/chama/rule_changes.py); a chama
that has not opened its first cycle takes it at once. Every member is told
what changed and from when, a new payout order is published with its draw's
seed (anyone can re-run it), and the change is in the audit log.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import Connection, select

from chamabora.i18n.catalogs import translate
from chamabora.core.chama import Role, RotationMode
from chamabora.core.errors import Forbidden, UnknownRecipient
from chamabora.core.rules import TREASURER_MAY, check_changes
from chamabora.core.schedule import cycle_on, due_date
from chamabora.services.labels import label
from chamabora.services.notices.notify import notify
from chamabora.services.contributions.cycles import last_opened
from chamabora.services.payouts.closing import round_state, upcoming
from chamabora.services.lending.policy import load_policy
from chamabora.services.records import ChamaRow, load_chama, members, membership_of, memberships, record_audit
from chamabora.services.chama.rule_changes import TERMS_AND_POLICY, apply_due, queue_change
from chamabora.i18n.rule_words import change_words
from chamabora.i18n.members import (PAYOUT_ORDER, PAYOUT_ORDER_MORE, PAYOUT_ORDER_NOW, PAYOUT_ORDER_SEED, RULES_CHANGED,
                                    RULES_CHANGED_NOW)

NOTICE_LIMIT = 160
SLOT = "\x00names\x00"
VERBATIM = "%(text)s"  # a notice already in the member's language
SEED_DIGITS = 6


@dataclass(frozen=True, slots=True)
class RuleChangeOutcome:
    effective_seq: int
    starts_on: date | None        # None: in force now
    words: dict[str, list[str]]   # the change in each member language that was told
    order: list[str]              # names in the published order, when the order changed


def may_change(role: str, names: set[str]) -> bool:
    return role == Role.CHAIR.value or (role == Role.TREASURER.value and names <= TREASURER_MAY)


def change_rules(conn: Connection, chama_id: int, actor_id: int, changes: dict[str, object],
                 today: date) -> RuleChangeOutcome:
    check_changes(changes)
    role = membership_of(conn, chama_id, actor_id).role
    if not may_change(role, set(changes)):
        raise Forbidden("only the chair changes this rule", role=role, needs="chair")
    chama = load_chama(conn, chama_id, lock=True)
    stored = dict(changes)
    if "chair_order" in changes:
        _check_members(conn, chama_id, changes["chair_order"])  # type: ignore[arg-type]
    if changes.get("rotation_mode") == RotationMode.RANDOM_DRAW.value:
        stored["rotation_seed"] = 10 ** (SEED_DIGITS - 1) + secrets.randbelow(9 * 10 ** (SEED_DIGITS - 1))
    opened = last_opened(conn, chama_id)
    effective = 0 if opened < 0 else max(cycle_on(chama.terms, today), opened) + 1
    queue_change(conn, chama_id, actor_id, effective, stored)
    if opened < 0:
        apply_due(conn, chama_id, 0, TERMS_AND_POLICY + ("order",))
    starts = None if opened < 0 else due_date(chama.terms, effective - 1) + timedelta(days=1)
    record_audit(conn, "rules.changed", chama_id, actor_id, effective_cycle=effective + 1,
                 starts_on=starts.isoformat() if starts else None, **stored)
    words = _announce(conn, chama, actor_id, changes, starts)
    order = _publish_order(conn, chama, stored, effective, starts) if "rotation_mode" in changes else []
    return RuleChangeOutcome(effective, starts, words, order)


def _check_members(conn: Connection, chama_id: int, phones: tuple[str, ...]) -> None:
    active = set(conn.execute(select(members.c.phone).join(memberships, memberships.c.member_id == members.c.id)
                              .where(memberships.c.chama_id == chama_id, memberships.c.status == "active")).scalars())
    strangers = [phone for phone in phones if phone not in active]
    if strangers:
        raise UnknownRecipient("not a member of this chama", phone=strangers[0])


def audience(conn: Connection, chama_id: int) -> list[tuple[int, str, str]]:
    """(member id, phone, language) of every active member, in join order."""
    return [tuple(r) for r in conn.execute(  # type: ignore[misc]
        select(members.c.id, members.c.phone, members.c.language)
        .join(memberships, memberships.c.member_id == members.c.id)
        .where(memberships.c.chama_id == chama_id, memberships.c.status == "active")
        .order_by(memberships.c.join_seq))]


def _announce(conn: Connection, chama: ChamaRow, actor_id: int, changes: dict[str, object],
              starts: date | None) -> dict[str, list[str]]:
    who = conn.execute(select(members.c.name).where(members.c.id == actor_id)).scalar_one()
    method = load_policy(conn, chama.id).loan_method
    told: dict[str, list[str]] = {}
    for member_id, _phone, language in audience(conn, chama.id):
        words = told.setdefault(language, change_words(language, changes, chama.terms.frequency.value, method))
        values = {"chama": label(chama.name), "who": label(who)}
        msgid, dated = (RULES_CHANGED, {"when": f"{starts:%d/%m/%Y}"}) if starts else (RULES_CHANGED_NOW, {})
        # several rules at once (the CLI) may not fit one SMS: then one SMS per rule
        whole = translate(language, msgid, rules="; ".join(words), **values, **dated)
        for phrases in ([words] if len(whole) <= NOTICE_LIMIT else [[w] for w in words]):
            notify(conn, member_id, msgid, chama.id, rules="; ".join(phrases), **values, **dated)
    return told


def _publish_order(conn: Connection, chama: ChamaRow, stored: dict[str, object], effective: int,
                   starts: date | None) -> list[str]:
    """Everyone reads the order they will receive in; a draw names its seed so anyone can re-run it."""
    state = round_state(conn, chama.id, effective)
    mode = RotationMode(str(stored["rotation_mode"]))
    positions = {phone: i for i, phone in enumerate(stored.get("chair_order", ()), start=1)}  # type: ignore[arg-type]
    seats = _seats_with(conn, state.seats, positions) if positions else state.seats
    state = type(state)(state.round_no, state.start, state.received, seats)
    seed = int(stored.get("rotation_seed", chama.rotation_seed))  # type: ignore[call-overload]
    _round, order = upcoming(state, mode, seed, effective)
    names = dict(conn.execute(select(memberships.c.id, members.c.name)
                              .join(members, members.c.id == memberships.c.member_id)
                              .where(memberships.c.id.in_(order))).all())
    listed = [f"{n}.{short_name(names[m])}" for n, m in enumerate(order, start=1)]
    for member_id, _phone, language in audience(conn, chama.id):
        for body in order_notices(language, label(chama.name), listed, starts,
                                  seed if mode is RotationMode.RANDOM_DRAW else None):
            notify(conn, member_id, VERBATIM, chama.id, text=body)
    return [names[m] for m in order]


def _seats_with(conn: Connection, seats: list, positions: dict[str, int]) -> list:  # type: ignore[type-arg]
    phones = dict(conn.execute(select(memberships.c.id, members.c.phone)
                               .join(members, members.c.id == memberships.c.member_id)
                               .where(memberships.c.id.in_([s.membership_id for s in seats]))).all())
    return [replace(s, chair_position=positions.get(phones[s.membership_id])) for s in seats]


def short_name(name: str) -> str:
    """"Amina Atieno" -> "Amina A.": a long order still fits few messages, and namesakes stay apart."""
    words = name.split()
    return words[0][:15] + (f" {words[1][0]}." if len(words) > 1 else "")


def order_notices(language: str, chama: str, listed: list[str], starts: date | None, seed: int | None) -> list[str]:
    """The order in as many one-segment SMS as it takes, names whole."""
    seed_words = translate(language, PAYOUT_ORDER_SEED, seed=seed) if seed is not None else ""
    head = (translate(language, PAYOUT_ORDER, chama=chama, when=f"{starts:%d/%m/%Y}", seed=seed_words, names=SLOT)
            if starts else translate(language, PAYOUT_ORDER_NOW, chama=chama, seed=seed_words, names=SLOT))
    bodies, current, template = [], [], head
    for name in listed:
        if current and len(template.replace(SLOT, " ".join(current + [name]))) > NOTICE_LIMIT:
            bodies.append(template.replace(SLOT, " ".join(current)))
            current, template = [], translate(language, PAYOUT_ORDER_MORE, chama=chama, names=SLOT)
        current.append(name)
    bodies.append(template.replace(SLOT, " ".join(current)))
    return bodies
