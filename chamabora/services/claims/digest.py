"""The treasurers' daily digest of money only claimed (DESIGN.md section 6).

A forwarded confirmation the model let through is counted toward the
member's dues at once, but its money stays claimed, unable to leave the
chama, until someone confirms it. Every evening each treasurer and the
chair get the claims still waiting in their chama, each with the reply that
decides it: `APPROVE <code>` when the money is on the chama's M-Pesa
statement (it becomes cash that can be paid out), `REJECT <code>` when it
is not (it is taken back and the code is dead everywhere). Daraja's own
record of a receipt confirms it without anyone's reply. Each SMS fits one
160-character segment; a day's message about a claim is sent once.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import Connection, bindparam, select

from chamabora.i18n.gsm7 import gsm7_length
from chamabora.i18n.catalogs import translate
from chamabora.i18n.officers import DIGEST_LINE, DIGEST_MANY, DIGEST_ONE, DIGEST_REPLY
from chamabora.core.money import Money
from chamabora.core.schedule import NAIROBI
from chamabora.services.claims import claimed
from chamabora.services.records import chamas, members
from chamabora.services.claims.store import payment_claims
from chamabora.services.claims.notices import deciders
from chamabora.services.notices.notify import notify
from chamabora.db.fraud_tables import FraudReview

reviews = FraudReview.__table__
SEGMENT = 160
NAME, FIRST_NAME = 20, 12  # a chama's name, and a member's first name, as the digest shows them

_WAITING = (select(reviews.c.chama_id, reviews.c.code, reviews.c.amount_cents, reviews.c.entry_id,
                   reviews.c.created_at, members.c.name, payment_claims.c.fields)
            .join(members, members.c.id == reviews.c.member_id)
            .join(payment_claims, payment_claims.c.id == reviews.c.claim_id)
            .where(reviews.c.chama_id.in_(bindparam("ids", expanding=True)), reviews.c.decision == "unverified",
                   reviews.c.entry_id.is_not(None))
            .order_by(reviews.c.chama_id, reviews.c.created_at, reviews.c.claim_id))


def short(name: str, room: int = NAME) -> str:
    return name if len(name) <= room else name[:room - 1].rstrip() + "."


def first_name(name: str) -> str:
    return short(name.split()[0] if name.split() else name, FIRST_NAME)


def send_digest(conn: Connection, chama_ids: list[int], now: datetime) -> int:
    """Tell every treasurer and chair of these chamas their claims still unconfirmed; returns SMS queued."""
    rows = conn.execute(_WAITING, {"ids": chama_ids}).all()
    waiting = claimed.still_claimed(conn, [r.entry_id for r in rows])
    by_chama: dict[int, list] = {}  # type: ignore[type-arg]
    for row in rows:
        if row.entry_id in waiting:
            by_chama.setdefault(row.chama_id, []).append(row)
    sent = 0
    for chama_id, claims in by_chama.items():
        name = short(conn.execute(select(chamas.c.name).where(chamas.c.id == chama_id)).scalar_one())
        for member_id, phone, language in deciders(conn, chama_id):
            for n, body in enumerate(messages(language, name, claims)):
                notify(conn, member_id, body, chama_id,
                       dedupe_key=f"claims-digest:{chama_id}:{member_id}:{now:%Y-%m-%d}:{n}")
                sent += 1
    return sent


def messages(language: str, chama: str, claims: list) -> list[str]:  # type: ignore[type-arg]
    """The digest's SMS: one claim alone says its replies in full; several are listed, as many a segment
    as fit, each segment ending with how to reply."""
    values = [{"code": c.code, "amount": Money(c.amount_cents), "member": first_name(c.name),
               "day": f"{paid_on(c):%d/%m}"} for c in claims]
    if len(values) == 1:
        return [translate(language, DIGEST_ONE, chama=chama, **values[0])]
    head, tail = translate(language, DIGEST_MANY, chama=chama), translate(language, DIGEST_REPLY)
    found, lines = [], []
    for value in values:
        line = translate(language, DIGEST_LINE, **value)
        if lines and gsm7_length("\n".join([head, *lines, line, tail])) > SEGMENT:
            found.append("\n".join([head, *lines, tail]))
            lines = []
        lines.append(line)
    found.append("\n".join([head, *lines, tail]))
    return found


def paid_on(claim) -> datetime:  # type: ignore[no-untyped-def]
    """When the M-Pesa message says the money moved (what the treasurer looks for on the statement),
    else when the claim came."""
    occurred = json.loads(claim.fields or "{}").get("occurred_at")
    if occurred:
        return datetime.fromisoformat(occurred)
    # SQLite hands back naive UTC timestamps
    moment = claim.created_at
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(NAIROBI)
