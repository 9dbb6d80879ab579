"""Genuine confirmations: a transaction's values rendered with the template
Safaricom used for its kind, era and language.

The templates are copied from the cited corpus in tests/fixtures/
mpesa_messages.json (spacing and punctuation included: "Confirmed.You
have", "at 10:42 AM.New", two spaces inside a person's name). Each has a
variant letter; `HOLDOUT` lists the variants and promotion tails the model
never trains on, so the evaluation measures templates it has not seen.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import datetime

from chamabora.core.money import Money
from chamabora.core.mpesa_message import MpesaKind as K

_DAYS = "123456789ABCDEFGHIJKLMNOPQRSTUV"
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

MODERN_EN = {
    (K.SENT, "a"): "{code} Confirmed. {amt} sent to {name} {phone} on {d} at {t}. New M-PESA balance is {bal}. "
                   "Transaction cost, {cost}. Amount you can transact within the day is {rem}. {tail}",
    (K.SENT, "b"): "{code} Confirmed. {amt} sent to {name} {phone} on {d} at {t}. New M-PESA balance is {bal}. "
                   "Transaction cost, {cost}.  Amount you can transact within the day is {rem}. {tail}",
    (K.POCHI, "a"): "{code} Confirmed. {amt} sent to {name} on {d} at {t}. New M-PESA balance is {bal}. "
                    "Transaction cost, {cost}. Amount you can transact within the day is {rem}. {tail}",
    (K.PAYBILL, "a"): "{code} Confirmed. {amt} sent to {name} for account {acct} on {d} at {t} New M-PESA balance "
                      "is {bal}. Transaction cost, {cost}.Amount you can transact within the day is {rem}. {tail}",
    (K.BUY_GOODS, "a"): "{code} Confirmed. {amt} paid to {name}. on {d} at {t}.New M-PESA balance is {bal}. "
                        "Transaction cost, {cost}. Amount you can transact within the day is {rem}. {tail}",
    (K.RECEIVED, "a"): "{code} Confirmed.You have received {amt} from {name} {phone} on {d} at {t}  New M-PESA "
                       "balance is {bal}. {tail}",
    (K.RECEIVED, "b"): "{code} Confirmed. You have received {amt} from {name} {phone} on {d} at {t}. New M-PESA "
                       "balance is {bal}. {tail}",
    (K.WITHDRAWAL, "a"): "{code} Confirmed.on {d} at {t}Withdraw {amt} from {agent} - {name} New M-PESA balance is "
                         "{bal}. Transaction cost, {cost}. Amount you can transact within the day is {rem}. {tail}",
    (K.B2C_RECEIVED, "a"): "{code} Confirmed. You have received {amt} from {name} on {d} at {t}. New M-PESA balance is "
                           "{bal}. {tail}",
    (K.DEPOSIT, "a"): "{code} Confirmed. On {d} at {t} Give {amt} cash to {name} New M-PESA balance is {bal}. {tail}",
    (K.FULIZA_LOAN, "a"): "{code} Confirmed. Fuliza M-PESA amount is {amt_sp}. Access Fee charged {fee_sp}. Total "
                          "Fuliza M-PESA outstanding amount is {out} due on {due}. To check daily charges, Dial "
                          "*334#OK Select Query Charges",
    (K.FULIZA_REPAYMENT, "a"): "{code} Confirmed. {amt_sp} from your M-PESA has been used to fully pay your outstanding "
                               "Fuliza M-PESA. Available Fuliza M-PESA limit is Ksh 1500.00. Your M-PESA balance is "
                               "{bal_bare}.",
    (K.AIRTIME, "a"): "{code} confirmed.You bought {amt} of airtime on {d} at {t}.New M-PESA balance is {bal}. "
                      "Transaction cost, {cost}. Amount you can transact within the day is {rem}.{tail}",
}
MODERN_SW = {
    (K.SENT, "a"): "{code} Imethibitishwa {amt} imetumwa kwa {name} {phone} tarehe {d} saa {t}. Baki yako ya M-PESA "
                   "ni {bal}. Gharama ya kutuma ni {cost}.Kiwango cha Pesa unachoweza kutuma kwa siku ni {rem}. {tail}",
    (K.POCHI, "a"): "{code} Imethibitishwa {amt} imetumwa kwa {name} tarehe {d} saa {t}. Baki yako ya M-PESA ni "
                    "{bal}. Gharama ya kutuma ni {cost}. Kiwango cha Pesa unachoweza kutuma kwa siku ni {rem}. {tail}",
    (K.BUY_GOODS, "a"): "{code} Imethibitishwa. Umelipa {amt} kwa {name} {d} {t}.Baki yako mpya katika M-PESA ni "
                        "{bal}. Gharama ya kununua ni {cost}. Kiwango cha Pesa unachoweza kutuma kwa siku ni {rem}.{tail}",
    (K.RECEIVED, "a"): "{code} Imethibitishwa. Umepokea {amt} kutoka {name} {phone} mnamo {d} saa {t}  Baki yako ya "
                       "M-PESA ni {bal}. {tail}",
    (K.AIRTIME, "a"): "{code} Umenunua {amt} ya mjazo siku {d} saa {t}.Baki mpya ya M-PESA ni {bal}.",
    (K.BALANCE, "a"): "{code} Imethibitishwa. Baki yako ni: Akaunti ya M-PESA : {bal} Tarehe {d} saa {t}. Gharama ya "
                      "matumizi ni Ksh0.00.",
}
OLD_EN = {
    (K.SENT, "a"): "{code} Confirmed. {amt} sent to {name} {phone} on {d} at {t} New M-PESA balance is {bal}.{tail}",
    (K.PAYBILL, "a"): "{code} Confirmed. {amt} sent to {name} for account {acct} on {d} at {t}\n"
                      "New M-PESA balance is {bal}.{tail}",
    (K.RECEIVED, "a"): "{code} Confirmed.\nYou have received {amt} from\n{name} {phone}\non {d} at {t}\n"
                       "New M-PESA balance is {bal}.{tail}",
    (K.WITHDRAWAL, "a"): "{code} Confirmed.\non {d} at {t}\nWithdraw {amt} from\n{agent} - {name}\n"
                         "New M-PESA balance is {bal}.{tail}",
}
TEMPLATES = {("2022", "en"): MODERN_EN, ("2025", "en"): MODERN_EN, ("2025", "sw"): MODERN_SW,
             ("2013", "en"): OLD_EN}
TAILS = {
    "2013": ("Save & get a loan on Mshwari", "", "PIN YAKO SIRI YAKO", "Safaricom only calls you from 0722000000"),
    "en": ("Download M-PESA app on https://mpesaapp.page.link/ggGV & get 500MB.",
           "Get a loan today from M-Shwari click https://mpesaapp.page.link/mshwari",
           "Download My OneApp on https://saf.cx/lPKcC", "You can now access M-PESA via *334#",
           "Pay with M-PESA GlobalPay virtual Visa card linked to MPESA wallet. Click https://bit.ly/3LQTXIT",
           "Invest & earn daily interest with ZIIDI on https://saf.cx/cF6ir",
           "Separate personal and business funds through Pochi la Biashara on *334#."),
    "sw": ("SAFARICOM HUPIGA NA 0722000000 PEKEE.", "",
           "Huduma za M-PESA sasa zinapatikana kwa *334#."),
}
# Never trained on: whole template variants, and the last tails of each list.
HOLDOUT = frozenset({("2025", "en", K.SENT, "b"), ("2022", "en", K.RECEIVED, "b"), ("2025", "sw", K.POCHI, "a"),
                     ("2013", "en", K.WITHDRAWAL, "a"), ("2025", "sw", K.BUY_GOODS, "a")})
HOLDOUT_TAILS = {"2013": 2, "en": 4, "sw": 2}   # tails from this index on are held out


@dataclass(frozen=True, slots=True)
class Txn:
    """One transaction's values; `render` turns it into the SMS text."""

    kind: K
    era: str
    language: str
    variant: str
    code: str
    amount: Money
    at: datetime
    balance: Money
    cost: Money
    name: str
    phone: str = ""
    account: str = ""
    agent: str = ""
    remaining: Money = Money(0)
    tail: str = ""

    @property
    def template_id(self) -> tuple[str, str, K, str]:
        return (self.era, self.language, self.kind, self.variant)

    def with_(self, **changes: object) -> Txn:
        return replace(self, **changes)  # type: ignore[arg-type]


