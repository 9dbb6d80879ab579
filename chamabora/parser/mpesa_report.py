"""`python -m chamabora.parser.mpesa_report`: how the M-Pesa grammar reads the
held-out real set (tests/fixtures/mpesa_real/genuine.json), per kind, as the
Markdown table in docs/MPESA_MESSAGES.md: messages, how many were read, how
many with every field exact, and how many still exact after each of the
reformattings forwarding brings."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from chamabora.parser.mpesa_forwarding import LOSSLESS, REFORMATS
from chamabora.parser.mpesa_parser import Outcome, classify
from chamabora.parser.mpesa_record import to_record

REAL = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "mpesa_real" / "genuine.json"


def exact(text: str, expected: dict) -> tuple[bool, bool]:
    """(read at all, every field exact)."""
    outcome, result = classify(text)
    return outcome is Outcome.PARSED, outcome is Outcome.PARSED and to_record(result) == expected


def table(path: Path = REAL) -> list[str]:
    entries = json.loads(path.read_text("utf-8"))["messages"]
    rows: dict[str, dict[str, object]] = defaultdict(lambda: {"n": 0, "read": 0, "exact": 0, "kept": 0,
                                                              "langs": set(), "eras": set()})
    for entry in entries:
        row = rows[entry["expected"]["kind"]]
        read, right = exact(entry["text"], entry["expected"])
        row["n"] += 1  # type: ignore[operator]
        row["read"] += read  # type: ignore[operator]
        row["exact"] += right  # type: ignore[operator]
        row["kept"] += all(exact(REFORMATS[how](entry["text"]), entry["expected"])[1] for how in LOSSLESS)  # type: ignore[operator]
        row["langs"].add(entry["language"])  # type: ignore[attr-defined]
        row["eras"].add(entry["era"])  # type: ignore[attr-defined]
    lines = ["| kind | messages | read | every field exact | exact after every reformatting | languages | eras |",
             "|---|---|---|---|---|---|---|"]
    total = {"n": 0, "read": 0, "exact": 0, "kept": 0}
    for kind, row in sorted(rows.items()):
        for key in total:
            total[key] += row[key]  # type: ignore[operator]
        lines.append(f"| {kind} | {row['n']} | {row['read']} | {row['exact']} | {row['kept']} | "
                     f"{', '.join(sorted(row['langs']))} | {', '.join(sorted(row['eras']))} |")  # type: ignore[arg-type]
    lines.append(f"| **all** | {total['n']} | {total['read']} | {total['exact']} "
                 f"({total['exact'] / total['n']:.1%}) | {total['kept']} | | |")
    return lines


if __name__ == "__main__":
    print("\n".join(table()))
