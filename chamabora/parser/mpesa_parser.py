"""Reading forwarded M-Pesa confirmation SMS: `parse_mpesa` and `classify`.

The grammar (mpesa.lark, mpesa_tokens.lark) is LALR with Lark's contextual
lexer, built once per process and cached on disk so a cold start loads it
in milliseconds; the transformer runs inline, so no parse tree is built.

Three outcomes, never a fourth: an `MpesaMessage`; `UnrecognisedMessage`
when the text looks like an M-Pesa message but matches no kind (carrying
the receipt code if one was read); `NotAConfirmation` for everything else.
Any other exception from here is a bug.

Messages reach us reformatted, and reading survives it: line breaks and
runs of spaces are the grammar's separators; `normalise` drops a leading
sender label ("MPESA", "From: M-PESA"), a WhatsApp copy's "[date] name:"
header, invisible characters and odd spaces, and a doubled currency; a
text cut at 160 characters by an old phone is read up to its last whole
clause (`_complete_prefixes`).
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
from chamabora.core.mpesa_message import MpesaKind, MpesaMessage

from chamabora.parser.mpesa_errors import MpesaParseFailure, NotAConfirmation, UnrecognisedMessage
from chamabora.parser.mpesa_transformer import BadValue, MpesaTransformer, build_message, money_from

GRAMMAR_DIR = Path(__file__).resolve().parent
GRAMMAR_FILES = ("mpesa.lark", "mpesa_tokens.lark")
MAX_LENGTH = 2000  # a few concatenated SMS; longer text is not one forwarded confirmation

# "8:08 AMWithdraw": some handsets drop the space after the time. Only after
# minutes: a receipt code such as QB4PMJ0QO2 holds "4PM" and must stay whole.
_GLUED_MERIDIEM = re.compile(r"(:\d{1,2}\s?[AaPp][Mm])(?=[A-Za-z])")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_ODD_SPACE = re.compile("[\u00a0\u2007\u202f\u2009\u3000]")
# "[30/05/2026, 20:07] Mama Njeri: " (a WhatsApp copy), "MPESA", "From: M-PESA": as many as are stacked
_LABEL = re.compile(r"^\s*(?:(?:\[[^\]]{4,40}\]\s*[^:\n]{1,40}:|(?:from|sender)\s*:?\s*M-?PESA\b\s*:?|M-?PESA\b\s*[:\-]?)\s*)+"
                    r"(?=[A-Z0-9]{8,12}\b|Confirmed\b|Failed\b|Dear\b|Insufficient\b|Hakuna\b|Umekataa\b)", re.I)
_DOUBLED_CURRENCY = re.compile(r"\b(Ksh|KES)\s?(?=(?:Ksh|KES)\.?\s?\d)", re.I)
_WORD_GAP = re.compile(r"\s+")
_CUT_FIGURE = re.compile(r"K(?:sh|ES)\.?\s?\d[\d,]*\.$", re.I)   # "Ksh 419." of "Ksh 419.56": Safaricom prints both decimals
_WHOLE_END = re.compile(r"(?:[.#!?)]|\d\.\d\d)$")
_CLAUSE_OPENERS = frozenset("new transaction amount your available baki salio gharama kiwango ksh kes".split())
TRUNCATED_FROM, CUT_AT = 140, 160   # a text this long that breaks may have been cut at 160 on the way
CUT_SMS_FROM = 152                  # a cut SMS keeps this much once a sender label inside the cut is gone
BACK_OFF = 12                       # words given up, at most, to find where a cut message still reads
_HEADER = re.compile(r"\b([A-Z0-9]{8,12})\s*[.,]?\s*(?:confirmed|imethibitishwa)\b", re.I)
_LEADING_CODE = re.compile(r"^\s*([A-Z0-9]{9,10})\b")
_MENTIONS_MPESA = re.compile(r"m-?pesa", re.I)
_MENTIONS_MONEY = re.compile(r"k(?:sh|es)\.?\s?\d", re.I)
_FAILURE_START = re.compile(r"^\s*(?:[A-Z0-9]{10}\s+)?(?:Failed\b|Insufficient\s+funds|Hakuna\s+pesa|Umekataa)", re.I)
_MONEY_IN_TEXT = re.compile(r"k(?:sh|es)\.?\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?", re.I)
_FAILURE_BALANCE = re.compile(r"balance\s+(?:is\s+|ni\s+)?(k(?:sh|es)\.?\s?[\d,]+(?:\.\d{1,2})?)", re.I)
_FAILURE_LIMIT = re.compile(r"limit\s+(?:is\s+)?(k(?:sh|es)\.?\s?[\d,]+(?:\.\d{1,2})?)", re.I)
_SWAHILI = re.compile(r"\b(?:Imethibitishwa|Umepokea|imetumwa|Umelipa|Umenunua|Baki|Salio|Hakuna|Umekataa)\b", re.I)


class Outcome(enum.Enum):
    PARSED = "parsed"
    UNRECOGNISED = "unrecognised"
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


class CutShort(Exception):
    """A message cut inside its last figure, which is never read as whole; `pos_in_stream` is where, as on
    Lark's UnexpectedInput."""

    def __init__(self, position: int) -> None:
        super().__init__(f"cut short at {position}")
        self.pos_in_stream = position


