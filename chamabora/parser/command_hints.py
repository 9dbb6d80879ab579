"""What to tell a member whose command we could not read, in English and Swahili.

Owns three tables: a sendable example of every intent, the keywords we
suggest for a misspelt first word, and the known mistakes (sample inputs per
failure) that `UnexpectedInput.match_examples` compares a failed parse with.
Tests check that every example parses as its intent and every known mistake
fails, so these tables cannot drift from the grammar.
"""
from __future__ import annotations

import difflib

from chamabora.core.chama import Language

EXAMPLES: dict[str, tuple[str, str]] = {
    "register": ("REGISTER Jane Wanjiru", "SAJILI Jane Wanjiru"),
    "create_chama": ("CREATE CHAMA Umoja 500 MONTHLY", "UNDA CHAMA Umoja 500 KILA MWEZI"),
    "join_chama": ("JOIN UMOJA", "JIUNGE UMOJA"),
    "invite": ("INVITE 0712345678", "ALIKA 0712345678"),
    "pay": ("PAY 500", "LIPA 500"),
    "check_balance": ("BAL", "SALIO"),
    "request_statement": ("STATEMENT", "TAARIFA"),
    "next_turn": ("NEXT", "ZAMU"),
    "list_fines": ("FINES", "FAINI"),
    "request_loan": ("LOAN 5000 6 MONTHS", "MKOPO 5000 MIEZI 6"),
    "repay_loan": ("REPAY 1000", "LIPA MKOPO 1000"),
    "set_goal": ("GOAL School fees 20000 BY 31/01/2027", "LENGO Ada ya shule 20000 KUFIKIA 31/01/2027"),
    "save": ("SAVE 500 School fees", "WEKA 500 Ada ya shule"),
    "approve_claim": ("APPROVE QGH7XK2L9P", "KUBALI QGH7XK2L9P"),
    "reject_claim": ("REJECT QGH7XK2L9P wrong amount", "KATAA QGH7XK2L9P kiasi si sahihi"),
    "assign_role": ("ROLE 0712345678 TREASURER", "CHEO 0712345678 MWEKA HAZINA"),
    "set_language": ("LANG SW", "LUGHA EN"),
    "help": ("HELP", "MSAADA"),
    "opt_out": ("STOP", "ACHA"),
    "opt_in": ("START", "ANZA"),
    "check_loan": ("LOAN", "MKOPO"),
    "upgrade": ("UPGRADE STANDARD", "BORESHA STANDARD"),
    "accept_guarantee": ("ACCEPT GUARANTEE L12", "KUBALI DHAMANA L12"),
    "decline_guarantee": ("DECLINE GUARANTEE L12", "KATAA DHAMANA L12"),
    "say_yes": ("YES", "NDIO"),
    "say_no": ("NO", "HAPANA"),
    "credit_payment": ("CREDIT QGH7XK2L9P 0712345678", "KABIDHI QGH7XK2L9P 0712345678"),
    "approve_payout": ("APPROVE PAYOUT 12", "KUBALI MGAO 12"),
    "reject_payout": ("REJECT PAYOUT 12", "KATAA MGAO 12"),
    "approve_loan": ("APPROVE LOAN 12", "KUBALI MKOPO 12"),
    "reject_loan": ("REJECT LOAN 12", "KATAA MKOPO 12"),
    "set_rules": ("SET FINE 100", "BADILISHA FAINI 100"),
    "show_rules": ("RULES", "SHERIA"),
    "withdraw": ("WITHDRAW 2000", "TOA 2000"),
    "share_out": ("SHARE OUT", "GAWA"),
    "approve_item": ("APPROVE W7", "KUBALI W7"),
    "reject_item": ("REJECT W7", "KATAA W7"),
    "list_members": ("MEMBERS", "WANACHAMA"),
    "list_pending": ("PENDING", "YANAYOSUBIRI"),
    "show_log": ("LOG", "KUMBUKUMBU"),
    "set_group_goal": ("GROUP GOAL Land 100000 BY 31/12/2027", "LENGO LA KIKUNDI Shamba 100000 HADI 31/12/2027"),
    "list_goals": ("GOALS", "MALENGO"),
}

