"""`flask mpesa parse [FILE|-]`: confirmations in, one JSON line each out.

Input is JSON lines, `{"text": ...}`. Output is one JSON line per input
line: the fields of `parser.mpesa_record.to_record` (amounts as decimal strings), or
`{"error": code, "hint": ...}`. A line that is not JSON gets an error line;
the command never stops half-way through a file.
"""
from __future__ import annotations

import json

import click

from chamabora.cli.groups import OperatorGroup
from chamabora.parser.mpesa_errors import MpesaParseFailure
from chamabora.parser.mpesa_parser import parse_mpesa
from chamabora.parser.mpesa_record import to_record

mpesa_cli = OperatorGroup("mpesa", help="Read M-Pesa confirmation SMS.")

BAD_LINE = {"error": "invalid_json_line", "hint": 'Each line must be a JSON object like {"text": "..."}.'}


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
