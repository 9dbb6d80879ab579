"""Failure hints: short, in the member's language, and always naming a command that works."""
from __future__ import annotations

import pytest

from chamabora.core.chama import Language
from chamabora.core.commands import COMMANDS_BY_INTENT
from chamabora.core.errors import ChamaError
from chamabora.parser.command_errors import CODES, ParseFailure
from chamabora.parser.command_hints import EXAMPLES, KEYWORDS, KNOWN_MISTAKES, suggest_keyword
from chamabora.parser.command_parser import intent_of, parse_command

from . import officer_rows, rule_rows

# Arguments that complete each intent after any of its keywords.
ARGUMENTS = {
    "register": "Jane", "create_chama": "Umoja 500", "join_chama": "UMOJA", "invite": "0712345678",
    "pay": "500", "check_balance": "", "request_statement": "", "next_turn": "", "list_fines": "",
    "request_loan": "5000 6", "repay_loan": "1000", "set_goal": "Fees 2000 by 31/01/2027",
    "save": "500", "approve_claim": "QGH7XK2L9P", "reject_claim": "QGH7XK2L9P", "assign_role": "0712345678 chair",
    "set_language": "sw", "help": "", "opt_out": "", "opt_in": "", "check_loan": "", "upgrade": "premium",
    "accept_guarantee": "L12", "decline_guarantee": "L12", "say_yes": "W7", "say_no": "",
    "credit_payment": "QGH7XK2L9P 0712345678", "approve_payout": "12", "reject_payout": "12",
    "approve_loan": "12", "reject_loan": "L12",
}
ARGUMENTS.update(rule_rows.ARGUMENTS)
ARGUMENTS.update(officer_rows.ARGUMENTS)


@pytest.mark.parametrize(("intent", "language"), [(i, lang) for i in EXAMPLES for lang in Language])
def test_every_example_in_a_hint_is_itself_a_valid_command_of_its_intent(intent: str, language: Language) -> None:
    english, swahili = EXAMPLES[intent]
    text = swahili if language is Language.SW else english
    assert parse_command(text).intent == intent


@pytest.mark.parametrize(("intent", "word"), [(i, w) for i, words in KEYWORDS.items() for w in words])
def test_every_suggested_keyword_opens_its_intent(intent: str, word: str) -> None:
    assert parse_command(f"{word} {ARGUMENTS[intent]}").intent == intent
    assert intent_of(word) == intent


@pytest.mark.parametrize(("label", "texts"), list(KNOWN_MISTAKES.items()), ids=[f"{c}-{i}" for c, i in KNOWN_MISTAKES])
def test_every_known_mistake_fails_with_its_own_code(label: tuple[str, str], texts: tuple[str, ...]) -> None:
    code, intent = label
    for text in texts:
        with pytest.raises(ParseFailure) as caught:
            parse_command(text)
        assert (caught.value.code, caught.value.intent) == (code, intent), text


def test_the_example_tables_cover_every_intent() -> None:
    assert set(EXAMPLES) == set(COMMANDS_BY_INTENT) == set(KEYWORDS) == set(ARGUMENTS)


def test_pay_five_hundred_asks_for_the_amount_in_numbers_in_both_languages() -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_command("PAY five hundred")
    assert caught.value.code == "amount_not_numeric"
    assert caught.value.hint(Language.EN) == "Send the amount in numbers, e.g. PAY 500"
    assert caught.value.hint("sw") == "Tuma kiasi kwa tarakimu, mfano LIPA 500"


@pytest.mark.parametrize(("typed", "suggested"), [
    ("baalance", "balance"), ("salo", "salio"), ("paay", "pay"), ("lpa", "lipa"), ("regster", "register"),
    ("stetment", "statement"), ("mkpo", "mkopo"), ("approv", "approve"), ("hlep", "help"),
])
def test_a_misspelt_first_word_gets_the_nearest_keyword(typed: str, suggested: str) -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_command(f"{typed} 500")
    assert caught.value.code == "unknown_command"
    assert caught.value.suggestion == suggested
    assert suggested.upper() in caught.value.hint_en
    assert suggested.upper() in caught.value.hint_sw


def test_words_far_from_any_keyword_get_the_help_command_instead_of_a_guess() -> None:
    assert suggest_keyword("xylophone") is None
    with pytest.raises(ParseFailure) as caught:
        parse_command("xylophone concert tonight")
    assert caught.value.suggestion is None
    assert "HELP" in caught.value.hint_en
    assert "MSAADA" in caught.value.hint_sw


def test_a_bare_amount_is_taken_as_a_payment_meant_but_not_made() -> None:
    with pytest.raises(ParseFailure) as caught:
        parse_command("500")
    assert caught.value.code == "unknown_command"
    assert "PAY 500" in caught.value.hint_en


def test_a_parse_failure_is_a_chama_error_with_a_stable_code() -> None:
    with pytest.raises(ChamaError) as caught:
        parse_command("loan 5000")
    assert isinstance(caught.value, ParseFailure)
    assert caught.value.code == "missing_months"
    assert str(caught.value) == caught.value.hint_en


def test_every_code_has_a_hint_in_english_and_swahili_that_fits_an_sms() -> None:
    for code in CODES:
        for intent in EXAMPLES:
            failure = ParseFailure(code, intent)
            assert 0 < len(failure.hint_en) <= 160
            assert 0 < len(failure.hint_sw) <= 160
            assert failure.hint_en != failure.hint_sw


def test_an_unlisted_code_cannot_be_raised() -> None:
    with pytest.raises(ValueError):
        ParseFailure("something_new")