# First words worth suggesting, per intent; each must open its intent in the grammar.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "register": ("register", "sajili"),
    "create_chama": ("create", "unda"),
    "join_chama": ("join", "jiunge"),
    "invite": ("invite", "alika"),
    "pay": ("pay", "lipa", "contribute", "changa"),
    "check_balance": ("bal", "balance", "salio"),
    "request_statement": ("statement", "taarifa"),
    "next_turn": ("next", "zamu"),
    "list_fines": ("fines", "faini"),
    "request_loan": ("loan", "mkopo", "borrow"),
    "repay_loan": ("repay", "rejesha"),
    "set_goal": ("goal", "lengo", "target"),
    "save": ("save", "weka", "deposit"),
    "approve_claim": ("approve", "kubali"),
    "reject_claim": ("reject", "kataa"),
    "assign_role": ("role", "cheo"),
    "set_language": ("lang", "lugha", "language"),
    "help": ("help", "msaada"),
    "opt_out": ("stop", "acha"),
    "opt_in": ("start", "anza"),
    "check_loan": ("loan status", "mkopo wangu"),
    "upgrade": ("upgrade", "boresha", "renew"),
    "accept_guarantee": ("guarantee", "dhamini"),
    "decline_guarantee": ("sidhamini",),
    "say_yes": ("yes", "ndio"),
    "say_no": ("no", "hapana"),
    "credit_payment": ("credit", "kabidhi"),
    "approve_payout": ("approve payout", "kubali mgao"),
    "reject_payout": ("reject payout", "kataa mgao"),
    "approve_loan": ("approve loan", "kubali mkopo"),
    "reject_loan": ("reject loan", "kataa mkopo"),
    "set_rules": ("set fine", "badilisha faini"),
    "show_rules": ("rules", "sheria", "kanuni"),
    "withdraw": ("withdraw", "toa"),
    "share_out": ("share out", "gawa"),
    "approve_item": (),  # "approve" alone opens a claim's approval; W7 or S3 after it opens this
    "reject_item": (),
    "list_members": ("members", "wanachama"),
    "list_pending": ("pending", "yanayosubiri"),
    "show_log": ("log", "kumbukumbu"),
    "set_group_goal": ("group goal",),
    "list_goals": ("goals", "malengo"),
}
_KEYWORD_INTENT = {word: intent for intent, words in KEYWORDS.items() for word in words}

NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty"
    " forty fifty sixty seventy eighty ninety hundred thousand million"
    " mbili tatu nne tano sita saba nane tisa kumi ishirini thelathini arobaini hamsini"
    " sitini sabini themanini tisini mia elfu laki milioni".split()
)
AMOUNT_INTENTS = frozenset({"pay", "request_loan", "repay_loan", "save", "set_goal", "create_chama", "withdraw",
                            "set_group_goal"})

