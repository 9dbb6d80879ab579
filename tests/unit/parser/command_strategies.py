"""Hypothesis strategies: random valid commands, written out as a member would in English or Swahili.

`written_commands()` draws a command and one way of writing it: keyword
spelling and case, word order, amount, phone and date forms, extra spaces and
a stray `#` or `!`. Names and codes are drawn freely but never as a word the
grammar reserves (a keyword or a value shape), since a member's chama called
"BAL" is a different message.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from chamabora.core import commands as c
from chamabora.core.chama import Frequency, Language, Role
from chamabora.core.money import Money
from chamabora.core.subscriptions import Plan
from chamabora.parser.command_hints import KEYWORDS
from chamabora.parser.command_parser import parser
from chamabora.parser.command_transformer import last_day

Draw = Callable[[st.SearchStrategy], object]
MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
MONTHS_SW = "Januari Februari Machi Aprili Mei Juni Julai Agosti Septemba Oktoba Novemba Desemba".split()
FREQUENCY = {
    Frequency.DAILY: (("DAILY", "every day"), ("KILA SIKU",)),
    Frequency.WEEKLY: (("WEEKLY",), ("KILA WIKI",)),
    Frequency.BIWEEKLY: (("BIWEEKLY", "fortnightly"), ("KILA WIKI MBILI", "wiki mbili")),
    Frequency.MONTHLY: (("MONTHLY", "per month"), ("KILA MWEZI",)),
}
ROLE = {
    Role.CHAIR: ("CHAIR", "MWENYEKITI"), Role.TREASURER: ("TREASURER", "MHAZINI"),
    Role.SECRETARY: ("SECRETARY", "KATIBU"), Role.MEMBER: ("MEMBER", "MWANACHAMA"),
}


def _reserved_patterns() -> list[re.Pattern[str]]:
    return [
        re.compile(t.pattern.to_regexp(), re.IGNORECASE)
        for t in parser().terminals if t.priority >= 2 and t.name != "SEPARATOR"
    ]


RESERVED = _reserved_patterns()


# Currency words glue onto a neighbouring number ("Mama Sh 500" is KES 500 after "Mama").
CURRENCY_WORDS = frozenset({"kshs", "ksh", "kes", "shs", "sh", "bob"})


def is_reserved(word: str) -> bool:
    return word.casefold() in CURRENCY_WORDS or any(p.fullmatch(word) for p in RESERVED)


words = st.from_regex(r"\A[A-Za-z][a-z]{1,9}\Z").filter(lambda w: not is_reserved(w))
names = st.lists(words, min_size=1, max_size=3).map(" ".join)
chama_codes = st.from_regex(r"\A[A-Z][A-Z0-9]{2,11}\Z").filter(lambda w: not is_reserved(w))
claim_codes = st.from_regex(r"\A[A-Z0-9]{10}\Z").filter(lambda w: any(ch.isalpha() for ch in w))
amounts = st.integers(min_value=1, max_value=10**9).map(Money)
phones = st.from_regex(r"\A[17][0-9]{8}\Z").map(lambda digits: "+254" + digits)
item_refs = st.builds(lambda kind, n: f"{kind}{n}", st.sampled_from(["L", "W", "P", ""]), st.integers(1, 10**6))
dates = st.dates(min_value=date(2026, 1, 1), max_value=date(2035, 12, 31))


def keyword(draw: Draw, *spellings: str) -> str:
    word = draw(st.sampled_from(spellings))
    return draw(st.sampled_from([word.upper(), word.lower(), word.title()]))


def write_amount(draw: Draw, money: Money) -> str:
    whole, cents = divmod(money.cents, 100)
    forms = [f"{whole}.{cents:02d}", f"{whole:,}.{cents:02d}"]
    if not cents:
        forms += [str(whole), f"{whole:,}", f"{whole}/-"]
        if whole >= 1000:
            forms.append(format((Decimal(whole) / 1000).normalize(), "f") + draw(st.sampled_from("kK")))
    prefix = draw(st.sampled_from(["", "", "ksh ", "KES", "sh", "Ksh.", "KShs "]))
    return prefix + draw(st.sampled_from(forms))


def write_phone(draw: Draw, e164: str) -> str:
    local = e164[4:]
    return draw(st.sampled_from([
        "0" + local, e164, e164[1:], local, f"0{local[:3]} {local[3:6]} {local[6:]}",
        f"0{local[:3]}-{local[3:6]}-{local[6:]}", f"+254 {local[:3]} {local[3:6]} {local[6:]}",
    ]))


def write_date(draw: Draw, day: date, language: Language) -> str:
    forms = [f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.day}-{day.month}-{day.year}",
             f"{day.day}.{day.month}.{day.year % 100:02d}"]
    if day == last_day(day.year, day.month):
        months = MONTHS_SW if language is Language.SW else MONTHS_EN
        forms.append(f"{months[day.month - 1]} {day.year}")
    return draw(st.sampled_from(forms))


def write_chama(draw: Draw, code: str | None, language: Language) -> str:
    if code is None:
        return ""
    filler = draw(st.sampled_from(["", "KWA " if language is Language.SW else "TO "]))
    return " " + filler + draw(st.sampled_from([code, code.lower(), code.title()]))


def _en_sw(language: Language, english: tuple[str, ...], swahili: tuple[str, ...]) -> tuple[str, ...]:
    return swahili if language is Language.SW else english


def _query(english: tuple[str, ...], swahili: tuple[str, ...]) -> Callable[..., str]:
    def write(draw: Draw, cmd: c.Command, language: Language) -> str:
        return keyword(draw, *_en_sw(language, english, swahili)) + write_chama(draw, cmd.chama, language)
    return write


def _register(draw: Draw, cmd: c.Register, language: Language) -> str:
    return f"{keyword(draw, *_en_sw(language, ('REGISTER', 'reg'), ('SAJILI', 'jisajili')))} {cmd.name}"


def _create_chama(draw: Draw, cmd: c.CreateChama, language: Language) -> str:
    opener = keyword(draw, *_en_sw(language, ("CREATE CHAMA", "start chama"), ("UNDA CHAMA", "anzisha chama")))
    english, swahili = FREQUENCY[cmd.frequency]
    frequency = keyword(draw, *(swahili if language is Language.SW else english))
    return f"{opener} {cmd.name} {write_amount(draw, cmd.contribution)} {frequency}"


def _join_chama(draw: Draw, cmd: c.JoinChama, language: Language) -> str:
    return f"{keyword(draw, *_en_sw(language, ('JOIN',), ('JIUNGE',)))} {cmd.code}"


def _invite(draw: Draw, cmd: c.Invite, language: Language) -> str:
    opener = keyword(draw, *_en_sw(language, ("INVITE", "add"), ("ALIKA",)))
    return f"{opener} {write_phone(draw, cmd.phone)}{write_chama(draw, cmd.chama, language)}"


def _pay(draw: Draw, cmd: c.Pay, language: Language) -> str:
    opener = keyword(draw, *_en_sw(language, ("PAY", "contribute"), ("LIPA", "changa")))
    amount = write_amount(draw, cmd.amount)
    if cmd.chama is not None and draw(st.booleans()):
        return f"{opener} {cmd.chama} {amount}"
    return f"{opener} {amount}{write_chama(draw, cmd.chama, language)}"


def _request_loan(draw: Draw, cmd: c.RequestLoan, language: Language) -> str:
    amount = write_amount(draw, cmd.amount)
    if language is Language.SW:
        text = f"{keyword(draw, 'MKOPO', 'omba mkopo')} {amount} MIEZI {cmd.months}"
        backers = keyword(draw, "WADHAMINI", "dhamana", "mdhamini")
    else:
        text = f"{keyword(draw, 'LOAN', 'borrow')} {amount} {draw(st.sampled_from(['', 'for ']))}{cmd.months} MONTHS"
        backers = keyword(draw, "GUARANTORS", "guarantor", "guaranteed by")
    if not cmd.guarantors:
        return text
    return f"{text} {backers} " + draw(st.sampled_from([" ", ", "])).join(write_phone(draw, p) for p in cmd.guarantors)


def _repay_loan(draw: Draw, cmd: c.RepayLoan, language: Language) -> str:
    opener = keyword(draw, *_en_sw(language, ("REPAY", "pay loan"), ("LIPA MKOPO", "rejesha")))
    return f"{opener} {write_amount(draw, cmd.amount)}"


def _set_goal(draw: Draw, cmd: c.SetGoal, language: Language) -> str:
    opener, by = ("LENGO", "KUFIKIA") if language is Language.SW else ("GOAL", "BY")
    when = write_date(draw, cmd.by, language)
    amount = write_amount(draw, cmd.target)
    if draw(st.booleans()):
        return f"{keyword(draw, opener)} {amount} {cmd.name} {keyword(draw, by)} {when}"
    return f"{keyword(draw, opener)} {cmd.name} {amount} {keyword(draw, by)} {when}"


def _save(draw: Draw, cmd: c.Save, language: Language) -> str:
    opener = keyword(draw, *_en_sw(language, ("SAVE",), ("WEKA",)))
    goal = f" {cmd.goal}" if cmd.goal else ""
    return f"{opener} {write_amount(draw, cmd.amount)}{goal}"


def _claim(english: str, swahili: str) -> Callable[..., str]:
    def write(draw: Draw, cmd: c.ApproveClaim | c.RejectClaim, language: Language) -> str:
        reason = f" {cmd.reason}" if getattr(cmd, "reason", None) else ""
        return f"{keyword(draw, *_en_sw(language, (english,), (swahili,)))} {cmd.code}{reason}"
    return write


def _upgrade(draw: Draw, cmd: c.Upgrade, language: Language) -> str:
    text = keyword(draw, *_en_sw(language, ("UPGRADE", "renew"), ("BORESHA",)))
    if cmd.plan is not None:
        text += " " + draw(st.sampled_from(["", "TO "])) + keyword(draw, cmd.plan.value)
    if cmd.months != 1 or draw(st.booleans()):
        text += f" {cmd.months} " + keyword(draw, *_en_sw(language, ("MONTHS",), ("MIEZI",)))
    return text


def _guarantee(english: tuple[str, ...], swahili: tuple[str, ...]) -> Callable[..., str]:
    def write(draw: Draw, cmd: c.AcceptGuarantee | c.DeclineGuarantee, language: Language) -> str:
        ref = draw(st.sampled_from([f"L{cmd.loan_id}", f"l{cmd.loan_id}", str(cmd.loan_id), f"loan {cmd.loan_id}"]))
        return f"{keyword(draw, *_en_sw(language, english, swahili))} {ref}"
    return write


def _answer(english: tuple[str, ...], swahili: tuple[str, ...]) -> Callable[..., str]:
    def write(draw: Draw, cmd: c.SayYes | c.SayNo, language: Language) -> str:
        opener = keyword(draw, *_en_sw(language, english, swahili))
        return opener + (f" {draw(st.sampled_from([cmd.ref, cmd.ref.lower()]))}" if cmd.ref else "")
    return write


def _credit_payment(draw: Draw, cmd: c.CreditPayment, language: Language) -> str:
    opener = keyword(draw, *_en_sw(language, ("CREDIT",), ("KABIDHI",)))
    filler = draw(st.sampled_from(["", "KWA " if language is Language.SW else "TO "]))
    code = draw(st.sampled_from([cmd.code, cmd.code.lower()]))
    return f"{opener} {code} {filler}{write_phone(draw, cmd.phone)}"


def _payout(english: tuple[str, ...], swahili: tuple[str, ...]) -> Callable[..., str]:
    def write(draw: Draw, cmd: c.ApprovePayout | c.RejectPayout, language: Language) -> str:
        ref = draw(st.sampled_from([str(cmd.payout_id), f"#{cmd.payout_id}"]))
        return f"{keyword(draw, *_en_sw(language, english, swahili))} {ref}"
    return write


def _assign_role(draw: Draw, cmd: c.AssignRole, language: Language) -> str:
    opener = keyword(draw, *_en_sw(language, ("ROLE",), ("CHEO",)))
    role = keyword(draw, ROLE[cmd.role][language is Language.SW])
    return f"{opener} {write_phone(draw, cmd.phone)} {role}"


def _set_language(draw: Draw, cmd: c.SetLanguage, language: Language) -> str:
    value = {Language.EN: ("EN", "english", "kiingereza"), Language.SW: ("SW", "swahili", "kiswahili")}
    opener = keyword(draw, *_en_sw(language, ("LANG", "language"), ("LUGHA",)))
    return f"{opener} {keyword(draw, *value[cmd.language])}"


def _help(draw: Draw, cmd: c.Help, language: Language) -> str:
    opener = keyword(draw, *_en_sw(language, ("HELP",), ("MSAADA",)))
    return opener + (f" {keyword(draw, *KEYWORDS[cmd.topic])}" if cmd.topic else "")


WRITERS: dict[str, Callable[..., str]] = {
    "register": _register, "create_chama": _create_chama, "join_chama": _join_chama,
    "invite": _invite, "pay": _pay, "request_loan": _request_loan, "repay_loan": _repay_loan,
    "set_goal": _set_goal, "save": _save, "assign_role": _assign_role,
    "set_language": _set_language, "help": _help,
    "check_balance": _query(("BAL", "balance", "balans", "check balance"), ("SALIO", "salio yangu")),
    "request_statement": _query(("STATEMENT",), ("TAARIFA",)),
    "next_turn": _query(("NEXT", "whose turn"), ("ZAMU", "zamu ya nani")),
    "list_fines": _query(("FINES",), ("FAINI",)),
    "approve_claim": _claim("APPROVE", "KUBALI"), "reject_claim": _claim("REJECT", "KATAA"),
    "opt_out": lambda draw, cmd, language: keyword(draw, *_en_sw(language, ("STOP",), ("ACHA",))),
    "opt_in": lambda draw, cmd, language: keyword(draw, *_en_sw(language, ("START",), ("ANZA",))),
    "check_loan": lambda draw, cmd, language: keyword(draw, *_en_sw(language, ("LOAN", "loan status"),
                                                                    ("MKOPO", "mkopo wangu"))),
    "upgrade": _upgrade,
    "accept_guarantee": _guarantee(("ACCEPT GUARANTEE", "guarantee"), ("KUBALI DHAMANA", "dhamini")),
    "decline_guarantee": _guarantee(("DECLINE GUARANTEE",), ("KATAA DHAMANA", "sidhamini")),
    "say_yes": _answer(("YES", "ok"), ("NDIO", "ndiyo")),
    "say_no": _answer(("NO",), ("HAPANA",)),
    "credit_payment": _credit_payment,
    "approve_payout": _payout(("APPROVE PAYOUT", "confirm payout"), ("KUBALI MGAO", "idhinisha malipo")),
    "reject_payout": _payout(("REJECT PAYOUT", "decline payout"), ("KATAA MGAO",)),
    "approve_loan": _guarantee(("APPROVE LOAN", "confirm loan"), ("KUBALI MKOPO", "idhinisha mkopo")),
    "reject_loan": _guarantee(("REJECT LOAN", "decline loan"), ("KATAA MKOPO",)),
}

maybe_chama = st.none() | chama_codes
COMMANDS: dict[str, st.SearchStrategy] = {
    "register": st.builds(c.Register, names),
    "create_chama": st.builds(c.CreateChama, names, amounts, st.sampled_from(Frequency)),
    "join_chama": st.builds(c.JoinChama, chama_codes),
    "invite": st.builds(c.Invite, phones, maybe_chama),
    "pay": st.builds(c.Pay, amounts, maybe_chama),
    "check_balance": st.builds(c.CheckBalance, maybe_chama),
    "request_statement": st.builds(c.RequestStatement, maybe_chama),
    "next_turn": st.builds(c.NextTurn, maybe_chama),
    "list_fines": st.builds(c.ListFines, maybe_chama),
    "request_loan": st.builds(c.RequestLoan, amounts, st.integers(1, 60),
                              st.lists(phones, unique=True, max_size=5).map(tuple)),
    "repay_loan": st.builds(c.RepayLoan, amounts),
    "set_goal": st.builds(c.SetGoal, names, amounts, dates),
    "save": st.builds(c.Save, amounts, st.none() | names),
    "approve_claim": st.builds(c.ApproveClaim, claim_codes),
    "reject_claim": st.builds(c.RejectClaim, claim_codes, st.none() | names),
    "assign_role": st.builds(c.AssignRole, phones, st.sampled_from(Role)),
    "set_language": st.builds(c.SetLanguage, st.sampled_from(Language)),
    # a topic is written by one of its keywords; approve_item has none of its own
    "help": st.builds(c.Help, st.none() | st.sampled_from(sorted(k for k, words in KEYWORDS.items() if words))),
    "opt_out": st.just(c.OptOut()),
    "opt_in": st.just(c.OptIn()),
    "check_loan": st.just(c.CheckLoan()),
    "upgrade": st.builds(c.Upgrade, st.none() | st.sampled_from([Plan.STANDARD, Plan.PREMIUM]), st.integers(1, 12)),
    "accept_guarantee": st.builds(c.AcceptGuarantee, st.integers(1, 10**6)),
    "decline_guarantee": st.builds(c.DeclineGuarantee, st.integers(1, 10**6)),
    "say_yes": st.builds(c.SayYes, st.none() | item_refs),
    "say_no": st.builds(c.SayNo, st.none() | item_refs),
    "credit_payment": st.builds(c.CreditPayment, claim_codes, phones),
    "approve_payout": st.builds(c.ApprovePayout, st.integers(1, 10**6)),
    "reject_payout": st.builds(c.RejectPayout, st.integers(1, 10**6)),
    "approve_loan": st.builds(c.ApproveLoan, st.integers(1, 10**6)),
    "reject_loan": st.builds(c.RejectLoan, st.integers(1, 10**6)),
}


@st.composite
def written_commands(draw: Draw) -> tuple[c.Command, str, Language]:
    """A random valid command, and one way a member might write it."""
    command = draw(st.sampled_from(sorted(COMMANDS)).flatmap(COMMANDS.__getitem__))
    language = draw(st.sampled_from(Language))
    text = WRITERS[command.intent](draw, command, language)
    spaced = re.sub(" ", lambda _m: " " * draw(st.integers(1, 3)), text)
    return command, draw(st.sampled_from(["", "#", "*", " "])) + spaced + draw(st.sampled_from(["", ".", "!", "  "])), language
