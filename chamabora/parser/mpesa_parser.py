"""Reading forwarded M-Pesa confirmation SMS: `parse_mpesa` and `classify`.

The grammar (mpesa.lark, mpesa_tokens.lark) is LALR with Lark's contextual
lexer, built once per process and cached on disk so a cold start loads it
in milliseconds; the transformer runs inline, so no parse tree is built.

Three outcomes, never a fourth: an `MpesaMessage`; `MalformedConfirmation`
when the text looks like a confirmation but breaks the grammar (a fraud
signal, carrying the receipt code if one was read); `NotAConfirmation`
for everything else. Any other exception from here is a bug.
"""
from __future__ import annotations

import enum
import hashlib
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from lark import Lark
from lark.exceptions import LarkError, UnexpectedInput

from chamabora.core.errors import ChamaError
from chamabora.core.mpesa_message import MpesaMessage

from .mpesa_errors import MalformedConfirmation, MpesaParseFailure, NotAConfirmation
from .mpesa_shapes import GrammarBreak, Shapes
from .mpesa_transformer import BadValue, MpesaTransformer, build_message, money_from

GRAMMAR_DIR = Path(__file__).resolve().parent
GRAMMAR_FILES = ("mpesa.lark", "mpesa_tokens.lark")
MAX_LENGTH = 2000  # a few concatenated SMS; longer text is not one forwarded confirmation

# "8:08 AMWithdraw": some handsets drop the space after the time. Only after
# minutes: a receipt code such as QB4PMJ0QO2 holds "4PM" and must stay whole.
_GLUED_MERIDIEM = re.compile(r"(:\d{1,2}\s?[AaPp][Mm])(?=[A-Za-z])")
_HEADER = re.compile(r"\b([A-Z0-9]{8,12})\s*[.,]?\s*(?:confirmed|imethibitishwa)\b", re.I)
_LEADING_CODE = re.compile(r"^\s*([A-Z0-9]{9,10})\b")
_MENTIONS_MPESA = re.compile(r"m-?pesa", re.I)
_MENTIONS_MONEY = re.compile(r"k(?:sh|es)\.?\s?\d", re.I)
_FAILURE_START = re.compile(r"^\s*(?:Failed\b|Insufficient\s+funds|Hakuna\s+pesa|Umekataa)", re.I)
_MONEY_IN_TEXT = re.compile(r"k(?:sh|es)\.?\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?", re.I)
_SWAHILI = re.compile(r"\b(?:Imethibitishwa|Umepokea|imetumwa|Umelipa|Umenunua|Baki|Salio|Hakuna|Umekataa)\b", re.I)


class Outcome(enum.Enum):
    PARSED = "parsed"
    MALFORMED = "malformed"
    NOT_A_CONFIRMATION = "not_a_confirmation"


def _cache_path() -> str:
    digest = hashlib.sha256()
    for name in GRAMMAR_FILES:
        digest.update((GRAMMAR_DIR / name).read_bytes())
    digest.update(Lark.__module__.encode())
    return str(Path(tempfile.gettempdir()) / f"chamabora-mpesa-{digest.hexdigest()[:16]}.lark")


def build_parser(cache: bool | str = True) -> Lark:
    """A fresh parser; `cache=False` measures a cold grammar build."""
    return Lark.open(
        str(GRAMMAR_DIR / "mpesa.lark"),
        parser="lalr",
        lexer="contextual",
        transformer=MpesaTransformer(),
        cache=_cache_path() if cache is True else cache,
    )


@lru_cache(maxsize=1)
def parser() -> Lark:
    return build_parser()


@lru_cache(maxsize=1)
def shapes() -> Shapes:
    return Shapes(parser())


def parse_fields(clean: str) -> dict:
    """The grammar's fields for normalised text: the shape trie when it can, else Lark (the same
    answer; both raise where the text breaks the grammar, with its position)."""
    fields = shapes().parse(clean)
    return parser().parse(clean) if fields is None else fields  # type: ignore[return-value]


def normalise(text: str) -> str:
    """Unglue words; whitespace and separators are the grammar's job."""
    return _GLUED_MERIDIEM.sub(r"\1 ", text).strip()


def looks_like_confirmation(text: str) -> bool:
    if _HEADER.search(text) or _FAILURE_START.match(text):
        return True
    return bool(_MENTIONS_MPESA.search(text) and _MENTIONS_MONEY.search(text))


def _receipt_code(text: str) -> str | None:
    match = _HEADER.search(text) or _LEADING_CODE.match(text)
    return match.group(1).upper() if match else None


def _failure_fields(fields: dict, text: str) -> dict:
    money = _MONEY_IN_TEXT.search(text)
    if money:
        fields["amount"] = money_from(money.group(0))
    return fields


def _reject(text: str, reason: str, position: int | None = None) -> MpesaParseFailure:
    if looks_like_confirmation(text):
        return MalformedConfirmation(reason, receipt_code=_receipt_code(text), position=position)
    return NotAConfirmation(reason)


def parse_mpesa(text: object) -> MpesaMessage:
    """Read one confirmation; raise MalformedConfirmation or NotAConfirmation."""
    if not isinstance(text, str) or not text.strip():
        raise NotAConfirmation("empty or not text")
    if len(text) > MAX_LENGTH:
        raise _reject(text[:MAX_LENGTH], "too long for one confirmation")
    clean = normalise(text)
    try:
        fields = parse_fields(clean)
        if fields.get("code") is None:
            fields = _failure_fields(fields, clean)
        # Every Swahili template names itself within its first few words.
        language = "sw" if _SWAHILI.search(clean, 0, 64) else "en"
        return build_message(fields, raw=text, language=language)
    except (UnexpectedInput, GrammarBreak) as exc:
        raise _reject(clean, "breaks the confirmation grammar", getattr(exc, "pos_in_stream", None)) from None
    except (BadValue, ChamaError, LarkError, ValueError) as exc:
        raise _reject(clean, f"impossible value: {exc}") from None


def classify(text: object) -> tuple[Outcome, MpesaMessage | MpesaParseFailure]:
    """The outcome and either the message or the failure, without raising."""
    try:
        return Outcome.PARSED, parse_mpesa(text)
    except MalformedConfirmation as exc:
        return Outcome.MALFORMED, _as_value(exc)
    except NotAConfirmation as exc:
        return Outcome.NOT_A_CONFIRMATION, _as_value(exc)


def _as_value(failure: MpesaParseFailure) -> MpesaParseFailure:
    """A failure handed back as a value, without its traceback or the suppressed error it was raised
    from: their frames chain back to the caller's, so a caller holding the failure in a local would
    sit in a reference cycle (with everything its frame holds, a whole batch) until the collector ran."""
    failure.__traceback__ = None
    failure.__context__ = None
    return failure