# (code, intent) -> texts that fail at the same parser state as that mistake.
KNOWN_MISTAKES: dict[tuple[str, str], tuple[str, ...]] = {
    ("missing_name", "register"): ("register",),
    ("missing_name", "create_chama"): ("create chama", "create chama 500"),
    ("missing_amount", "create_chama"): ("create chama umoja", "create chama umoja monthly"),
    ("bad_frequency", "create_chama"): ("create chama umoja 500 yearly", "create chama umoja 500 500"),
    ("missing_chama", "join_chama"): ("join",),
    ("bad_chama", "join_chama"): ("join umoja kwanza", "join u"),
    ("missing_phone", "invite"): ("invite",),
    ("bad_phone", "invite"): ("invite jane", "invite 12345", "invite +1 202 555 0100"),
    ("missing_amount", "pay"): ("pay", "pay umoja", "pay to", "pay umoja sh"),
    ("bad_amount", "pay"): ("pay -500", "lipa -1000"),
    ("missing_amount", "request_loan"): ("loan months", "loan to"),
    ("missing_months", "request_loan"): ("loan 5000", "loan 5000 for"),
    ("bad_months", "request_loan"): ("loan 5000 months", "loan 5000 6 years", "loan 5000 for a year"),
    ("missing_amount", "repay_loan"): ("repay", "repay sh", "repay loan"),
    ("missing_name", "set_goal"): ("goal", "goal 20000"),
    ("missing_amount", "set_goal"): ("goal school fees", "goal school fees by 31/01/2027"),
    ("missing_date", "set_goal"): ("goal school fees 20000", "goal school fees 20000 by", "goal 20000 fees"),
    ("bad_date", "set_goal"): ("goal fees 20000 by tomorrow", "goal fees 20000 by 2027", "goal fees 20000 by jan"),
    ("missing_amount", "save"): ("save", "save school fees"),
    ("missing_code", "approve_claim"): ("approve",),
    ("bad_code", "approve_claim"): ("approve 12345", "approve qgh7"),
    ("missing_code", "reject_claim"): ("reject",),
    ("bad_code", "reject_claim"): ("reject 12345", "reject qgh7"),
    ("missing_phone", "assign_role"): ("role", "role treasurer"),
    ("missing_role", "assign_role"): ("role 0712345678",),
    ("bad_role", "assign_role"): ("role 0712345678 boss", "role 0712345678 as boss"),
    ("missing_language", "set_language"): ("lang",),
    ("bad_language", "set_language"): ("lang french", "lang fr"),
    ("bad_plan", "upgrade"): ("upgrade gold", "boresha to gold"),
    ("missing_ref", "accept_guarantee"): ("accept guarantee", "kubali dhamana"),
    ("bad_ref", "accept_guarantee"): ("accept guarantee jane", "dhamini w12"),
    ("missing_ref", "decline_guarantee"): ("decline guarantee", "kataa dhamana"),
    ("bad_ref", "decline_guarantee"): ("decline guarantee jane", "sidhamini w12"),
    ("bad_ref", "say_yes"): ("yes please", "ndio x12"),
    ("bad_ref", "say_no"): ("no thanks", "hapana x12"),
    ("missing_code", "credit_payment"): ("credit", "kabidhi 0712345678"),
    ("bad_code", "credit_payment"): ("credit 12345", "kabidhi qgh7"),
    ("missing_phone", "credit_payment"): ("credit qgh7xk2l9p", "kabidhi qgh7xk2l9p kwa"),
    ("bad_phone", "credit_payment"): ("credit qgh7xk2l9p jane", "kabidhi qgh7xk2l9p 12345"),
    ("missing_ref", "approve_payout"): ("approve payout",),
    ("bad_ref", "approve_payout"): ("approve payout jane", "kubali mgao l12"),
    ("missing_ref", "reject_payout"): ("kataa mgao",),
    ("bad_ref", "reject_payout"): ("reject payout jane", "kataa mgao l12"),
    ("missing_ref", "approve_loan"): ("approve loan", "kubali mkopo"),
    ("bad_ref", "approve_loan"): ("approve loan jane", "kubali mkopo w12"),
    ("missing_ref", "reject_loan"): ("reject loan", "kataa mkopo"),
    ("bad_ref", "reject_loan"): ("reject loan jane", "kataa mkopo w12"),
    ("unexpected_text", "set_rules"): ("set fine", "set fine lots", "badilisha faini", "set order", "set grace",
                                       "set loan rate 10", "set quorum 60"),
    ("missing_amount", "set_rules"): ("set fine 5% cap", "set fine 100 per day cap", "set contribution",
                                      "set vote payout"),
    ("missing_amount", "withdraw"): ("withdraw", "toa", "withdraw savings"),
    ("missing_name", "set_group_goal"): ("group goal", "group goal 100000"),
    ("missing_amount", "set_group_goal"): ("group goal land", "group goal land by 31/12/2027"),
    ("missing_date", "set_group_goal"): ("group goal land 100000", "group goal land 100000 by"),
}

