"""The M-Pesa side's SMS filled in for their reader: in the member's language,
names cut to fit one SMS, the command that asks for a prompt again, and which
officers hear of money held or refused (`treasurers`). The texts
themselves are `i18n/mpesa.py`."""
from __future__ import annotations

from sqlalchemy import Connection, select

from chamabora.core.chama import MONEY_ROLES, Role
from chamabora.core.money import Money
from chamabora.i18n import mpesa as texts
from chamabora.i18n.catalogs import translate
from chamabora.i18n.gsm7 import gsm7_length
from chamabora.services.labels import label
from chamabora.services.notices.money import ROLE_WORDS, language_of
from chamabora.services.records import members, memberships

NAMES = ("chama", "member", "payer")  # cut to 20 characters, so a notice fits one SMS; callers cut recipients


def for_payer(conn: Connection, member_id: int, msgid: str, purpose: str | None, details: dict[str, object],
              amount: Money, **values: object) -> str:
    """A message about a prompt, in the member's language, naming the command that asks for it again."""
    return payer_text(language_of(conn, member_id), msgid, purpose, details, amount, **values)


def payer_text(language: str, msgid: str, purpose: str | None, details: dict[str, object], amount: Money,
               **values: object) -> str:
    values = {**values, "chama": label(str(values.get("chama", "")))}
    if values.get("receipt") is None and "receipt" in values:
        # resolved by asking M-Pesa, whose answer carries no code: say so rather than show our own id
        values["receipt"] = translate(language, texts.CONFIRMED_NO_CODE)
    text = translate(language, msgid, amount=amount, again=texts.again(language, purpose, details, amount), **values)
    if gsm7_length(text) > texts.SMS and details.get("goal"):
        # a long goal name would split the SMS: the plain command still saves the money, untagged
        text = translate(language, msgid, amount=amount, again=texts.again(language, purpose, {}, amount), **values)
    return text


def approvers_text(language: str, signers: list[tuple[str, str]]) -> str:
    """'Jane W. (mwenyekiti), Otieno O. (mweka hazina)': who signed, their roles in the reader's words."""
    return ", ".join(f"{label(name)} ({translate(language, ROLE_WORDS.get(role, role))})" for name, role in signers)


def for_member(conn: Connection, member_id: int, msgid: str, **values: object) -> str:
    shown = {k: label(v) if k in NAMES and isinstance(v, str) else v for k, v in values.items()}
    return translate(language_of(conn, member_id), msgid, **shown)


def treasurers(conn: Connection, chama_id: int) -> list[tuple[int, str]]:
    """(member id, phone) of the chama's treasurers, or its chair when it has none."""
    rows = conn.execute(select(members.c.id, members.c.phone, memberships.c.role)
                        .join(memberships, memberships.c.member_id == members.c.id)
                        .where(memberships.c.chama_id == chama_id, memberships.c.status == "active",
                               memberships.c.role.in_([r.value for r in MONEY_ROLES]))
                        .order_by(memberships.c.join_seq)).all()
    chosen = [r for r in rows if r.role == Role.TREASURER.value] or rows
    return [(r.id, r.phone) for r in chosen]
