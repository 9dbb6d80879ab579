"""`flask command parse`: JSON lines in, one JSON line out for each, whatever comes in."""
from __future__ import annotations

import json
from pathlib import Path

from flask import Flask

from chamabora.cli.parser import command_cli


def run(stdin: str, *args: str) -> list[dict[str, object]]:
    app = Flask(__name__)
    app.cli.add_command(command_cli)
    result = app.test_cli_runner().invoke(args=["command", "parse", *args], input=stdin)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_a_payment_comes_out_with_the_amount_as_a_decimal_string_and_absent_fields_null() -> None:
    assert run('{"text": "PAY 1,500"}\n') == [{"command": "pay", "amount": "1500.00", "chama": None}]


def test_phones_dates_and_roles_come_out_in_their_machine_forms() -> None:
    lines = run(
        '{"text": "ROLE 0712 345 678 TREASURER"}\n'
        '{"text": "GOAL School fees 20k BY 31/01/2027"}\n'
        '{"text": "CREATE CHAMA Umoja 500 KILA WIKI"}\n'
    )
    assert lines == [
        {"command": "assign_role", "phone": "+254712345678", "role": "treasurer"},
        {"command": "set_goal", "name": "School fees", "target": "20000.00", "by": "2027-01-31"},
        {"command": "create_chama", "name": "Umoja", "contribution": "500.00", "frequency": "weekly"},
    ]


def test_end_of_month_counts_from_the_day_given_on_the_command_line() -> None:
    lines = run('{"text": "LENGO Ada 2000 mwisho wa mwezi"}\n', "--today", "2028-02-10")
    assert lines[0]["by"] == "2028-02-29"


def test_a_command_that_does_not_parse_gives_its_code_and_hint() -> None:
    assert run('{"text": "PAY five hundred"}\n') == [
        {"error": "amount_not_numeric", "hint": "Send the amount in numbers, e.g. PAY 500"},
    ]


def test_hints_can_be_asked_for_in_swahili() -> None:
    lines = run('{"text": "lipa mia tano"}\n', "--language", "sw")
    assert lines == [{"error": "amount_not_numeric", "hint": "Tuma kiasi kwa tarakimu, mfano LIPA 500"}]


def test_broken_lines_give_error_lines_and_the_rest_still_parse() -> None:
    lines = run('not json\n[1, 2]\n{"txt": "BAL"}\n{"text": 5}\n\n{"text": "SALIO"}\n')
    assert [line.get("error") for line in lines] == ["bad_json", "bad_json", "missing_text", "missing_text", None]
    assert lines[-1] == {"command": "check_balance", "chama": None}
    assert all(line.get("hint") for line in lines[:4])


def test_a_file_argument_is_read_like_stdin(tmp_path: Path) -> None:
    source = tmp_path / "inbox.jsonl"
    source.write_text('{"text": "JIUNGE umoja"}\n{"text": "STOP"}\n', encoding="utf-8")
    assert run("", str(source)) == [{"command": "join_chama", "code": "UMOJA"}, {"command": "opt_out"}]


def test_unicode_text_round_trips_without_escaping() -> None:
    app = Flask(__name__)
    app.cli.add_command(command_cli)
    result = app.test_cli_runner().invoke(args=["command", "parse"], input='{"text": "REGISTER Wanjirũ Ng’ang’a"}\n')
    assert json.loads(result.output) == {"command": "register", "name": "Wanjirũ Ng’ang’a"}
    assert "Wanjirũ" in result.output
