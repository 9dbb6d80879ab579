"""Scoring one forwarded confirmation: the probability it is forged, whether
that crosses the threshold, and the evidence that pushed it up.

The fitted coefficients are copied out of the estimator once, so a score is
a parse, the signals and a dot product over the few signals that fired:
well under a millisecond, and scikit-learn's `predict_proba` to the last
bits of float rounding. Nothing scales with the size of the training set.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import NamedTuple

from chamabora.core.mpesa_message import MpesaMessage
from chamabora.parser.mpesa_parser import Outcome
from chamabora.fraud.features import SIGNALS, Context, Features, read
from chamabora.fraud.artifact import ARTIFACT, Artifact, load_artifact

REASON_FLOOR = 0.25              # a contribution smaller than this explains nothing
TOP = 3
_COLUMNS = range(len(SIGNALS))


class Verdict(NamedTuple):
    """A NamedTuple, not a frozen dataclass: one is made per message scored, four times faster."""

    score: float
    flagged: bool
    reasons: tuple[str, ...]     # signal names, strongest first (see explain.py for words)
    outcome: Outcome
    message: MpesaMessage | None
    code: str | None

    def as_json(self) -> dict[str, object]:
        return {"score": round(self.score, 4), "flagged": self.flagged, "reasons": list(self.reasons)}


class Scorer:
    def __init__(self, artifact: Artifact, threshold: float | None = None) -> None:
        self.signal_weights: list[float] = artifact.estimator.coef_[0].tolist()  # type: ignore[attr-defined]
        self.intercept = float(artifact.estimator.intercept_[0])  # type: ignore[attr-defined]
        self.threshold = float(threshold if threshold is not None else artifact.meta.get("threshold", 0.5))
        self.meta = artifact.meta

    def score(self, text: str, context: Context = Context()) -> Verdict:
        values, outcome, message, code = read(text, context)
        return self._verdict(values, outcome, message, code)

    def judge(self, features: Features) -> Verdict:
        return self._verdict(features.values, features.outcome, features.message, features.code)

    def score_many(self, items: Iterable[tuple[str, Context]]) -> list[Verdict]:
        return [self.score(text, context) for text, context in items]

    def _verdict(self, values: list[float], outcome: Outcome, message: MpesaMessage | None,
                 code: str | None) -> Verdict:
        weights = self.signal_weights
        parts = [(SIGNALS[i], weights[i] * values[i]) for i in compress(_COLUMNS, values)]
        z = self.intercept + sum(c for _, c in parts)
        probability = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
        flagged = probability >= self.threshold
        return Verdict(probability, flagged, _reasons(parts, flagged), outcome, message, code)


def _reasons(parts: list[tuple[str, float]], flagged: bool) -> tuple[str, ...]:
    ranked = sorted((p for p in parts if p[1] > 0), key=lambda p: -p[1])
    chosen = [name for name, weight in ranked if weight >= REASON_FLOOR][:TOP]
    if flagged and not chosen and ranked:
        chosen = [ranked[0][0]]
    return tuple(chosen)


@lru_cache(maxsize=4)
def default_scorer(path: Path = ARTIFACT, threshold: float | None = None) -> Scorer:
    """The committed model, loaded once per process."""
    return Scorer(load_artifact(path), threshold)
