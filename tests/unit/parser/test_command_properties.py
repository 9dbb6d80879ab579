"""Properties over random input: valid commands read back exactly, and no text breaks the parser."""
from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chamabora.core.chama import Language
from chamabora.core.commands import COMMAND_TYPES, Command
from chamabora.parser.command_errors import CODES, ParseFailure
from chamabora.parser.command_parser import parse_command

from .command_strategies import written_commands

TODAY = date(2026, 5, 14)
FRAGMENTS = [
    "pay", "lipa", "mkopo", "loan", "goal", "by", "bal", "salio", "500", "1,500", "1.5k", "ksh", "sh", "/-",
    "0712345678", "+254", "31/01/2027", "jan", "2027", "end of month", "umoja", "treasurer", "months",
    "#", "*", ",", ".", "-", "/", "'", "?", "k", "0", "99999999999999999999", "qgh7xk2l9p", "\n", "  ",
    "\u00a0", "é", "٥٠٠", "１２", "🙏", "_", "=", "+", "role", "help", "lang", "sw", "stop", "weka", "ya",
]
commandish = st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join) | st.lists(
    st.sampled_from(FRAGMENTS), max_size=12).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(written_commands())
def test_a_valid_command_written_any_common_way_reads_back_as_the_same_command(
    case: tuple[Command, str, Language],
) -> None:
    command, text, _language = case
    assert parse_command(text, today=TODAY) == command


def _outcome(text: object) -> Command | ParseFailure:
    try:
        return parse_command(text, today=TODAY)  # type: ignore[arg-type]
    except ParseFailure as failure:
        return failure


def _assert_sane(outcome: Command | ParseFailure) -> None:
    if isinstance(outcome, ParseFailure):
        assert outcome.code in CODES
        assert 0 < len(outcome.hint_en) <= 160
        assert 0 < len(outcome.hint_sw) <= 160
    else:
        assert isinstance(outcome, COMMAND_TYPES)


@settings(max_examples=500)
@given(st.text(max_size=200))
@example("")
@example("\x00")
@example("pay " + "9" * 1000)
def test_any_text_at_all_gives_a_command_or_a_parse_failure(text: str) -> None:
    _assert_sane(_outcome(text))


@settings(max_examples=1000)
@given(commandish)
def test_text_made_of_command_fragments_gives_a_command_or_a_parse_failure(text: str) -> None:
    _assert_sane(_outcome(text))


@given(st.one_of(st.none(), st.integers(), st.binary(), st.lists(st.text())))
def test_a_value_that_is_not_text_is_a_parse_failure_too(value: object) -> None:
    outcome = _outcome(value)
    assert isinstance(outcome, ParseFailure)
    assert outcome.code == "empty"