def parse_fields(clean: str) -> dict:
    """The grammar's fields for normalised text; raises Lark's UnexpectedInput where it breaks."""
    return parser().parse(clean)  # type: ignore[return-value]


def normalise(text: str) -> str:
    """Undo what handsets and forwarding add; whitespace and separators are the grammar's job."""
    if not text.isascii():
        text = _ODD_SPACE.sub(" ", _INVISIBLE.sub("", text))
    text = _LABEL.sub("", text, count=1)
    if "sh K" in text or "sh k" in text or "KSH K" in text.upper():
        text = _DOUBLED_CURRENCY.sub("", text)
    return _GLUED_MERIDIEM.sub(r"\1 ", text).strip()


def looks_like_confirmation(text: str) -> bool:
    if _HEADER.search(text) or _FAILURE_START.match(text):
        return True
    return bool(_MENTIONS_MPESA.search(text) and _MENTIONS_MONEY.search(text))


def _receipt_code(text: str) -> str | None:
    match = _HEADER.search(text) or _LEADING_CODE.match(text)
    return match.group(1).upper() if match else None


def _failure_fields(fields: dict, text: str) -> dict:
    """A failure notice's sum, and the balance and Fuliza limit it reports, by pattern: its wording
    varies more than the confirmations' and nothing is booked from it."""
    money = _MONEY_IN_TEXT.search(text)
    if money:
        fields["amount"] = money_from(money.group(0))
    for key, pattern in (("balance", _FAILURE_BALANCE), ("limit", _FAILURE_LIMIT)):
        found = pattern.search(text)
        if found:
            fields[key] = money_from(found.group(1))
    return fields


def _reject(text: str, reason: str, position: int | None = None) -> MpesaParseFailure:
    if looks_like_confirmation(text):
        return UnrecognisedMessage(reason, receipt_code=_receipt_code(text), position=position)
    return NotAConfirmation(reason)


def looks_cut(raw: str, clean: str) -> bool:
    """Cut at 160 by an old phone: at least that long as it reached us (a WhatsApp header may come on top),
    and not ending as a whole message does: a full stop, "*334#", a figure with its two decimals
    (genuine messages of 150-157 characters end on one: "New Utility balance is Ksh41,614.00"). A
    figure cut after its point ("Ksh 419.") ends like a sentence, so only a text as long as a cut SMS
    leaves is taken for cut there ("Transaction Cost Ksh 0." ends a whole 139-character notice)."""
    if len(raw) < CUT_AT:
        return False
    # its ending is at most four characters: searched for there, not across the whole text
    whole = _WHOLE_END.search(clean, max(0, len(clean) - 4)) is not None
    return not whole or (len(clean) >= CUT_SMS_FROM and _CUT_FIGURE.search(clean) is not None)


