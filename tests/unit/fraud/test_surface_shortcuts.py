"""The surface reader's shortcuts say exactly what its regular expressions say."""
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from chamabora.core.money import Money
from chamabora.fraud.surface import _DAILY, _MASKED, _money, is_masked
from chamabora.fraud.synthetic.dataset import generate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TEXTS = [e["text"] for e in json.loads((FIXTURES / "mpesa_messages.json").read_text("utf-8"))] + \
    [e["text"] for e in json.loads((FIXTURES / "mpesa_real" / "genuine.json").read_text("utf-8"))["messages"]] + \
    [e["text"] for e in json.loads((FIXTURES / "mpesa_real" / "published_fakes.json").read_text("utf-8"))["messages"]] + \
    [s.text for seed in (1, 2) for s in generate(seed, 400)]
# letters re.IGNORECASE folds in unusual ways (Kelvin sign, long s, dotless i), control characters,
# and the pieces of every masking pattern
ALPHABET = st.sampled_from(list("XxOoCcKkEeDd*LlBbSsHh .\t\n\r\x0b\x7f0123456789") +
                           ["\u212a", "\u017f", "\u0131", "\u00e9", "\u00a0", "Ksh", "KES", "LOCKED", "LOOCKED", "*(",
                            "balance is ", "**"])


def test_masking_is_found_exactly_where_the_pattern_finds_it_in_real_and_synthetic_messages():
    for text in TEXTS + [t.replace("Ksh", "Ksh XXX ") for t in TEXTS[::7]] + ["*LOCKED*", "Ksh**", "lo\u212aed"]:
        assert is_masked(text) == bool(_MASKED.search(text)), text


@settings(max_examples=600, derandomize=True)
@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_the_shortcuts_agree_with_the_patterns_on_any_text(text):
    assert is_masked(text) == bool(_MASKED.search(text))


def parsed_as_before(figure):
    try:
        return Money.parse(figure.replace(",", ""))
    except Exception:  # noqa: BLE001 - the old reading: an unreadable figure is None
        return None


@settings(max_examples=300, derandomize=True)
@given(st.text(st.sampled_from("0123456789,.\u0661"), min_size=1, max_size=20))
def test_the_daily_limit_figure_reads_as_money_parse_reads_it(figure):
    assert _money(figure) == parsed_as_before(figure)


def test_every_daily_limit_line_in_the_messages_reads_as_before():
    lines = [m.group(1) for m in map(_DAILY.search, TEXTS) if m]
    assert lines and all(_money(line) == parsed_as_before(line) for line in lines)
