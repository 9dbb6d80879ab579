"""Training the fraud model and its versioned artifact.

A logistic regression over the named evidence signals (`features.py`),
trained on the synthetic generator's samples: genuine messages of every
kind and era with the reformatting forwarding brings, and forgeries made
the ways people make them. The wording of a message is not an input: a
model that learns how Safaricom words things accuses every genuine message
of a kind or era it has not seen. With evidence alone its probabilities are
calibrated (see `calibration` in evaluate.py). The same seed and count give
the same coefficients and metrics. The artifact is a skops
file (no pickle) holding the fitted estimator and its metadata: the data
seed and count, the feature version, the scikit-learn version and the
hold-out metrics. `load_artifact` refuses a file made for other features or
another scikit-learn and says how to fix it (`make model`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from chamabora.fraud.features import FEATURE_VERSION, SIGNALS, Context, Features, extract

ARTIFACT = Path(__file__).resolve().parent / "model" / f"fraud-v{FEATURE_VERSION}.skops"
TRAIN_SEED, TRAIN_COUNT = 20261126, 8_000
HOLDOUT_SEED, HOLDOUT_COUNT = 777, 4_000
THRESHOLD = 0.5
REGULARISATION = 1.0   # scikit-learn's C: keeps a signal seen on a handful of forgeries from a runaway weight
TRUSTED = ["sklearn.linear_model._logistic.LogisticRegression"]


class ModelMismatch(RuntimeError):
    """The artifact was made for other features or another scikit-learn."""


@dataclass(frozen=True)
class Artifact:
    estimator: object
    meta: dict[str, object]


def matrix(rows: Sequence[Features]):  # type: ignore[no-untyped-def]
    import numpy as np

    return np.array([features.values for features in rows], dtype=float).reshape(len(rows), len(SIGNALS))


def featurise(samples: Sequence[tuple[str, Context]]) -> list[Features]:
    return [extract(text, context) for text, context in samples]


def fit(rows: Sequence[Features], labels: Sequence[bool]):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    estimator = LogisticRegression(C=REGULARISATION, solver="liblinear", max_iter=1000, random_state=0)
    estimator.fit(matrix(rows), [int(label) for label in labels])
    return estimator


def train(seed: int = TRAIN_SEED, count: int = TRAIN_COUNT, holdout_seed: int = HOLDOUT_SEED,
          holdout_count: int = HOLDOUT_COUNT) -> Artifact:
    """Generate, fit and measure on a hold-out with another seed and unseen templates."""
    import sklearn

    from chamabora.fraud.evaluate import calibration, measure
    from chamabora.fraud.synthetic.dataset import generate

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


def save_artifact(artifact: Artifact, path: Path = ARTIFACT) -> Path:
    import skops.io

    path.parent.mkdir(parents=True, exist_ok=True)
    skops.io.dump({"estimator": artifact.estimator, "meta": artifact.meta}, path)
    return path


def load_artifact(path: Path = ARTIFACT) -> Artifact:
    import sklearn
    import skops.io

    if not path.exists():
        raise ModelMismatch(f"no fraud model at {path}: run `make model` to train one")
    loaded = skops.io.load(path, trusted=TRUSTED)
    meta = dict(loaded["meta"])
    problems = []
    if meta.get("feature_version") != FEATURE_VERSION or list(meta.get("signals", [])) != list(SIGNALS):
        problems.append(f"it was trained on feature version {meta.get('feature_version')}, "
                        f"the code computes version {FEATURE_VERSION}")
    if _minor(str(meta.get("sklearn_version"))) != _minor(sklearn.__version__):
        problems.append(f"it was saved by scikit-learn {meta.get('sklearn_version')}, "
                        f"this environment has {sklearn.__version__}")
    if problems:
        raise ModelMismatch(f"the fraud model {path.name} does not fit this code: {'; '.join(problems)}. "
                            "Run `make model` to retrain it (or install requirements.txt).")
    return Artifact(loaded["estimator"], meta)


def _minor(version: str) -> str:
    return ".".join(version.split(".")[:2])