def _complete_prefixes(clean: str, broken_at: int | None = None):  # type: ignore[no-untyped-def]
    """The text without its last word, then without more words, for a text cut short: an old phone
    stops at 160 characters, mid-word or mid-figure ("Ksh 857.7" of "Ksh 857.72"), so the last word is
    never trusted, and each earlier cut may land where a clause ends."""
    # a prefix reaching past where the whole text broke breaks there too
    ends = [found.start() for found in _WORD_GAP.finditer(clean, max(0, len(clean) - 80))
            if broken_at is None or found.start() <= broken_at]
    tried = 0
    for end in reversed(ends):
        prefix = clean[:end]
        # a cut inside "New M-PESA balance is" must not leave "New M-PESA" to be read as part of a name
        if any(word.strip(".,").lower() in _CLAUSE_OPENERS for word in prefix[-30:].split()[-3:]):
            continue
        yield prefix
        tried += 1
        if tried == BACK_OFF:
            return


def _read(raw: str, clean: str) -> dict:
    cut = looks_cut(raw, clean)
    broken_at = None
    if not cut:
        try:
            return parse_fields(clean)
        except UnexpectedInput as exc:
            broken_at = getattr(exc, "pos_in_stream", None)
            if len(clean) < TRUNCATED_FROM or (broken_at is not None and broken_at < len(clean) - 80):
                raise
    for prefix in _complete_prefixes(clean, broken_at):
        try:
            return parse_fields(prefix)
        except (UnexpectedInput, BadValue, ChamaError, LarkError, ValueError):
            continue
    if cut and _CUT_FIGURE.search(clean):
        raise CutShort(len(clean))  # its last figure is cut short: never read it as whole
    return parse_fields(clean)  # raises where the whole text breaks, as a caller expects


def parse_mpesa(text: object) -> MpesaMessage:
    """Read one confirmation; raise UnrecognisedMessage or NotAConfirmation."""
    if not isinstance(text, str) or not text.strip():
        raise NotAConfirmation("empty or not text")
    if len(text) > MAX_LENGTH:
        raise _reject(text[:MAX_LENGTH], "too long for one confirmation")
    clean = normalise(text)
    try:
        fields = _read(text, clean)
        if fields["kind"] is MpesaKind.FAILURE:
            fields = _failure_fields(fields, clean)
        # Every Swahili template names itself within its first few words.
        language = "sw" if _SWAHILI.search(clean, 0, 64) else "en"
        return build_message(fields, raw=text, language=language)
    except (UnexpectedInput, CutShort) as exc:
        raise _reject(clean, "breaks the confirmation grammar", getattr(exc, "pos_in_stream", None)) from None
    except (BadValue, ChamaError, LarkError, ValueError) as exc:
        raise _reject(clean, f"impossible value: {exc}") from None


def classify(text: object) -> tuple[Outcome, MpesaMessage | MpesaParseFailure]:
    """The outcome and either the message or the failure, without raising."""
    try:
        return Outcome.PARSED, parse_mpesa(text)
    except UnrecognisedMessage as exc:
        return Outcome.UNRECOGNISED, _as_value(exc)
    except NotAConfirmation as exc:
        return Outcome.NOT_A_CONFIRMATION, _as_value(exc)


def _as_value(failure: MpesaParseFailure) -> MpesaParseFailure:
    """A failure handed back as a value, without its traceback or the suppressed error it was raised
    from: their frames chain back to the caller's, so a caller holding the failure in a local would
    sit in a reference cycle (with everything its frame holds, a whole batch) until the collector ran."""
    failure.__traceback__ = None
    failure.__context__ = None
    return failure
