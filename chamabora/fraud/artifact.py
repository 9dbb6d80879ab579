"""The fraud model's versioned artifact: where it lives, saving it and loading
it. A skops file (no pickle) holding the fitted estimator and its metadata:
the data seed and count, the feature version, the scikit-learn version and
the hold-out metrics. `load_artifact` refuses a file made for other features
or another scikit-learn and says how to fix it (`make model`).

Training (`model.py`) and measuring (`evaluate.py`) sit above this; the
scorer needs only this module, so it never imports either.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chamabora.fraud.features import FEATURE_VERSION, SIGNALS

ARTIFACT = Path(__file__).resolve().parent / "model" / f"fraud-v{FEATURE_VERSION}.skops"
TRUSTED = ["sklearn.linear_model._logistic.LogisticRegression"]


class ModelMismatch(RuntimeError):
    """The artifact was made for other features or another scikit-learn."""


@dataclass(frozen=True)
class Artifact:
    estimator: object
    meta: dict[str, object]


def save_artifact(artifact: Artifact, path: Path = ARTIFACT) -> Path:
    # skops takes about a second to import (with scikit-learn): only a process that saves or loads pays it
    import skops.io

    path.parent.mkdir(parents=True, exist_ok=True)
    skops.io.dump({"estimator": artifact.estimator, "meta": artifact.meta}, path)
    return path


def load_artifact(path: Path = ARTIFACT) -> Artifact:
    # skops and scikit-learn take about a second to import: a process importing the scorer without scoring
    # (a CLI command, a test) does not pay it
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
