"""Building a command from what the grammar read: `build` calls the core's
constructor for the intent and turns its objections into `ParseFailure`,
with the code a reply can explain. Shared by every part of the command
transformer (`CommandTransformer` and its bases `RuleTransformer` and
`OfficerTransformer`), so it sits below them all."""
from __future__ import annotations

from chamabora.core import commands as c
from chamabora.core.errors import ChamaError, InvalidAmount, InvalidInput, InvalidPhone

from chamabora.parser.command_errors import ParseFailure

_ERROR_CODES = ((InvalidAmount, "bad_amount"), (InvalidPhone, "bad_phone"))
_HINTED = ("bad_months", "missing_name", "missing_date", "bad_ref", "bad_rule")


def build(intent: str, *args: object) -> c.Command:
    """Construct the intent's command, turning the core's objections into ParseFailure."""
    try:
        return c.COMMANDS_BY_INTENT[intent](*args)
    except ChamaError as exc:
        raise ParseFailure(_code_for(exc), intent) from exc


def _code_for(exc: ChamaError) -> str:
    for kind, code in _ERROR_CODES:
        if isinstance(exc, kind):
            return code
    hinted = exc.details.get("code_hint") if isinstance(exc, InvalidInput) else None
    return hinted if hinted in _HINTED else "unexpected_text"
