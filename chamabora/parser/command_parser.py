"""Reading a member's SMS/WhatsApp command: `parse_command`.

The grammar (commands.lark, command_tokens.lark) is LALR with Lark's
contextual lexer, built once per process and cached on disk by Lark, so a
cold start loads it in milliseconds; the transformer runs inline, so no parse
tree is built.

Two outcomes, never a third: a command dataclass from `chamabora.core.commands`,
or `ParseFailure` with a stable code and a hint naming the closest command.
Any other exception from here is a bug (the fuzz tests hunt for one).

Before the grammar sees the text we only tidy it: Unicode compatibility
forms, runs of whitespace, and the punctuation members put around a
command ("#BAL", "*pay 500*", "salio?"). Case is left alone, so names keep
the member's spelling; the lexer ignores case.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedInput

from chamabora.core.commands import Command
from chamabora.core.errors import ChamaError
from chamabora.core.money import Money

from chamabora.parser.command_errors import ParseFailure
from chamabora.parser.command_hints import AMOUNT_INTENTS, KNOWN_MISTAKES, NUMBER_WORDS, suggest_keyword
from chamabora.parser.command_transformer import TODAY, CommandTransformer, nairobi_today

GRAMMAR = Path(__file__).resolve().parent / "commands.lark"
MAX_LENGTH = 320  # two SMS; a command plus a rejection reason fits easily
INTENT_TERMINAL = "_CMD_"

_SPACES = re.compile(r"\s+")
# a trailing "%" is a percentage ("SET FINE 5%"), not punctuation
_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|(?:[^\w%]|_)+$")
_WORDS = re.compile(r"[^\W_]+")


def build_parser(cache: bool = True) -> Lark:
    """A fresh parser; `cache=False` measures a cold grammar build."""
    return Lark.open(
        str(GRAMMAR),
        parser="lalr",
        lexer="contextual",
        g_regex_flags=re.IGNORECASE,
        transformer=CommandTransformer(topic_of=intent_of),
        cache=cache,
    )


@lru_cache(maxsize=1)
def parser() -> Lark:
    return build_parser()


@lru_cache(maxsize=1)
def _intent_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    terminals = [t for t in parser().terminals if t.name.startswith(INTENT_TERMINAL)]
    terminals.sort(key=lambda t: -t.priority)  # "lipa mkopo" before "lipa", as the lexer does
    return tuple(
        (re.compile(t.pattern.to_regexp(), re.IGNORECASE), t.name[len(INTENT_TERMINAL):].lower())
        for t in terminals
    )


def intent_of(text: str) -> str | None:
    """The intent whose keyword opens `text` (normalised), or None."""
    for pattern, intent in _intent_patterns():
        if pattern.match(text):
            return intent
    return None


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _EDGE_PUNCTUATION.sub("", _SPACES.sub(" ", text))


def parse_command(text: str, today: date | None = None) -> Command:
    """Read one command; `today` (Nairobi's date by default) anchors "end of month"."""
    if not isinstance(text, str):
        raise ParseFailure("empty")
    clean = normalise(text)
    if not clean:
        raise ParseFailure("empty")
    if len(clean) > MAX_LENGTH:
        raise ParseFailure("too_long", intent_of(clean))
    context = TODAY.set(today or nairobi_today())
    try:
        return parser().parse(clean)
    except ParseFailure as failure:
        raise failure.with_intent(intent_of(clean)) from None
    except UnexpectedInput as error:
        raise explain(error, clean) from None
    finally:
        TODAY.reset(context)


def explain(error: UnexpectedInput, text: str) -> ParseFailure:
    """Name what went wrong: a known mistake, a misspelt keyword, or stray text."""
    if _fails_at_first_word(error):
        return _unknown_command(text)
    # use_accepts=False: Lark 1.3.1 formats a debug line with %d on a ParserState when
    # two errors share a state but not their accepts, and raises TypeError doing it.
    label = error.match_examples(
        _parse_example, KNOWN_MISTAKES, token_type_match_fallback=True, use_accepts=False
    )
    code, example_intent = label if label else ("unexpected_text", None)
    # Sub-rules such as a name before an amount are shared by several intents,
    # so the state says what is missing and the opening keyword says for what.
    intent = intent_of(text) or example_intent
    if intent in AMOUNT_INTENTS and code in ("missing_amount", "unexpected_text") and _has_number_words(text):
        code = "amount_not_numeric"
    return ParseFailure(code, intent)


def _fails_at_first_word(error: UnexpectedInput) -> bool:
    if isinstance(error, UnexpectedCharacters):
        return error.pos_in_stream == 0
    token = getattr(error, "token", None)
    return token is not None and token.type != "$END" and token.start_pos == 0


def _unknown_command(text: str) -> ParseFailure:
    first = _WORDS.findall(text)[:1]
    if not first:
        return ParseFailure("unknown_command")
    suggestion = suggest_keyword(first[0])
    if suggestion is None and _is_amount(text.split(" ")[0]):
        suggestion = "pay"  # a bare "500" is most likely a contribution
    return ParseFailure("unknown_command", suggestion=suggestion)


def _is_amount(word: str) -> bool:
    try:
        return Money.parse(word).is_positive()
    except ChamaError:
        return False


def _has_number_words(text: str) -> bool:
    return any(word.casefold() in NUMBER_WORDS for word in _WORDS.findall(text))


def _parse_example(text: str) -> None:
    """match_examples' parse function: each known mistake is parsed once, its error kept.

    Re-parsing sixty examples for every failed message would cost a millisecond;
    re-raising the kept error costs a microsecond and matches the same way.
    """
    if text not in _EXAMPLE_ERRORS:
        _EXAMPLE_ERRORS[text] = _syntax_error(text)
    error = _EXAMPLE_ERRORS[text]
    if error is not None:
        raise error.with_traceback(None)


def _syntax_error(text: str) -> UnexpectedInput | None:
    try:
        parser().parse(text)
    except UnexpectedInput as error:
        return error
    except ParseFailure:
        pass  # a value error, not a syntax mistake: it matches nothing
    return None


_EXAMPLE_ERRORS: dict[str, UnexpectedInput | None] = {}
