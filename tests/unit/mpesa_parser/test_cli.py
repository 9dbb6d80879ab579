"""`flask mpesa parse`: JSON lines in, JSON lines out, never a crash."""
import json

import pytest
from flask import Flask

from chamabora.cli.mpesa_parser import mpesa_cli

GENUINE = ("DY28XV679 Confirmed. Ksh4,000.00 sent to KCB Paybill AC for account 1137238445 on 9/9/13 at 11:31 PM\n"
           "New M-PESA balance is Ksh22.00.")


@pytest.fixture
def runner():
    app = Flask("chamabora-test")
    app.cli.add_command(mpesa_cli)
    return app.test_cli_runner()


def run(runner, lines):
    result = runner.invoke(args=["mpesa", "parse", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_a_parsed_message_becomes_one_json_line_with_decimal_strings(runner):
    [record] = run(runner, [json.dumps({"text": GENUINE})])
    assert record == {"kind": "paybill", "code": "DY28XV679", "amount": "4000.00", "counterparty_name": "KCB Paybill AC",
                      "counterparty_phone": None, "account": "1137238445", "date": "2013-09-09", "time": "23:31",
                      "balance": "22.00", "cost": None, "counterparty_number": None, "related_code": None,
                      "other_balance": None, "outstanding": None, "due_date": None, "limit": None}


def test_unreadable_and_tampered_lines_become_error_lines_in_order(runner):
    records = run(runner, ["{not json", json.dumps({"text": "hello"}), json.dumps({"text": GENUINE.replace("4,000", "4,0000")}),
                           json.dumps(["text"]), json.dumps({"text": GENUINE})])
    assert [r.get("error") for r in records] == ["invalid_json_line", "mpesa_not_a_confirmation",
                                                "mpesa_unrecognised", "invalid_json_line", None]
    assert all(r["hint"] for r in records[:4])


def test_the_command_reads_a_file(runner, tmp_path):
    source = tmp_path / "messages.jsonl"
    source.write_text(json.dumps({"text": GENUINE}) + "\n\n", encoding="utf-8")
    result = runner.invoke(args=["mpesa", "parse", str(source)])
    assert [json.loads(line)["code"] for line in result.output.splitlines()] == ["DY28XV679"]
