"""Why a member's command could not be read, and what to send instead.

`ParseFailure` is the only exception `parse_command` raises. Its `code` is
stable (channels and tests key on it); `intent` is the command the member
seems to have meant, when we can tell; `suggestion` is the keyword we think
they misspelt. The hint text is built from these in English or Swahili and
always names a command the member can send as it is.
"""
from __future__ import annotations

from chamabora.core.chama import Language
from chamabora.core.errors import ChamaError

from chamabora.parser.command_hints import hint_text

CODES = frozenset({
    "empty", "too_long", "unknown_command", "unexpected_text",
    "missing_amount", "amount_not_numeric", "bad_amount",
    "missing_phone", "bad_phone", "missing_name", "missing_chama", "bad_chama",
    "missing_code", "bad_code", "missing_months", "bad_months",
    "missing_date", "bad_date", "missing_role", "bad_role",
    "missing_language", "bad_language", "bad_frequency", "missing_ref", "bad_ref", "bad_plan", "bad_rule",
})


class ParseFailure(ChamaError):
    code = "parse_failure"

    def __init__(self, code: str, intent: str | None = None, suggestion: str | None = None) -> None:
        if code not in CODES:
            raise ValueError(f"unknown parse failure code {code!r}")
        self.code = code
        self.intent = intent
        self.suggestion = suggestion
        super().__init__(self.hint_en, intent=intent, suggestion=suggestion)

    def hint(self, language: Language | str = Language.EN) -> str:
        return hint_text(self.code, self.intent, self.suggestion, Language(language))

    @property
    def hint_en(self) -> str:
        return self.hint(Language.EN)

    @property
    def hint_sw(self) -> str:
        return self.hint(Language.SW)

    def with_intent(self, intent: str | None) -> ParseFailure:
        """The same failure, naming `intent` when the grammar could not tell it."""
        if self.intent is not None or intent is None:
            return self
        return ParseFailure(self.code, intent, self.suggestion)

    def __repr__(self) -> str:
        return f"ParseFailure({self.code!r}, intent={self.intent!r}, suggestion={self.suggestion!r})"
