"""Hints to a member whose message parsed as nothing: only commands this member may send, intent words
first, and an example that parses as the command meant and names the chama where the member must."""
from dataclasses import dataclass, field
from datetime import date

import pytest

from chamabora.conversation.hints import OFFICERS_ONLY, TAKES_CHAMA, _example, member_hint
from chamabora.i18n.catalogs import translate
from chamabora.services.people.speakers import ChamaChoice, Speaker
from chamabora.core.chama import Language
from chamabora.parser.command_errors import ParseFailure
from chamabora.parser.command_hints import EXAMPLES, KEYWORDS
from chamabora.parser.command_parser import parse_command

UMOJA, HARAMBEE = ChamaChoice(1, "UMJ7K2", "Umoja", "member"), ChamaChoice(2, "HRB4Q9", "Harambee", "member")


@dataclass
class Asking:
    """What a hint reads of a turn: who asks, their chamas, their language."""

    chamas: list = field(default_factory=list)
    language: str = "en"
    speaker: Speaker | None = Speaker(7, "Amina Atieno", "+254712000003", "en", False)
    notes: dict = field(default_factory=dict)
    today: date = date(2027, 1, 4)

    def my_chamas(self):
        return self.chamas

    def t(self, msgid, **values):
        return translate(self.language, msgid, **values)


def hint(turn, text):
    try:
        parse_command(text, turn.today)
    except ParseFailure as failure:
        return member_hint(turn, failure, text)
    raise AssertionError(f"{text!r} parsed")


@pytest.mark.parametrize("language", ["en", "sw"])
@pytest.mark.parametrize("intent", sorted(TAKES_CHAMA))
def test_a_member_of_two_chamas_is_shown_an_example_with_the_code_that_parses_as_meant(intent, language):
    turn = Asking([UMOJA, HARAMBEE], language)
    shown = _example(turn, intent, Language(language), [])
    command = parse_command(shown, turn.today)
    assert (command.intent, command.chama) == (intent, "UMJ7K2")


@pytest.mark.parametrize("intent", sorted(set(EXAMPLES) - OFFICERS_ONLY))
def test_every_example_shown_to_a_member_of_one_chama_parses_as_its_command(intent):
    turn = Asking([UMOJA])
    for language in Language:
        assert parse_command(_example(turn, intent, language, ["750"]), turn.today).intent == intent


@pytest.mark.parametrize("typed", ["aprove", "kubal", "katta", "credt 500", "kabid", "rol 0712345678", "invte",
                                   "st fine 100", "boresh", "gawaa"])
def test_a_member_is_never_pointed_at_an_officers_command(typed):
    for language in ("en", "sw"):
        reply = hint(Asking([UMOJA], language), typed)
        officer_words = {word.upper() for intent in OFFICERS_ONLY for word in KEYWORDS[intent]}
        assert not any(word in reply for word in officer_words if len(word) > 3), reply


def test_intent_words_anywhere_win_over_the_nearest_spelling_of_the_first_word():
    assert hint(Asking([UMOJA], "sw"), "nataka kulipa 500") == "Ulimaanisha LIPA? Mfano LIPA 500"
    assert hint(Asking([UMOJA]), "please i want my balance") == "Did you mean BAL? e.g. BAL"


def test_a_stranger_is_pointed_at_registering_whatever_they_wanted():
    stranger = Asking(speaker=None, language="sw")
    assert hint(stranger, "nataka kujiunga na chama") == "Ulimaanisha SAJILI? Mfano SAJILI Jane Wanjiru"
