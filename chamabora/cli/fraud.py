"""`flask --app app fraud score [FILE|-]`: one JSON object per input line
(`{"text": ..., "forwarded_at": ISO time or null, "expected_recipient":
name/number/paybill or null}`), one JSON line out (`{"score": 0..1,
"flagged": bool, "reasons": [...]}`). A line that cannot be read gets an
`error` instead, so a batch never stops half way."""
from __future__ import annotations

import json
from datetime import datetime
from typing import IO

import click

from chamabora.cli.groups import OperatorGroup
from chamabora.core.schedule import NAIROBI
from chamabora.fraud.features import Context
from chamabora.fraud.artifact import ModelMismatch
from chamabora.fraud.scorer import default_scorer

fraud_cli = OperatorGroup("fraud", help="Score forwarded M-Pesa confirmations for forgery.")


def context_of(record: dict[str, object]) -> Context:
    when = record.get("forwarded_at")
    expected = record.get("expected_recipient")
    recipients = tuple(expected) if isinstance(expected, list) else ((str(expected),) if expected else ())
    forwarded = datetime.fromisoformat(str(when)) if when else None
    if forwarded is not None and forwarded.tzinfo is not None:
        # SMS times are Nairobi wall-clock; compare like with like
        forwarded = forwarded.astimezone(NAIROBI).replace(tzinfo=None)
    return Context(forwarded_at=forwarded, expected_recipients=recipients)


def score_line(scorer, line: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    try:
        record = json.loads(line)
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ValueError("each line needs a JSON object with a text")
        return scorer.score(record["text"], context_of(record)).as_json()
    except ValueError as error:
        return {"error": str(error)}


@fraud_cli.command("score")
@click.argument("source", type=click.File("r"), default="-")
def score(source: IO[str]) -> None:
    try:
        scorer = default_scorer()
    except ModelMismatch as error:
        raise click.ClickException(str(error)) from error
    for line in source:
        if line.strip():
            click.echo(json.dumps(score_line(scorer, line), sort_keys=True))
