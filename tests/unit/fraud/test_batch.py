"""Scoring a batch gives each message the verdict scoring it alone gives."""
import gc
import types

from chamabora.fraud.features import Context, extract
from chamabora.fraud.scorer import default_scorer
from chamabora.fraud.synthetic.dataset import generate

SAMPLES = [s for seed in (3, 4) for holdout in (False, True) for s in generate(seed, 250, holdout=holdout)]
ODD_TEXTS = ["", "ab", "abc", "Ksh1,000.00 sent to JOHN\u00a0DOE", "caf\u00e9 \u212a 1/2/24", "x" * 900,
             "QLR45W5W0K Confirmed.\tKsh5.00"]


def test_a_batch_gives_every_message_the_verdict_it_gets_alone():
    scorer = default_scorer()
    items = [(s.text, s.context) for s in SAMPLES] + [(text, Context()) for text in ODD_TEXTS]
    batch = scorer.score_many(items)
    alone = [scorer.score(text, context) for text, context in items]
    assert len(batch) == len(alone)
    for many, one in zip(batch, alone):
        assert many.score == one.score
        assert (many.flagged, many.reasons, many.outcome, many.code) == (one.flagged, one.reasons, one.outcome, one.code)
        assert many.message == one.message
    assert any(v.flagged for v in batch) and not all(v.flagged for v in batch)


def test_scoring_a_message_agrees_with_judging_its_extracted_features():
    scorer = default_scorer()
    for sample in SAMPLES[::5]:
        scored, judged = scorer.score(sample.text, sample.context), scorer.judge(extract(sample.text, sample.context))
        assert abs(scored.score - judged.score) < 1e-12
        assert (scored.flagged, scored.reasons, scored.message) == (judged.flagged, judged.reasons, judged.message)
    for text in ODD_TEXTS:
        assert abs(scorer.score(text).score - scorer.judge(extract(text)).score) < 1e-12


def test_an_empty_batch_scores_nothing():
    assert default_scorer().score_many([]) == []


def scorer_garbage() -> list[str]:
    """What a full collection finds of the scorer's and parser's own frames and tracebacks. Other
    garbage (left by threads of earlier tests finishing in the background) is not the scorer's."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        frames = [o.tb_frame if isinstance(o, types.TracebackType) else o for o in gc.garbage
                  if isinstance(o, (types.FrameType, types.TracebackType))]
        return sorted({f.f_code.co_filename for f in frames
                       if "chamabora/fraud" in f.f_code.co_filename or "chamabora/parser" in f.f_code.co_filename})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_scoring_a_batch_leaves_no_reference_cycles_behind():
    # a failure kept with its traceback would tie each reader's frame, and so the whole batch, into a
    # cycle only the collector frees: then the collector runs over a growing heap and the batch slows
    scorer = default_scorer()
    items = [(s.text, s.context) for s in SAMPLES] + [(text, Context()) for text in ODD_TEXTS]
    assert {v.outcome.value for v in scorer.score_many(items)} == {"parsed", "unrecognised", "not_a_confirmation"}
    gc.collect()
    gc.disable()
    try:
        scorer.score_many(items)
        scorer.score(ODD_TEXTS[3])
        assert scorer_garbage() == []
    finally:
        gc.enable()
