"""The synthetic generator, training and the artifact: deterministic, versioned,
and refusing a mismatched file with the fix in the message."""
import pytest
import skops.io

from chamabora.fraud import model
from chamabora.fraud.evaluate import grouped, real_cases
from chamabora.fraud.explain import phrases
from chamabora.fraud.features import extract
from chamabora.fraud.artifact import TRUSTED, Artifact, ModelMismatch, load_artifact, save_artifact
from chamabora.fraud.model import matrix
from chamabora.fraud.scorer import Scorer, default_scorer
from chamabora.fraud.synthetic.dataset import generate
from chamabora.parser.mpesa_parser import Outcome, classify


def test_the_generator_is_deterministic_and_its_genuine_messages_parse():
    first, again = generate(5, 300), generate(5, 300)
    assert [(s.text, s.context, s.forged) for s in first] == [(s.text, s.context, s.forged) for s in again]
    assert all(classify(s.text)[0] is Outcome.PARSED for s in first if not s.forged)
    assert {s.how for s in first if s.forged} == {"edit_amount", "change_date", "change_name", "recycled",
                                                  "invented_code", "retyped", "hidden_balance"}


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


def test_on_real_messages_no_genuine_one_is_flagged_and_every_published_fake_is():
    cases = real_cases()
    verdicts = Scorer(load_artifact()).score_many([(c.text, c.context) for c in cases])
    assert not [c.text for c, v in zip(cases, verdicts) if v.flagged and not c.forged]
    assert all(v.flagged for c, v in zip(cases, verdicts) if c.group == "published_fake")


def test_forgeries_of_real_messages_are_caught_where_the_text_holds_evidence():
    cases = [c for c in real_cases() if c.forged]
    recall = {how: m.recall for how, m in grouped(cases, Scorer(load_artifact()).score_many(
        [(c.text, c.context) for c in cases]), lambda c: c.group).items()}
    assert min(recall[how] for how in ("change_date", "recycled", "hidden_balance", "invented_code",
                                       "published_fake")) >= 0.98
    # An amount raised within what the day's counters allow, or a payee renamed with the number too,
    # leaves nothing in the text (docs/MPESA_MESSAGES.md): these guard what is caught from falling.
    assert recall["edit_amount"] >= 0.6 and recall["retyped"] >= 0.5 and recall["change_name"] >= 0.08


def test_the_artifact_carries_its_metadata():
    meta = load_artifact().meta
    assert {"data_seed", "feature_version", "sklearn_version", "metrics", "train_count", "calibration"} <= set(meta)
    for low, high, count, predicted, observed in meta["calibration"]:
        assert low <= predicted <= high and count > 0


def test_a_mismatched_artifact_is_refused_with_the_fix(tmp_path):
    artifact = load_artifact()
    stale = Artifact(artifact.estimator, {**artifact.meta, "feature_version": 1})
    path = save_artifact(stale, tmp_path / "stale.skops")
    with pytest.raises(ModelMismatch, match="make model"):
        load_artifact(path)
    with pytest.raises(ModelMismatch, match="make model"):
        load_artifact(tmp_path / "missing.skops")
    assert set(skops.io.get_untrusted_types(file=path)) <= set(TRUSTED)  # loads without trusting more


def test_the_scorer_gives_exactly_scikit_learns_probability():
    artifact = load_artifact()
    scorer = Scorer(artifact)
    samples = generate(21, 60)
    rows = [extract(s.text, s.context) for s in samples]
    expected = artifact.estimator.predict_proba(matrix(rows))[:, 1]
    assert max(abs(scorer.judge(r).score - p) for r, p in zip(rows, expected)) < 1e-12


def test_reasons_come_as_short_phrases_in_english_and_swahili():
    verdict = default_scorer().score("BC8JT386 Confirmed you have received Ksh 1,230 from JAMES KORIR on6/4/11 "
                                     "at 5:40 pm your new M-PESA balance is Ksh2,150")
    assert verdict.flagged and verdict.reasons[0] == "code_shape"
    assert phrases(verdict.reasons, "en")[0] == "the M-Pesa code has the wrong form"
    assert phrases(verdict.reasons, "sw")[0] == "nambari ya M-Pesa ina umbo lisilo sahihi"
