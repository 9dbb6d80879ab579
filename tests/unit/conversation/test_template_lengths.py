"""Every message template a member can read fits one 160-character GSM-7 SMS
segment (and so one USSD screen), in English and in Swahili, filled with the
longest values a real chama produces: names as notices cut them (20
characters), six-figure amounts (with cents where interest makes them),
ten-character M-Pesa codes, two-digit counts."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from chamabora.i18n.gsm7 import gsm7_length, is_gsm7
from chamabora.i18n.catalogs import translate
from chamabora.i18n import officers

ROOT = Path(__file__).resolve().parents[3] / "chamabora"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
AMOUNT = "KES 120,000"
WITH_CENTS = "KES 12,345.67"  # interest and instalments
NAME = "Wanjiku Mwangi-Kamau"          # 20: longer names are cut to 20 in notices
CHAMA = "Umoja Wa Wakulima Na"         # 20: as a notice or USSD screen labels a chama
LONGEST = {
    "chama": CHAMA, "name": NAME, "member": NAME, "who": NAME, "borrower": NAME, "payer": NAME,
    "recipient": NAME, "by": "31/12/2027", "second": NAME, "next": NAME, "approvers": "chair or treasurer",
    "names": "Jane Wanjiru, Otieno Ouma", "payout": "12", "interest": WITH_CENTS, "first": WITH_CENTS,
    "per_week": WITH_CENTS, "total": "KES 132,345.67", "owed": "KES 132,345.67",
    "code": "VAA3K7PQ2L", "receipt": "VAA3K7PQ2L", "codes": "VAA3K7PQ2L VAA3K7PQ2M", "account": "UMOJA12",
    "checkout": "ws_CO_04012027093012345", "ref": "L1234", "refs": "L1234 W1234", "loan": "L1234",
    "phone": "+254712345678", "due": "31/12/2027", "closes": "31/12/2027", "day": "31/12/2027",
    "when": "31/12/2027", "until": "09:30 31/12", "ends": "31/12/2027", "months": "60", "month": "12/2027",
    "count": "60", "members": "60", "no": "12", "yes": "12", "page": "9", "pages": "9", "cycle": "24",
    "days": "60", "grace": "60", "times": "10", "percent": "12.5", "score": "97", "seed": "2147483647",
    "rate": "10% reducing", "method": "reducing", "frequency": "every 2 weeks", "plan": "Standard",
    "role": "treasurer", "status": "cancelled", "outcome": "cancelled", "purpose": "contribution",
    "action": "approve", "goal": "School fees for Wanj.", "ussd": "*384*12#", "shillings": "120,000",
    "reason": "the amount is unusual", "reasons": "the amount is unusual; the code was used before",
    "rules": "fine KES 100, grace 3 days, loan rate 10% reducing",
    "threshold": "50%", "price": "KES 2,500", "approvers": NAME, "purpose": "the plan's renewal",
    "pledges": "Otieno KES 20,000, Amina KES 30,000",
}
FIRST_NAME = "Wanjiku-Kama"  # 12: the digest and the treasurer's question name a member by first name
SHOWN_AS = {  # templates whose code fills a placeholder with something shorter than the name above
    officers.DIGEST_ONE: {"member": FIRST_NAME, "day": "31/12"},
    officers.DIGEST_LINE: {"member": FIRST_NAME, "day": "31/12"},
    officers.CLAIM_ASK_DECISION: {"member": FIRST_NAME, "reasons": "the daily limit does not follow their last SMS"},
}
EMAIL = {officers.STATEMENT_SUBJECT, officers.STATEMENT_BODY, officers.PAYOUT_FAILED_SUBJECT,
         officers.PAYOUT_FAILED_BODY, officers.HELD_PAYMENT_SUBJECT, officers.HELD_PAYMENT_BODY}  # officers' emails: no SMS limit


def templates() -> list[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), keywords={"_": None},
                                                                       comment_tags=()):
        found.add(message if isinstance(message, str) else message[0])
    return sorted(found - EMAIL)


def filled(language: str, msgid: str) -> str:
    values = {name: LONGEST.get(name, AMOUNT) for name in PLACEHOLDER.findall(msgid)}
    if "JOIN %(code)s" in msgid:
        values["code"] = "UMJ7K2"  # a chama's code is six characters
    values.update(SHOWN_AS.get(msgid, {}))
    return translate(language, msgid, **values)


def test_the_walk_finds_the_templates():
    assert len(templates()) > 300


@pytest.mark.parametrize("language", ["en", "sw"])
def test_every_template_fits_one_gsm7_segment_with_the_longest_values(language):
    texts = [filled(language, msgid) for msgid in templates()]
    too_long = [(gsm7_length(text), text) for text in texts if gsm7_length(text) > 160]
    not_gsm7 = [text for text in texts if not is_gsm7(text)]
    assert (too_long, not_gsm7) == ([], [])
