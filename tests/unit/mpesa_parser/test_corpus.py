"""Every message in the cited corpus parses to exactly its expected fields."""
import json
from collections import Counter
from pathlib import Path

import pytest

from chamabora.core.mpesa_message import MpesaKind
from chamabora.parser.mpesa_record import to_record
from chamabora.parser.mpesa_parser import parse_mpesa

FIXTURES = Path(__file__).parents[2] / "fixtures"
CORPUS = json.loads((FIXTURES / "mpesa_messages.json").read_text("utf-8"))
REAL = json.loads((FIXTURES / "mpesa_real" / "genuine.json").read_text("utf-8"))["messages"]


@pytest.mark.parametrize("entry", CORPUS, ids=[f"{i}-{e['expected']['kind']}" for i, e in enumerate(CORPUS)])
def test_each_corpus_message_parses_to_its_expected_fields(entry):
    assert to_record(parse_mpesa(entry["text"])) == entry["expected"]


def test_the_corpus_holds_at_least_sixty_messages_each_with_a_source():
    assert len(CORPUS) >= 60
    assert all(entry["source"].strip() for entry in CORPUS)


def test_the_corpus_and_the_real_set_together_cover_every_message_kind():
    kinds = Counter(entry["expected"]["kind"] for entry in CORPUS + REAL)
    assert set(kinds) == {kind.value for kind in MpesaKind}


def test_the_corpus_spans_nine_and_ten_character_code_eras():
    lengths = {len(entry["expected"]["code"]) for entry in CORPUS if entry["expected"]["code"]}
    years = {entry["expected"]["date"][:4] for entry in CORPUS if entry["expected"]["date"]}
    assert lengths == {9, 10}
    assert {"2011", "2013", "2014", "2022", "2025", "2026"} <= years


def test_swahili_messages_are_marked_as_swahili():
    message = parse_mpesa(next(e["text"] for e in CORPUS if "Umepokea" in e["text"]))
    assert message.language == "sw"


def test_the_raw_text_is_kept_unchanged():
    text = CORPUS[0]["text"]
    assert parse_mpesa(text).raw == text
