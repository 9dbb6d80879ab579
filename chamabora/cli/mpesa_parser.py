"""`flask mpesa parse [FILE|-]`: confirmations in, one JSON line each out.

Input is JSON lines, `{"text": ...}`. Output is one JSON line per input
line: the fields below with amounts as decimal strings, or
`{"error": code, "hint": ...}`. A line that is not JSON gets an error line;
the command never stops half-way through a file.
"""
from __future__ import annotations

import json

import click

from chamabora.core.mpesa_message import MpesaMessage

from chamabora.cli.groups import OperatorGroup
from chamabora.parser.mpesa_errors import MpesaParseFailure
from chamabora.parser.mpesa_parser import parse_mpesa

mpesa_cli = OperatorGroup("mpesa", help="Read M-Pesa confirmation SMS.")

BAD_LINE = {"error": "invalid_json_line", "hint": 'Each line must be a JSON object like {"text": "..."}.'}


def _amount(money) -> str | None:
    return None if money is None else money.decimal_string()


def to_record(message: MpesaMessage) -> dict:
    """The JSON shape of one parsed confirmation: the first ten fields as they always were, then the
    fields added since (see MpesaMessage), each null when the kind prints none."""
    at = message.occurred_at
    return {
        "kind": message.kind.value,
        "code": message.code,
        "amount": _amount(message.amount),
        "counterparty_name": message.counterparty_name,
        "counterparty_phone": message.counterparty_phone,
        "account": message.account,
        "date": at.strftime("%Y-%m-%d") if at else None,
        "time": at.strftime("%H:%M") if at else None,
        "balance": _amount(message.balance),
        "cost": _amount(message.cost),
        "counterparty_number": message.counterparty_number,
        "related_code": message.related_code,
        "other_balance": _amount(message.other_balance),
        "outstanding": _amount(message.outstanding),
        "due_date": message.due_date.isoformat() if message.due_date else None,
        "limit": _amount(message.limit),
    }


def parse_line(line: str) -> dict:
    try:
        payload = json.loads(line)
    except ValueError:
        return BAD_LINE
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        return BAD_LINE
    try:
        return to_record(parse_mpesa(payload["text"]))
    except MpesaParseFailure as failure:
        return {"error": failure.code, "hint": failure.hint}


@mpesa_cli.command("parse")
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
def parse_command(source) -> None:
    """Parse JSON lines from SOURCE (a file, or - for standard input)."""
    for line in source:
        if line.strip():
            click.echo(json.dumps(parse_line(line), ensure_ascii=False))
