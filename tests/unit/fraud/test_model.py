"""The synthetic generator, training and the artifact: deterministic, versioned,
and refusing a mismatched file with the fix in the message."""
import pytest
import skops.io

from chamabora.fraud import model
from chamabora.fraud.evaluate import measure, real_set
from chamabora.fraud.explain import phrases
from chamabora.fraud.features import extract
from chamabora.fraud.model import ModelMismatch, load_artifact, matrix
from chamabora.fraud.scorer import Scorer, default_scorer
from chamabora.fraud.synthetic.dataset import generate
from chamabora.parser.mpesa_parser import Outcome, classify


def test_the_generator_is_deterministic_and_its_genuine_messages_parse():
    first, again = generate(5, 300), generate(5, 300)
    assert [(s.text, s.context, s.forged) for s in first] == [(s.text, s.context, s.forged) for s in again]
    assert all(classify(s.text)[0] is Outcome.PARSED for s in first if not s.forged)
    assert {s.how for s in first if s.forged} == {"edit_amount", "change_date", "change_name", "recycled_code",
                                                  "invented_code", "retyped", "hidden_balance", "wrong_cost"}


def test_the_holdout_uses_templates_the_training_split_never_sees():
    trained = {s.template for s in generate(5, 1500)}
    held = {s.template for s in generate(6, 1500, holdout=True)}
    assert {"2025/sw/pochi/a", "2013/en/withdrawal/a", "2025/en/sent/b"} <= held - trained


def test_training_twice_with_the_same_seed_gives_the_same_coefficients():
    samples = generate(11, 400)
    rows = [extract(s.text, s.context) for s in samples]
    one, two = model.fit(rows, [s.forged for s in samples]), model.fit(rows, [s.forged for s in samples])
    assert (one.coef_ == two.coef_).all() and one.intercept_ == two.intercept_


def test_retraining_with_the_artifacts_seed_reproduces_the_committed_model():
    committed = load_artifact()
    retrained = model.train(int(committed.meta["data_seed"]), int(committed.meta["train_count"]),
                            int(committed.meta["holdout_seed"]), int(committed.meta["holdout_count"]))
    assert retrained.meta["metrics"] == committed.meta["metrics"]
    assert abs(retrained.estimator.coef_ - committed.estimator.coef_).max() < 1e-9


def test_the_committed_model_meets_the_synthetic_and_real_targets():
    metrics = load_artifact().meta["metrics"]
    assert metrics["f1"] >= 0.98 and metrics["recall"] >= 0.98
    samples, labels = real_set()
    real = measure(load_artifact(), samples, labels)
    assert (real.false_positives, real.false_negatives, real.forged) == (0, 0, 4)


def test_the_artifact_carries_its_metadata():
    meta = load_artifact().meta
    assert {"data_seed", "feature_version", "sklearn_version", "metrics", "train_count"} <= set(meta)


def test_a_mismatched_artifact_is_refused_with_the_fix(tmp_path):
    artifact = load_artifact()
    stale = model.Artifact(artifact.estimator, {**artifact.meta, "feature_version": 1})
    path = model.save_artifact(stale, tmp_path / "stale.skops")
    with pytest.raises(ModelMismatch, match="make model"):
        load_artifact(path)
    with pytest.raises(ModelMismatch, match="make model"):
        load_artifact(tmp_path / "missing.skops")
    assert set(skops.io.get_untrusted_types(file=path)) <= set(model.TRUSTED)  # loads without trusting more


def test_the_scorer_gives_exactly_scikit_learns_probability():
    artifact = load_artifact()
    scorer = Scorer(artifact)
    samples = generate(21, 60)
    rows = [extract(s.text, s.context) for s in samples]
    expected = artifact.estimator.predict_proba(matrix(rows))[:, 1]
    assert max(abs(scorer.judge(r).score - p) for r, p in zip(rows, expected)) < 1e-9


def test_reasons_come_as_short_phrases_in_english_and_swahili():
    verdict = default_scorer().score("BC8JT386 Confirmed you have received Ksh 1,230 from JAMES KORIR on6/4/11 "
                                     "at 5:40 pm your new M-PESA balance is Ksh2,150")
    assert verdict.flagged and verdict.reasons[0] == "code_shape"
    assert phrases(verdict.reasons, "en")[0] == "the M-Pesa code has the wrong form"
    assert phrases(verdict.reasons, "sw")[0] == "nambari ya M-Pesa ina umbo lisilo sahihi"
