"""Everything the fraud flow says to members and treasurers, in English with
Swahili in locale/sw/LC_MESSAGES/fraud.po, and the SMS that asks every
treasurer and the chair to decide a held claim."""
from __future__ import annotations

from sqlalchemy import Connection, select

from chamabora.i18n.gsm7 import gsm7_length
from chamabora.i18n.catalogs import _, translate
from chamabora.core.chama import MONEY_ROLES
from chamabora.core.money import Money
from chamabora.outbox.store import Channel, Purpose, enqueue
from chamabora.services.labels import label
from chamabora.services.records import members, memberships
from chamabora.fraud.explain import UNKNOWN, phrases

SEGMENT = 160

VERIFIED = _("Thank you. M-Pesa payment %(code)s of %(amount)s is confirmed and counted.")
UNVERIFIED = _("Thank you. M-Pesa payment %(code)s of %(amount)s is counted. It is marked unverified until your "
               "treasurer sees it on the M-Pesa statement.")
HELD = _("Thank you. We received M-Pesa payment %(code)s of %(amount)s. It is held as pending until it is "
         "checked; we will tell you when it counts.")
DUPLICATE = _("M-Pesa code %(code)s was already used in another payment claim, so it cannot count again. If this "
              "is a mistake, talk to your treasurer.")
ASK_DECISION = _("%(chama)s: %(member)s's M-Pesa %(code)s, %(amount)s: %(reasons)s. APPROVE %(code)s or "
                 "REJECT %(code)s?")
APPROVED_MEMBER = _("Your M-Pesa payment %(code)s of %(amount)s was approved by your treasurer and is now counted.")
CONFIRMED_MEMBER = _("Your M-Pesa payment %(code)s of %(amount)s was confirmed by your treasurer. It no longer "
                     "shows as unverified.")
REJECTED_MEMBER = _("Your M-Pesa payment %(code)s was not accepted by your treasurer, so it does not count.")
REJECTED_WHY = _("Your M-Pesa payment %(code)s was not accepted by your treasurer, so it does not count. "
                 "Reason: %(reason)s")
EXPIRED_MEMBER = _("Your M-Pesa payment %(code)s was not checked within %(days)s days and does not count. Talk "
                   "to your treasurer.")
APPROVED_DECIDER = _("Approved: %(amount)s from %(member)s (%(code)s) is now counted.")
REJECTED_DECIDER = _("Rejected: %(code)s from %(member)s. Nothing was added and the member has been told.")
ALREADY_DECIDED = _("Payment %(code)s was already decided: %(outcome)s.")
NO_CLAIM = _("There is nothing waiting for approval with code %(code)s.")
NO_AMOUNT = _("Payment %(code)s shows no amount we can read, so it cannot be approved. Record it by hand if the "
              "money arrived.")
PENDING_SUMMARY = _("%(code)s %(member)s %(amount)s, to check")
OUTCOMES = {"approved": _("approved"), "rejected": _("rejected"), "expired": _("expired"),
            "verified": _("counted"), "unverified": _("counted")}


def language_of(conn: Connection, member_id: int) -> tuple[str, str]:
    row = conn.execute(select(members.c.phone, members.c.language).where(members.c.id == member_id)).one()
    return row.phone, row.language or "en"


def tell_member(conn: Connection, chama_id: int, member_id: int, msgid: str, key: str, **values: object) -> None:
    phone, language = language_of(conn, member_id)
    enqueue(conn, Channel.SMS, phone, translate(language, msgid, **values), purpose=Purpose.NOTICE,
            member_id=member_id, chama_id=chama_id, dedupe_key=key)


def deciders(conn: Connection, chama_id: int) -> list[tuple[int, str, str]]:
    """(member id, phone, language) of every treasurer and the chair."""
    rows = conn.execute(select(members.c.id, members.c.phone, members.c.language)
                        .join(memberships, memberships.c.member_id == members.c.id)
                        .where(memberships.c.chama_id == chama_id, memberships.c.status == "active",
                               memberships.c.role.in_([r.value for r in MONEY_ROLES]))
                        .order_by(memberships.c.join_seq))
    return [(r.id, r.phone, r.language or "en") for r in rows]


def ask_text(language: str, chama: str, code: str, member: str, amount: Money | None, said: list[str]) -> str:
    """The treasurer's question in plain words: what looks wrong, no score; the reasons that fit one SMS."""
    said = said or [translate(language, UNKNOWN)]
    values = dict(code=code, chama=label(chama), amount=amount if amount is not None else "?")
    first = member.split()[0] if member.split() else member
    for name in (label(member), label(first)):  # the full name when it fits, else the first name
        for count in range(len(said), 0, -1):
            body = translate(language, ASK_DECISION, member=name, reasons="; ".join(said[:count]), **values)
            if gsm7_length(body) <= SEGMENT:
                return body
    return body


def ask_deciders(conn: Connection, chama_id: int, chama: str, code: str, member: str, amount: Money | None,
                 score: float, reasons: list[str]) -> int:
    """One SMS per treasurer and chair; returns how many were asked."""
    asked = 0
    for member_id, phone, language in deciders(conn, chama_id):
        body = ask_text(language, chama, code, member, amount, phrases(reasons, language))
        enqueue(conn, Channel.SMS, phone, body, purpose=Purpose.NOTICE, member_id=member_id, chama_id=chama_id,
                dedupe_key=f"fraud:{code}:ask:{member_id}")
        asked += 1
    return asked
