"""Training the fraud model (`make model`).

A logistic regression over the named evidence signals (`features.py`),
trained on the synthetic generator's samples: genuine messages of every
kind and era with the reformatting forwarding brings, and forgeries made
the ways people make them. The wording of a message is not an input: a
model that learns how Safaricom words things accuses every genuine message
of a kind or era it has not seen. With evidence alone its probabilities are
calibrated (see `calibration` in evaluate.py). The same seed and count give
the same coefficients and metrics, which go into the artifact's metadata
(`artifact.py`) beside the hold-out metrics.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

from chamabora.fraud.artifact import Artifact
from chamabora.fraud.evaluate import calibration, measure
from chamabora.fraud.features import FEATURE_VERSION, SIGNALS, Context, Features, extract
from chamabora.fraud.synthetic.dataset import generate

TRAIN_SEED, TRAIN_COUNT = 20261126, 8_000
HOLDOUT_SEED, HOLDOUT_COUNT = 777, 4_000
THRESHOLD = 0.5
REGULARISATION = 1.0   # scikit-learn's C: keeps a signal seen on a handful of forgeries from a runaway weight


def matrix(rows: Sequence[Features]) -> np.ndarray:
    return np.array([features.values for features in rows], dtype=float).reshape(len(rows), len(SIGNALS))


def featurise(samples: Sequence[tuple[str, Context]]) -> list[Features]:
    return [extract(text, context) for text, context in samples]


def fit(rows: Sequence[Features], labels: Sequence[bool]) -> LogisticRegression:
    estimator = LogisticRegression(C=REGULARISATION, solver="liblinear", max_iter=1000, random_state=0)
    estimator.fit(matrix(rows), [int(label) for label in labels])
    return estimator


def train(seed: int = TRAIN_SEED, count: int = TRAIN_COUNT, holdout_seed: int = HOLDOUT_SEED,
          holdout_count: int = HOLDOUT_COUNT) -> Artifact:
    """Generate, fit and measure on a hold-out with another seed and unseen templates."""
    samples = generate(seed, count)
    estimator = fit(featurise([(s.text, s.context) for s in samples]), [s.forged for s in samples])
    meta: dict[str, object] = {
        "name": "chamabora-fraud", "feature_version": FEATURE_VERSION,
        "signals": list(SIGNALS), "sklearn_version": sklearn.__version__, "data_seed": seed,
        "train_count": count, "holdout_seed": holdout_seed, "holdout_count": holdout_count,
        "threshold": THRESHOLD, "regularisation": REGULARISATION}
    artifact = Artifact(estimator, meta)
    held = generate(holdout_seed, holdout_count, holdout=True)
    meta["metrics"] = measure(artifact, [(s.text, s.context) for s in held], [s.forged for s in held]).as_dict()
    meta["calibration"] = calibration(artifact, [(s.text, s.context) for s in held], [s.forged for s in held])
    return artifact