_EN = {
    "empty": "Send a command, e.g. BAL or PAY 500, or HELP for the list.",
    "too_long": "Send one short command, e.g. {example}.",
    "unknown_command": "Sorry, we did not understand. Send HELP for the list of commands.",
    "did_you_mean": "Did you mean {keyword}? e.g. {example}",
    "unexpected_text": "Please send it like this: {example}",
    "missing_amount": "Add the amount, e.g. {example}",
    "amount_not_numeric": "Send the amount in numbers, e.g. {example}",
    "bad_amount": "Send an amount above 0 with at most 2 decimals, e.g. {example}",
    "missing_phone": "Add the phone number, e.g. {example}",
    "bad_phone": "Send a Kenyan mobile number like 0712345678, e.g. {example}",
    "missing_name": "Add the name, e.g. {example}",
    "missing_chama": "Add the chama code, e.g. {example}",
    "bad_chama": "A chama code is 3 to 12 letters or digits, e.g. {example}",
    "missing_code": "Add the M-Pesa code, e.g. {example}",
    "bad_code": "Send the 10-character M-Pesa code, e.g. {example}",
    "missing_months": "Say for how many months, e.g. {example}",
    "bad_months": "Send the months as a number from 1 to 60, e.g. {example}",
    "missing_date": "Add the date, e.g. {example}",
    "bad_date": "Send the date as day/month/year, e.g. {example}",
    "missing_role": "Add the role: CHAIR, TREASURER, SECRETARY or MEMBER, e.g. {example}",
    "bad_role": "Roles are CHAIR, TREASURER, SECRETARY or MEMBER, e.g. {example}",
    "missing_language": "Choose EN or SW, e.g. {example}",
    "bad_language": "Choose EN or SW, e.g. {example}",
    "bad_frequency": "Say DAILY, WEEKLY, BIWEEKLY or MONTHLY, e.g. {example}",
    "missing_ref": "Add the reference from our message, e.g. {example}",
    "bad_ref": "Send the reference as our message gives it, e.g. {example}",
    "bad_plan": "The plans are STANDARD and PREMIUM, e.g. {example}",
    "bad_rule": "That is outside the rules' limits (grace up to 60 days, loan rate up to 50%), e.g. {example}",
}
_SW = {
    "empty": "Tuma amri, mfano SALIO au LIPA 500, au MSAADA kuona orodha.",
    "too_long": "Tuma amri moja fupi, mfano {example}.",
    "unknown_command": "Samahani, hatukuelewa. Tuma MSAADA kuona orodha ya amri.",
    "did_you_mean": "Ulimaanisha {keyword}? Mfano {example}",
    "unexpected_text": "Tafadhali tuma hivi: {example}",
    "missing_amount": "Ongeza kiasi, mfano {example}",
    "amount_not_numeric": "Tuma kiasi kwa tarakimu, mfano {example}",
    "bad_amount": "Tuma kiasi zaidi ya 0, desimali 2 tu, mfano {example}",
    "missing_phone": "Ongeza nambari ya simu, mfano {example}",
    "bad_phone": "Tuma nambari ya simu ya Kenya kama 0712345678, mfano {example}",
    "missing_name": "Ongeza jina, mfano {example}",
    "missing_chama": "Ongeza nambari ya chama, mfano {example}",
    "bad_chama": "Nambari ya chama ni herufi au tarakimu 3 hadi 12, mfano {example}",
    "missing_code": "Ongeza nambari ya M-Pesa, mfano {example}",
    "bad_code": "Tuma nambari ya M-Pesa yenye herufi 10, mfano {example}",
    "missing_months": "Sema ni miezi mingapi, mfano {example}",
    "bad_months": "Tuma idadi ya miezi kati ya 1 na 60, mfano {example}",
    "missing_date": "Ongeza tarehe, mfano {example}",
    "bad_date": "Tuma tarehe kama siku/mwezi/mwaka, mfano {example}",
    "missing_role": "Ongeza cheo: MWENYEKITI, MWEKA HAZINA, KATIBU au MWANACHAMA, mfano {example}",
    "bad_role": "Vyeo ni MWENYEKITI, MWEKA HAZINA, KATIBU au MWANACHAMA, mfano {example}",
    "missing_language": "Chagua EN au SW, mfano {example}",
    "bad_language": "Chagua EN au SW, mfano {example}",
    "bad_frequency": "Sema KILA SIKU, KILA WIKI, WIKI MBILI au KILA MWEZI, mfano {example}",
    "missing_ref": "Ongeza nambari kutoka ujumbe wetu, mfano {example}",
    "bad_ref": "Tuma nambari kama ilivyo kwenye ujumbe wetu, mfano {example}",
    "bad_plan": "Mipango ni STANDARD na PREMIUM, mfano {example}",
    "bad_rule": "Hiyo ni nje ya mipaka ya sheria (siku za ziada hadi 60, riba hadi 50%), mfano {example}",
}


def example(intent: str | None, language: Language) -> str:
    english, swahili = EXAMPLES.get(intent or "help", EXAMPLES["help"])
    return swahili if language is Language.SW else english


def hint_text(code: str, intent: str | None, suggestion: str | None, language: Language) -> str:
    templates = _SW if language is Language.SW else _EN
    if code == "unknown_command" and suggestion:
        intent = intent or _KEYWORD_INTENT.get(suggestion)
        template = templates["did_you_mean"]
    else:
        template = templates.get(code, templates["unexpected_text"])
    return template.format(example=example(intent, language), keyword=(suggestion or "").upper())


def suggest_keyword(word: str) -> str | None:
    """The command keyword closest to a misspelt first word, if any is close."""
    matches = difflib.get_close_matches(word.casefold(), _KEYWORD_INTENT, n=1, cutoff=0.7)
    return matches[0] if matches else None


def keyword_intent(keyword: str) -> str | None:
    return _KEYWORD_INTENT.get(keyword)
