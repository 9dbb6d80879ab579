"""What waits for an officer's decision in one chama: `/chamas/<CODE>/waiting`.

The page lists what `PENDING` / `YANAYOSUBIRI` lists (the same pending
sources and votes), as cards. Its buttons decide nothing here: each sends
the command the SMS reply would (`APPROVE <code>`, `REJECT PAYOUT 3`,
`YES W7` ...) through `commands.send`, so who may approve, the second
signature and nobody approving their own money stay the engine's rules.
The page only makes sure a reference belongs to this chama, so an officer
of two chamas never decides the other's item from this one's page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import Blueprint, g, render_template, request

from chamabora.i18n.catalogs import _
from chamabora.services.chama.pending import list_pending
from chamabora.services.people.speakers import ChamaChoice
from chamabora.core.chama import MONEY_ROLES
from chamabora.fraud.explain import UNKNOWN, phrases
from chamabora.services.claims.reviews import held_claims
from chamabora.services.chama.waiting import chama_of, open_votes
from chamabora.channels.web import commands, errors, pin
from chamabora.channels.web.access import member_required, services
from chamabora.channels.web.officer_desk import officer_choice
from chamabora.channels.web.i18n import gettext
from chamabora.channels.web.security import WEB_BLUEPRINTS

bp = Blueprint("web_decisions", __name__)
WEB_BLUEPRINTS.add(bp.name)
errors.install(bp)

NAIROBI = ZoneInfo("Africa/Nairobi")
MONEY_ROLE_NAMES = {role.value for role in MONEY_ROLES}
# the SMS reply that decides each kind of item (conversation/handlers/*_decisions.py), approve then reject
SAYS = {"claims": ("APPROVE {ref}", "REJECT {ref}"),
        "payouts": ("APPROVE PAYOUT {ref}", "REJECT PAYOUT {ref}"),
        "loans": ("APPROVE LOAN {ref}", "REJECT LOAN {ref}"),
        "withdrawals": ("APPROVE W{ref}", "REJECT W{ref}"),
        "shareouts": ("APPROVE S{ref}", "REJECT S{ref}"),
        "vote-W": ("YES W{ref}", "NO W{ref}"),
        "vote-P": ("YES P{ref}", "NO P{ref}")}
OWNED_BY = {"vote-W": "withdrawals", "vote-P": "payouts"}   # what a vote's number names
REF = {"claims": re.compile(r"^[A-Z0-9]{6,12}$")}
NUMBER = re.compile(r"^[0-9]{1,9}$")
ANSWERS = ("approve", "reject")
REASON_LONGEST = 100

KIND_NAMES = {"claims": _("Held M-Pesa payment"), "payouts": _("Payout"), "loans": _("Loan request"),
              "withdrawals": _("Withdrawal"), "shareouts": _("Share-out"), "vote-W": _("Vote"),
              "vote-P": _("Vote")}
CLAIM_TITLE = _("%(amount)s from %(name)s")
CLAIM_EXPIRES = _("If nobody decides by %(when)s, it expires and does not count.")
WITHDRAWAL_VOTE = _("%(name)s asks to withdraw %(amount)s of their savings")
PAYOUT_VOTE = _("A pot of %(amount)s for %(name)s")
NOT_HERE = _("%(ref)s is not waiting in %(chama)s. Nothing was changed.")
BAD_FORM = _("That button's form was not complete. Reload the page and try again.")


@dataclass
class Card:
    kind: str
    ref: str
    title: str
    lines: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)   # what looks wrong, for a held claim

    @property
    def vote(self) -> bool:
        return self.kind.startswith("vote-")

    @property
    def label(self) -> str:
        return f"{self.kind[-1]}{self.ref}" if self.vote else self.ref

    @property
    def heading(self) -> str:
        return gettext(KIND_NAMES.get(self.kind, UNKNOWN))

    @property
    def decidable(self) -> bool:
        return self.kind in SAYS


@bp.get("/chamas/<code>/waiting")
@member_required
def waiting(code: str):  # type: ignore[no-untyped-def]
    return _page(officer_choice(code))


@bp.post("/chamas/<code>/waiting")
@member_required
def decide(code: str):  # type: ignore[no-untyped-def]
    choice = officer_choice(code)
    kind, ref, answer = (request.form.get(name, "").strip() for name in ("kind", "ref", "answer"))
    ref = ref.upper()
    if kind not in SAYS or answer not in ANSWERS or not REF.get(kind, NUMBER).match(ref):
        return _page(choice, refusal=gettext(BAD_FORM), status=400)
    card = Card(kind, ref, "")
    if services().only_reads(lambda conn: chama_of(conn, OWNED_BY.get(kind, kind), ref)) != choice.id:
        return _page(choice, refusal=gettext(NOT_HERE, ref=card.label, chama=choice.name), status=404)
    refused = pin.refusal(g.member.id, request.form.get("pin"))
    if refused:
        return _page(choice, refusal=refused, status=403)
    text = SAYS[kind][ANSWERS.index(answer)].format(ref=ref)
    reason = " ".join(request.form.get("reason", "").split())[:REASON_LONGEST]
    if kind == "claims" and answer == "reject" and reason:
        text = f"{text} {reason}"
    reply = commands.send(g.member.phone, text, request.form.get("key"))
    if reply.refused:
        return _page(choice, refusal=reply.text, status=422)
    return _page(choice, reply=reply.text)


def _page(choice: ChamaChoice, reply: str | None = None, refusal: str | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    cards = services().only_reads(lambda conn: _cards(conn, choice, g.member.id, g.lang))
    page = render_template("web/waiting.html", chama=choice, tab="waiting", cards=cards, reply=reply,
                           refusal=refusal, money_role=choice.role in MONEY_ROLE_NAMES,
                           needs_pin=pin.needs_pin(g.member.id), key=commands.form_key)
    return page, status


def _cards(conn, choice: ChamaChoice, member_id: int, language: str) -> list[Card]:  # type: ignore[no-untyped-def]
    cards = []
    if choice.role in MONEY_ROLE_NAMES:   # as PENDING: the money decisions are the chair's and treasurers'
        claims = held_claims(conn, choice.id)
        for item in list_pending(conn, choice.id, language):
            held = claims.get(item.ref) if item.source == "claims" else None
            if held is None:
                cards.append(Card(item.source, item.ref, item.summary))
                continue
            cards.append(Card("claims", item.ref, gettext(CLAIM_TITLE, amount=held.amount or "?",
                                                          name=held.member),
                              [gettext(CLAIM_EXPIRES, when=_moment(held.expires_at))] if held.expires_at else [],
                              phrases(held.reasons, language) or [gettext(UNKNOWN)]))
    for vote in open_votes(conn, choice.id, member_id):
        words = WITHDRAWAL_VOTE if vote.kind == "W" else PAYOUT_VOTE
        cards.append(Card(f"vote-{vote.kind}", str(vote.number), gettext(words, name=vote.member,
                                                                         amount=vote.amount)))
    return cards


def _moment(at: datetime) -> str:
    moment = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
    return f"{moment.astimezone(NAIROBI):%d/%m/%Y %H:%M}"
