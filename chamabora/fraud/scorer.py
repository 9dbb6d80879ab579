"""Scoring one forwarded confirmation: the probability it is forged, whether
that crosses the threshold, and the signals that pushed it up.

The fitted coefficients are copied out of the estimator once, so a score is
a parse, the signals, the n-gram weights summed in numpy (grams.py) and a
short dot product in Python: well under a millisecond, and scikit-learn's
`predict_proba` to the last bits of float rounding (sums in another order).
A batch reads each message's signals the same way but hashes all its
n-grams at once. Nothing scales with the size of the training set.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..core.mpesa_message import MpesaMessage
from ..parser.mpesa_parser import Outcome
from .features import SIGNALS, Context, Features, read
from .grams import wording_of, wording_sums
from .model import ARTIFACT, GRAM_SCALE, Artifact, load_artifact

WORDING = "wording"              # the n-grams together: the text does not read like Safaricom's
NEVER_A_REASON = frozenset({"era_old", "language_sw", "incoming", "no_forward_time", "no_expected_recipient",
                            "recipient_match", "cost_ok", "balance_chain_exact"})
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
        coef = artifact.estimator.coef_[0]  # type: ignore[attr-defined]
        self.signal_weights: list[float] = coef[:len(SIGNALS)].tolist()
        self.gram_weights: list[float] = coef[len(SIGNALS):].tolist()
        self.gram_array = coef[len(SIGNALS):].astype(float)
        self.intercept = float(artifact.estimator.intercept_[0])  # type: ignore[attr-defined]
        self.threshold = float(threshold if threshold is not None else artifact.meta.get("threshold", 0.5))
        self.meta = artifact.meta

    def score(self, text: str, context: Context = Context()) -> Verdict:
        values, outcome, message, code = read(text, context)
        total, size = wording_of(text, self.gram_array)
        return self._verdict(values, GRAM_SCALE * total / math.sqrt(size) if size else 0.0, outcome, message, code)

    def judge(self, features: Features) -> Verdict:
        grams = features.grams
        wording = 0.0
        if grams:
            wording = GRAM_SCALE * sum(map(self.gram_weights.__getitem__, grams)) / math.sqrt(len(grams))
        return self._verdict(features.values, wording, features.outcome, features.message, features.code)

    def score_many(self, items: Iterable[tuple[str, Context]]) -> list[Verdict]:
        """The verdicts `score` gives, one message after another, with the n-grams done for the batch at once."""
        items = list(items)
        readings = [read(text, context) for text, context in items]
        sums, sizes = wording_sums([text for text, _ in items], self.gram_array)
        wordings = (GRAM_SCALE * sums / np.sqrt(np.maximum(sizes, 1))).tolist()
        return [self._verdict(values, wording, outcome, message, code)
                for (values, outcome, message, code), wording in zip(readings, wordings)]

    def _verdict(self, values: list[float], wording: float, outcome: Outcome, message: MpesaMessage | None,
                 code: str | None) -> Verdict:
        weights = self.signal_weights
        parts = [(SIGNALS[i], weights[i] * values[i]) for i in compress(_COLUMNS, values)]
        z = self.intercept + wording + sum(c for _, c in parts)
        probability = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
        parts.append((WORDING, wording))
        flagged = probability >= self.threshold
        return Verdict(probability, flagged, _reasons(parts, flagged), outcome, message, code)


def _reasons(parts: list[tuple[str, float]], flagged: bool) -> tuple[str, ...]:
    ranked = sorted((p for p in parts if p[0] not in NEVER_A_REASON and p[1] > 0), key=lambda p: -p[1])
    chosen = [name for name, weight in ranked if weight >= REASON_FLOOR][:TOP]
    if flagged and not chosen and ranked:
        chosen = [ranked[0][0]]
    return tuple(chosen)


@lru_cache(maxsize=4)
def default_scorer(path: Path = ARTIFACT, threshold: float | None = None) -> Scorer:
    """The committed model, loaded once per process."""
    return Scorer(load_artifact(path), threshold)
