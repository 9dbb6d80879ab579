"""`flask --app app command parse [FILE|-]`: the command grammar over JSON lines.

One `{"text": ...}` object in per line, one JSON object out per line: the
command (`{"command": "pay", "amount": "500.00", "chama": null}`: amounts
as decimal strings, dates YYYY-MM-DD, phones E.164, absent fields null) or
`{"error": code, "hint": ...}`. A broken input line gets an error line too,
so the output always has one line per non-blank input line.
"""
from __future__ import annotations

import enum
import json
from dataclasses import fields
from datetime import date, datetime
from typing import IO

import click

from chamabora.core.chama import Language
from chamabora.core.commands import Command
from chamabora.core.money import Money

from chamabora.cli.groups import OperatorGroup
from chamabora.parser.command_errors import ParseFailure
from chamabora.parser.command_parser import parse_command

command_cli = OperatorGroup("command", help="Read member commands as the SMS and WhatsApp channels do.")

_INPUT_HINTS = {
    "bad_json": ("Each line must be a JSON object.", "Kila mstari uwe kitu cha JSON."),
    "missing_text": ('Each line needs a "text" string.', 'Kila mstari uwe na maandishi "text".'),
}


def command_json(command: Command) -> dict[str, object]:
    """The machine form of a command, as the CLI and logs print it."""
    out: dict[str, object] = {"command": command.intent}
    for field in fields(command):
        out[field.name] = _json_value(getattr(command, field.name))
    return out


def _json_value(value: object) -> object:
    if isinstance(value, Money):
        return value.decimal_string()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def parse_line(line: str, today: date | None = None, language: Language = Language.EN) -> dict[str, object]:
    """One JSON line in, one JSON-ready dict out; never raises for bad input."""
    try:
        message = json.loads(line)
    except ValueError:
        return _input_error("bad_json", language)
    if not isinstance(message, dict):
        return _input_error("bad_json", language)
    text = message.get("text")
    if not isinstance(text, str):
        return _input_error("missing_text", language)
    try:
        return command_json(parse_command(text, today=today))
    except ParseFailure as failure:
        return {"error": failure.code, "hint": failure.hint(language)}


def _input_error(code: str, language: Language) -> dict[str, object]:
    english, swahili = _INPUT_HINTS[code]
    return {"error": code, "hint": swahili if language is Language.SW else english}


@command_cli.command("parse", with_appcontext=False)
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date 'end of month' counts from (default: today in Nairobi).")
@click.option("--language", type=click.Choice([lang.value for lang in Language]), default="en",
              help="Language of the hints in error lines.")
def parse(source: IO[str], today: datetime | None, language: str) -> None:
    """Read {"text": ...} JSON lines from FILE (or stdin) and print one result per line."""
    day = today.date() if today is not None else None
    for line in source:
        if line.strip():
            result = parse_line(line, day, Language(language))
            click.echo(json.dumps(result, ensure_ascii=False))
