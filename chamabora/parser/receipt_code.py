"""The date a modern M-Pesa transaction code implies.

Rule. Since Safaricom's ten-character codes (2015 onwards in the evidence
below), the first three characters encode the day the code was issued:

* 1st, the year: ``J`` = 2015, ``K`` = 2016, ``L`` = 2017, ``M`` = 2018,
  ``N`` = 2019, ``O`` = 2020, ``P`` = 2021, ``Q`` = 2022, ``R`` = 2023,
  ``S`` = 2024, ``T`` = 2025, ``U`` = 2026, one letter a year;
* 2nd, the month: ``A`` = January ... ``L`` = December;
* 3rd, the day: ``1``-``9``, then ``A`` = 10 ... ``V`` = 31.

Evidence (every code below was printed with the date in brackets):

* Daraja's STK callback sample: ``NLJ7RT61SV`` (2019-12-19) [PROTOCOLS.md 5.3].
* Bryan-Cee/sms-transaction-parser test/parseMessage.test.ts: ``QLQ..``
  (26/12/22), ``QLR..`` (27/12/22), ``QLS..`` (28/12/22).
* A public C# M-Pesa agent SMS processor: ``OA314OGB3N`` (3/1/20),
  ``OAN3KNQZC7`` (23/1/20), ``OAO0KWM4LQ`` (24/1/20).
* A public Swahili parser's samples: ``TAD..`` (13/1/25), ``TAE..``
  (14/1/25), ``TAF..`` (15/1/25).
* Public 2026 SMS lists: ``UEULA5XIBK`` (30/5/26), ``UEVLA5Z1RU`` (31/5/26),
  ``UF1LA62OX6`` (1/6/26), ``UIUAB8L07F`` (30/9/26), ``UJ1C68SPRQ`` (1/10/26).
* A public PHP IPN handler's stub: ``JGU0SWAWMQ`` (30/7/15); a public SQL
  dump of C2B notices: ``LJI7QV5BP9`` (18/10/17).
* Public Dart and C# parser tests: ``SHM5WLHPY1`` (22/8/24), ``TDN9WBCDSD``
  (23/4/25), ``UHGMK381SF`` (16/8/26).
* News, muranganewspaper.co.ke "Safaricom finally responds to M-Pesa
  messages with RIP prefix": codes began ``RIP`` on 25 September 2023
  (R = 2023, I = September, P = 25).

The issue date can differ from the printed date by a day around midnight
and for delayed notices, so callers compare with a tolerance. Old nine-
character codes (2011-2014, e.g. ``BI94HR849``) follow no such rule, so
`rule_applies` says when a printed date can be checked against a code.
"""
from __future__ import annotations

import re
from datetime import date

_FIRST_YEAR_LETTER = "J"
_FIRST_YEAR = 2015
_MONTHS = "ABCDEFGHIJKL"
_DAYS = "123456789ABCDEFGHIJKLMNOPQRSTUV"
_MODERN = re.compile(r"^[J-Z][A-L][1-9A-V][A-Z0-9]{7}$")
RULE_FROM = date(_FIRST_YEAR, 1, 1)


def implied_date(code: str) -> date | None:
    """The date a ten-character code's first three characters encode, or None."""
    if not isinstance(code, str):
        return None
    code = code.strip().upper()
    if not _MODERN.match(code):
        return None
    year = _FIRST_YEAR + ord(code[0]) - ord(_FIRST_YEAR_LETTER)
    month = _MONTHS.index(code[1]) + 1
    day = _DAYS.index(code[2]) + 1
    try:
        return date(year, month, day)
    except ValueError:  # 31 in a 30-day month: not a code Safaricom issues
        return None


def rule_applies(code: str, printed: date) -> bool:
    """Whether a genuine code printed on this day must follow the rule: every ten-character code since
    2015 does, so one that does not (or names another day) was not issued for this message."""
    return isinstance(code, str) and len(code.strip()) == 10 and printed >= RULE_FROM


def days_apart(code: str, printed: date) -> int | None:
    """How many days the code's implied date lies from the printed one, or None."""
    implied = implied_date(code)
    if implied is None:
        return None
    return abs((printed - implied).days)
