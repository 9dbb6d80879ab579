"""What to suggest to a member whose message we could not read.

The parser knows the grammar; only the conversation knows who is asking. A
hint here names only commands this member may send (no officer's command to
a member, nothing but SAJILI/REGISTER to a stranger), prefers a word of
intent anywhere in the message ("nataka kulipa 500" means LIPA) to the
nearest spelling of its first word, and shows an example that parses as that
command and would work for this member: their amount, and the chama's code
when they belong to more than one.
"""
from __future__ import annotations

import re

from chamabora.core.chama import MONEY_ROLES, Language, Role
from chamabora.parser.command_errors import ParseFailure
from chamabora.parser.command_hints import AMOUNT_INTENTS, example, keyword_intent
from chamabora.parser.command_parser import normalise, parse_command
from chamabora.i18n.members import ERRORS
from chamabora.conversation.turn import Turn

OFFICERS_ONLY = frozenset({"approve_claim", "reject_claim", "credit_payment", "approve_payout", "reject_payout",
                           "approve_loan", "set_rules", "approve_item", "reject_item", "assign_role", "invite",
                           "share_out", "upgrade", "set_group_goal"})
# The officers' views: the chair, the treasurer and the secretary.
VIEWS = frozenset({"list_members", "list_pending", "show_log"})
CHAIR_ONLY = frozenset({"assign_role", "invite", "share_out", "upgrade", "set_rules"})
STRANGER = frozenset({"register", "help"})
NO_CHAMA_YET = frozenset({"join_chama", "create_chama", "help", "set_language", "opt_out", "opt_in"})

# Words that say what a member wants wherever they stand in the message, in either language.
INTENT_WORDS = {
    "pay": "pay", "lipa": "pay", "kulipa": "pay", "nilipe": "pay", "changa": "pay", "kuchanga": "pay",
    "changia": "pay", "kuchangia": "pay", "contribute": "pay",
    "bal": "check_balance", "balance": "check_balance", "salio": "check_balance",
    "statement": "request_statement", "taarifa": "request_statement",
    "loan": "request_loan", "borrow": "request_loan", "mkopo": "request_loan", "kukopa": "request_loan",
    "repay": "repay_loan", "rejesha": "repay_loan", "kurejesha": "repay_loan",
    "withdraw": "withdraw", "toa": "withdraw", "kutoa": "withdraw",
    "save": "save", "weka": "save", "kuweka": "save", "akiba": "save",
    "join": "join_chama", "jiunge": "join_chama", "kujiunga": "join_chama",
    "register": "register", "sajili": "register", "jisajili": "register", "kujisajili": "register",
    "fines": "list_fines", "faini": "list_fines", "next": "next_turn", "zamu": "next_turn",
    "rules": "show_rules", "sheria": "show_rules", "help": "help", "msaada": "help", "saidia": "help",
}
# Commands that take a chama after their other words (PAY 500 UMJ7K2, BAL UMJ7K2).
TAKES_CHAMA = frozenset({"pay", "check_balance", "request_statement", "next_turn", "list_fines", "withdraw",
                         "show_rules", "repay_loan"})
AMOUNT = re.compile(r"^\d[\d,]*(?:\.\d+)?k?$", re.I)


def member_hint(turn: Turn, failure: ParseFailure, text: str) -> str:
    """The reply to a message that parsed as nothing: a command this member can send as it is."""
    language = Language(turn.language)
    allowed = _allowed(turn)
    words = normalise(text).casefold().split()
    intent = failure.intent
    if failure.code == "unknown_command":
        heard = next((INTENT_WORDS[w] for w in words if w in INTENT_WORDS), None)
        intent = heard or (keyword_intent(failure.suggestion) if failure.suggestion else None)
    if intent is not None and intent not in allowed:
        if turn.speaker is not None and not turn.my_chamas() and intent not in OFFICERS_ONLY:
            return turn.t(ERRORS["no_chama"])  # the step before any chama command: joining one
        intent = "register" if turn.speaker is None else None
    if intent is None:
        return ParseFailure("unknown_command").hint(language)
    shown = _example(turn, intent, language, words)
    if failure.code == "unknown_command":
        return ParseFailure("unknown_command", intent, shown.split()[0].lower()).hint(language).replace(
            example(intent, language), shown)
    return failure.hint(language).replace(example(intent, language), shown)


def _allowed(turn: Turn) -> frozenset[str]:
    if turn.speaker is None:
        return STRANGER
    mine = turn.my_chamas()
    if not mine:
        return NO_CHAMA_YET
    roles = {choice.role for choice in mine}
    everything = frozenset(INTENT_WORDS.values()) | NO_CHAMA_YET | OFFICERS_ONLY | frozenset(
        {"check_loan", "set_goal", "say_yes", "say_no", "accept_guarantee", "decline_guarantee", "list_goals",
         "reject_loan"}) | VIEWS  # a borrower's REJECT LOAN withdraws their own request
    refused = set() if roles & {r.value for r in MONEY_ROLES} else set(OFFICERS_ONLY)
    if not roles & {Role.CHAIR.value, Role.TREASURER.value, Role.SECRETARY.value}:
        refused |= VIEWS
    if Role.CHAIR.value not in roles:
        refused |= CHAIR_ONLY
    return everything - refused - {"register"}


def _example(turn: Turn, intent: str, language: Language, words: list[str]) -> str:
    """The catalogue's example made this member's: their amount, and the code where it is needed."""
    shown = example(intent, language)
    amount = next((w for w in words if AMOUNT.match(w)), None)
    if intent in AMOUNT_INTENTS and amount is not None and intent in {"pay", "withdraw", "save", "repay_loan"}:
        shown = re.sub(r"\b\d[\d,]*\b", amount.upper(), shown, count=1)
    mine = turn.my_chamas()
    if intent in TAKES_CHAMA and len(mine) > 1:
        focus = turn.notes.get("focus_chama") or mine[0].code
        shown = f"{shown} {focus}"
    return shown if _parses_as(shown, intent, turn) else example(intent, language)


def _parses_as(text: str, intent: str, turn: Turn) -> bool:
    try:
        command = parse_command(text, turn.today)
    except ParseFailure:
        return False
    return getattr(command, "intent", None) == intent
