"""The held-out real-message set (tests/fixtures/mpesa_real): every message read to exactly its
hand-written fields, and still read after the reformatting forwarding brings."""
import json
from pathlib import Path

import pytest

from chamabora.parser.mpesa_forwarding import LOSSLESS, REFORMATS
from chamabora.parser.mpesa_record import to_record
from chamabora.parser.mpesa_parser import Outcome, classify, parse_mpesa

REAL = json.loads((Path(__file__).parents[2] / "fixtures" / "mpesa_real" / "genuine.json").read_text("utf-8"))["messages"]
IDS = [f"{e['id']}-{e['expected']['kind']}" for e in REAL]


@pytest.mark.parametrize("entry", REAL, ids=IDS)
def test_every_real_message_reads_to_its_expected_fields(entry):
    assert to_record(parse_mpesa(entry["text"])) == entry["expected"]


@pytest.mark.parametrize("how", LOSSLESS)
@pytest.mark.parametrize("entry", REAL, ids=IDS)
def test_reformatting_by_phones_and_whatsapp_changes_no_field(entry, how):
    assert to_record(parse_mpesa(REFORMATS[how](entry["text"]))) == entry["expected"]


@pytest.mark.parametrize("entry", [e for e in REAL if len(e["text"]) > 160], ids=lambda e: e["id"])
def test_a_message_cut_at_160_characters_still_reads_and_what_it_keeps_is_right(entry):
    outcome, message = classify(REFORMATS["old_phone_cut"](entry["text"]))
    assert outcome is Outcome.PARSED
    record = to_record(message)
    assert record["kind"] == entry["expected"]["kind"] and record["code"] == entry["expected"]["code"]
    assert {k: v for k, v in record.items() if v is not None} == \
        {k: entry["expected"][k] for k, v in record.items() if v is not None}


def test_the_set_spans_kinds_eras_and_both_languages():
    assert len(REAL) >= 60
    assert len({e["expected"]["kind"] for e in REAL}) >= 18
    assert {e["era"] for e in REAL} == {"2011-2014", "2015-2018", "2023-2026", "undated"}
    assert {e["language"] for e in REAL} == {"en", "sw"}
    assert all(e["source"].strip() for e in REAL)