def money_text(money: Money) -> str:
    return f"Ksh{money.cents // 100:,}.{money.cents % 100:02d}"


def date_text(at: datetime) -> str:
    return f"{at.day}/{at.month}/{at.year % 100:02d}"


def time_text(at: datetime) -> str:
    return f"{(at.hour % 12) or 12}:{at.minute:02d} {'PM' if at.hour >= 12 else 'AM'}"


def fields(txn: Txn) -> dict[str, str]:
    return {"code": txn.code, "amt": money_text(txn.amount), "bal": money_text(txn.balance),
            "cost": money_text(txn.cost), "d": date_text(txn.at), "t": time_text(txn.at), "name": txn.name,
            "phone": txn.phone, "acct": txn.account, "agent": txn.agent, "rem": f"{txn.remaining.cents // 100:,}.00",
            "tail": txn.tail, "amt_sp": "Ksh " + money_text(txn.amount)[3:].replace(",", ""),
            "fee_sp": "Ksh " + money_text(Money(txn.amount.cents // 100))[3:], "bal_bare": money_text(txn.balance)[3:]
            .replace(",", ""), "out": money_text(txn.amount + Money(txn.amount.cents // 100)),
            "due": f"{txn.at.day:02d}/{(txn.at.month % 12) + 1:02d}/{txn.at.year % 100:02d}"}


def render(txn: Txn, values: dict[str, str] | None = None) -> str:
    template = TEMPLATES[(txn.era, txn.language)][(txn.kind, txn.variant)]
    return template.format(**(values or fields(txn))).rstrip()


@lru_cache(maxsize=None)
def variants(era: str, language: str, kind: K, holdout: bool) -> tuple[str, ...]:
    table = TEMPLATES[(era, language)]
    found = [v for (k, v) in table if k is kind and ((era, language, kind, v) in HOLDOUT) == holdout]
    if not found and holdout:  # no unseen variant of this kind: an unseen tail still makes it new
        found = [v for (k, v) in table if k is kind]
    return tuple(found)


def tail(rng: random.Random, era: str, language: str, holdout: bool) -> str:
    key = "2013" if era == "2013" else language
    cut = HOLDOUT_TAILS[key]
    pool = TAILS[key][cut:] if holdout else TAILS[key][:cut]
    return rng.choice(pool)


def modern_code(rng: random.Random, at: datetime) -> str:
    head = chr(ord("N") + at.year - 2019) + "ABCDEFGHIJKL"[at.month - 1] + _DAYS[at.day - 1]
    rest = [rng.choice(_ALNUM) for _ in range(7)]
    rest[rng.randrange(7)] = rng.choice("0123456789")  # every code has a digit
    return head + "".join(rest)


def old_code(rng: random.Random) -> str:
    letters, digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"
    return (rng.choice("BCDE") + rng.choice(letters) + rng.choice(digits) + rng.choice(digits)
            + rng.choice(letters) + rng.choice(letters) + "".join(rng.choice(digits) for _ in range(3)))
