"""Edge cases of the scorers, each against hand-computed numbers."""

from __future__ import annotations

import numpy as np
import pytest

from harness.scoring.bootstrap import interval, paired, resample_weights
from harness.scoring.metrics import PRF
from tests.scoring import record_of
from harness.core.text import split_sentences, tokenize
from harness.core.types import Document, Prediction, Relation, Sentence, Span, Token

TEXT = "وقال وزير الدفاع الأمريكي لويد أوستن في طوكيو.\nواليابان والولايات المتحدة"


def _doc(spans=(), relations=()) -> Document:
    tokens = tuple(Token(t.text, t.start, t.end) for t in tokenize(TEXT))
    sentences, k = [], 0
    for s in split_sentences(TEXT):
        n = len(tokenize(TEXT[s.start:s.end]))
        sentences.append(Sentence(s.start, s.end, "body", k, k + n))
        k += n
    return Document("d", TEXT, tokens, tuple(sentences), tuple(sorted(spans)), tuple(relations), "test")


def span(text: str, typ: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Span(start, start + len(text), typ)


OCC = span("وزير الدفاع الأمريكي", "OCC")
NORP = span("الأمريكي", "NORP")
PERS = span("لويد أوستن", "PERS")
TOKYO = span("طوكيو", "GPE")
JAPAN = span("واليابان", "GPE")
US = span("والولايات المتحدة", "GPE")
GOLD_SPANS = (OCC, NORP, PERS, TOKYO, JAPAN, US)
GOLD_RELS = (Relation(PERS, OCC, "ROLE"), Relation(PERS, NORP, "ORG_AFF"), Relation(PERS, TOKYO, "PHYS"),
             Relation(JAPAN, US, "MEET", True))


def scores(gold: Document, spans=(), relations=(), resamples=0):
    return record_of([gold], [Prediction("d", tuple(sorted(spans)), tuple(relations))], resamples=resamples, seed=1)


def f1(record, view):
    return record.overall["all"][view].f1


def test_perfect_prediction_scores_one_everywhere():
    gold = _doc(GOLD_SPANS, GOLD_RELS)
    record = scores(gold, GOLD_SPANS, GOLD_RELS)
    assert all(s.f1 == 1.0 for s in record.overall["all"].values())


def test_empty_prediction_scores_zero_recall():
    record = scores(_doc(GOLD_SPANS, GOLD_RELS))
    assert all(s.recall == 0.0 and s.precision == 0.0 for s in record.overall["all"].values())
    assert record.overall["all"]["ner_strict"].counts == {"tp": 0, "fp": 0, "fn": 6}
    assert record.overall["all"]["ner_partial_strict"].counts["mis"] == 6


def test_empty_gold_gives_zero_scores_and_counts_false_positives():
    record = scores(_doc(), GOLD_SPANS, GOLD_RELS)
    assert record.overall["all"]["ner_strict"].counts == {"tp": 0, "fp": 6, "fn": 0}
    assert record.overall["all"]["re_strict"].counts == {"tp": 0, "fp": 4, "fn": 0}
    assert f1(record, "ner_strict") == 0.0


def test_empty_gold_and_empty_prediction():
    record = scores(_doc())
    assert all(s.f1 == 0.0 for s in record.overall["all"].values())


def test_all_wrong_types():
    wrong = [Span(s.start, s.end, "LOC" if s.type != "LOC" else "ORG") for s in GOLD_SPANS]
    record = scores(_doc(GOLD_SPANS), wrong)
    assert f1(record, "ner_strict") == 0.0
    assert f1(record, "ner_boundary") == 1.0
    assert record.overall["all"]["ner_partial_exact"].counts["cor"] == 6
    assert record.overall["all"]["ner_partial_strict"].counts["inc"] == 6
    assert record.overall["all"]["ner_partial_ent_type"].counts["inc"] == 6


def test_nested_same_type_spans():
    outer = span("والولايات المتحدة", "GPE")
    inner = span("المتحدة", "GPE")
    gold = _doc((outer, inner))
    only_outer = scores(gold, [outer])
    assert only_outer.overall["all"]["ner_strict"].counts == {"tp": 1, "fp": 0, "fn": 1}
    assert f1(only_outer, "ner_flat") == 1.0  # the inner mention is not outermost
    only_inner = scores(gold, [inner])
    assert only_inner.overall["all"]["ner_flat"].counts == {"tp": 0, "fp": 1, "fn": 1}


def test_clitic_bearing_token_must_be_covered_whole():
    without_clitic = Span(JAPAN.start + 1, JAPAN.end, "GPE")  # "اليابان" without "و"
    record = scores(_doc([JAPAN]), [without_clitic])
    assert f1(record, "ner_strict") == 0.0
    assert record.overall["all"]["ner_partial_partial"].counts["par"] == 1
    assert record.overall["all"]["ner_partial_ent_type"].counts["cor"] == 1


def test_symmetric_relation_in_either_order_and_directed_one_not():
    gold = _doc(GOLD_SPANS, GOLD_RELS)
    flipped = [Relation(US, JAPAN, "MEET", True), Relation(OCC, PERS, "ROLE")]
    record = scores(gold, GOLD_SPANS, flipped)
    assert record.overall["all"]["re_strict"].counts == {"tp": 1, "fp": 1, "fn": 3}
    per_type = record.per_type["all"]["re_strict"]
    assert per_type["MEET"].f1 == 1.0 and per_type["ROLE"].f1 == 0.0


def test_re_boundaries_ignores_entity_types_but_strict_does_not():
    retyped = Relation(PERS, Span(TOKYO.start, TOKYO.end, "LOC"), "PHYS")
    record = scores(_doc(GOLD_SPANS, GOLD_RELS), GOLD_SPANS, [retyped])
    assert record.overall["all"]["re_strict"].counts["tp"] == 0
    assert record.overall["all"]["re_boundaries"].counts["tp"] == 1


def test_body_zone_filters_sentences():
    gold = _doc(GOLD_SPANS)
    gold = Document(gold.id, gold.text, gold.tokens,
                    (gold.sentences[0], Sentence(*[getattr(gold.sentences[1], f) for f in ("start", "end")], "boilerplate",
                                                 gold.sentences[1].token_start, gold.sentences[1].token_end)),
                    gold.spans, (), "test")
    record = scores(gold, [OCC, NORP, PERS, TOKYO])
    assert record.overall["all"]["ner_strict"].recall == pytest.approx(4 / 6)
    assert record.overall["body"]["ner_strict"].recall == 1.0


def test_bootstrap_is_deterministic_and_brackets_the_estimate():
    units = np.array([[3, 1, 0], [0, 2, 2], [5, 0, 1], [1, 1, 1]])
    a = interval(units, PRF, 2000, 7)
    assert a == interval(units, PRF, 2000, 7)
    assert not np.array_equal(resample_weights(4, 50, 7), resample_weights(4, 50, 8))
    point = PRF.scores(units.sum(axis=0))[2]
    assert a["f1"][0] <= point <= a["f1"][1]
    assert resample_weights(4, 10, 3).sum(axis=1).tolist() == [4] * 10


def test_paired_bootstrap_of_a_system_with_itself():
    units = np.array([[3, 1, 0], [0, 2, 2], [5, 0, 1]])
    result = paired(units, units, PRF, 500, 1)
    assert result["delta"] == 0.0 and result["p_value"] == 1.0 and result["interval"] == [0.0, 0.0]


def test_paired_bootstrap_detects_a_clear_difference():
    good = np.array([[5, 0, 0]] * 30)
    bad = np.array([[1, 4, 4]] * 30)
    result = paired(good, bad, PRF, 1000, 1)
    assert result["delta"] > 0.5 and result["p_value"] < 0.01


def test_chunked_resampling_draws_the_same_resamples_as_one_draw():
    from harness.scoring.bootstrap import CACHE_LIMIT, _chunks, weight_chunks

    one = np.random.default_rng(7).multinomial(50, np.full(50, 1 / 50), size=2500)
    assert np.array_equal(np.concatenate(list(_chunks(50, 2500, 7))), one)
    big = 3000
    assert big * 1000 > CACHE_LIMIT
    chunks = list(weight_chunks(big, 1000, 7))
    assert len(chunks) == 1 and chunks[0].shape == (1000, big)  # never the whole matrix beyond CHUNK rows
