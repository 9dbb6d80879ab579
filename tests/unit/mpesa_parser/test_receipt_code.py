"""The date a modern transaction code implies, checked against dated messages."""
import json
from datetime import date
from pathlib import Path

import pytest

from chamabora.parser.receipt_code import days_apart, implied_date

CORPUS = json.loads((Path(__file__).parents[2] / "fixtures" / "mpesa_messages.json").read_text("utf-8"))


@pytest.mark.parametrize(
    ("code", "expected"),
    [("NLJ7RT61SV", date(2019, 12, 19)), ("OAO0KWM4LQ", date(2020, 1, 24)), ("QLS36WR65R", date(2022, 12, 28)),
     ("RIP1234567", date(2023, 9, 25)), ("TAF5BV0XRN", date(2025, 1, 15)), ("UEVLA5Z1RU", date(2026, 5, 31)),
     ("UJ1C68SPRQ", date(2026, 10, 1)), ("JGU0SWAWMQ", date(2015, 7, 30)), ("LJI7QV5BP9", date(2017, 10, 18)),
     ("MF76TNO4KG", date(2018, 6, 7))],
)
def test_first_three_characters_give_year_month_and_day(code, expected):
    assert implied_date(code) == expected


@pytest.mark.parametrize("code", ["BI94HR849", "DT85TH896", "IF76TNO4KG", "QMA1234567", "QB01234567", "QBW1234567", "", "QLS"])
def test_codes_outside_the_rule_imply_no_date(code):
    assert implied_date(code) is None


def test_an_impossible_day_implies_no_date():
    assert implied_date("QBU1234567") is None  # 30 February


REAL = json.loads((Path(__file__).parents[2] / "fixtures" / "mpesa_real" / "genuine.json").read_text("utf-8"))


@pytest.mark.parametrize("entries", [CORPUS, REAL["messages"]], ids=["corpus", "real set"])
def test_every_printed_date_agrees_with_its_code(entries):
    dated = [e["expected"] for e in entries if e["expected"]["date"] and implied_date(e["expected"]["code"] or "")]
    assert len(dated) >= 25
    assert all(days_apart(e["code"], date.fromisoformat(e["date"])) == 0 for e in dated)


def test_days_apart_measures_a_forged_date():
    assert days_apart("QLR45W5W0K", date(2023, 1, 5)) == 9
