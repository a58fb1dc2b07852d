"""The SemEval family's minimum overlap (nervaluate's ``min_overlap_percentage``), 1 to 100.

nervaluate's own strategy test cases (``tests/test_strategies.py`` of
MantisAI/nervaluate: the ``*_with_min_overlap`` tests, the overlap thresholds and
the multiple-entity case), with its inclusive token positions read as
half-open character offsets, are run through the reference classifiers, the
vectorised engine and the installed nervaluate; then random nested corpora at
thresholds drawn from 1 to 100 must give nervaluate's counts and scores,
overall and per type.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.core.types import Document, Prediction, Sentence, Span
from harness.scoring.engine import Parameters
from harness.scoring.partial import SCHEMES, _overlaps
from tests.scoring import record_of
from tests.test_oracles import _nervaluate_lists, assert_equals_nervaluate
from tests.synthetic import TYPES, make_corpus

nervaluate = pytest.importorskip("nervaluate")
from nervaluate.entities import Entity  # noqa: E402
from nervaluate.strategies import (  # noqa: E402
    EntityTypeEvaluation,
    ExactEvaluation,
    PartialEvaluation,
    StrictEvaluation,
)

STRATEGIES = {"strict": StrictEvaluation, "exact": ExactEvaluation, "partial": PartialEvaluation,
              "ent_type": EntityTypeEvaluation}


def span(label: str, first: int, last: int) -> Span:
    """nervaluate's inclusive (first, last) positions as a half-open span."""
    return Span(first, last + 1, label)


# (scheme, threshold, gold, predictions, (cor, inc, par, mis, spu)): nervaluate's cases
CASES = [
    ("partial", 50, [("PER", 0, 9)], [("PER", 0, 4)], (0, 0, 1, 0, 0)),  # 50% -> partial
    ("partial", 50, [("PER", 0, 9)], [("PER", 0, 2)], (0, 0, 0, 1, 1)),  # 30% < 50% -> spurious
    ("partial", 50, [("PER", 0, 9)], [("PER", 0, 9)], (1, 0, 0, 0, 0)),  # exact -> correct
    ("partial", 75, [("PER", 0, 9)], [("PER", 0, 6)], (0, 0, 0, 1, 1)),  # 70% < 75%
    ("partial", 75, [("PER", 0, 9)], [("PER", 0, 7)], (0, 0, 1, 0, 0)),  # 80% > 75%
    ("strict", 50, [("PER", 0, 9)], [("PER", 0, 2)], (0, 0, 0, 1, 1)),  # insufficient -> spurious
    ("strict", 50, [("PER", 0, 9)], [("ORG", 0, 6)], (0, 1, 0, 0, 0)),  # sufficient, wrong label
    ("ent_type", 50, [("PER", 0, 9)], [("PER", 0, 6)], (1, 0, 0, 0, 0)),
    ("ent_type", 50, [("PER", 0, 9)], [("ORG", 0, 6)], (0, 1, 0, 0, 0)),
    ("ent_type", 50, [("PER", 0, 9)], [("PER", 0, 2)], (0, 0, 0, 1, 1)),
    ("exact", 50, [("PER", 0, 9)], [("ORG", 0, 9)], (1, 0, 0, 0, 0)),  # same boundaries, other label
    ("exact", 50, [("PER", 0, 9)], [("ORG", 0, 6)], (0, 1, 0, 0, 0)),
    ("exact", 50, [("PER", 0, 9)], [("ORG", 0, 2)], (0, 0, 0, 1, 1)),
    ("partial", 50, [("PER", 0, 4), ("ORG", 10, 14)], [("PER", 0, 1), ("ORG", 10, 12), ("LOC", 20, 22)],
     (0, 0, 1, 1, 2)),  # only ORG's 60% suffices
    ("partial", 100, [("ORG", 5, 5)], [("ORG", 4, 6)], (0, 0, 1, 0, 0)),  # covering a one-token mention: 100%
    ("strict", 100, [("ORG", 5, 5)], [("ORG", 6, 6)], (0, 0, 0, 1, 1)),  # adjacent: no overlap
    ("partial", 1, [("PER", 0, 9)], [("PER", 0, 0)], (0, 0, 1, 0, 0)),  # 10% >= the default 1%
]


def _engine_vector(scheme: str, threshold: float, gold: list[Span], pred: list[Span]) -> tuple:
    end = max(s.end for s in gold + pred) + 1
    doc = Document("d", "x" * end, (), (Sentence(0, end, "body", 0, 0),), tuple(sorted(gold)))
    record = record_of([doc], [Prediction("d", tuple(sorted(pred)))], parameters=Parameters(min_overlap=threshold),
                       relations=False)
    c = record.overall["all"][f"ner_partial_{scheme}"].counts
    return (c["cor"], c["inc"], c["par"], c["mis"], c["spu"])


@pytest.mark.parametrize("scheme,threshold,gold,pred,expected", CASES)
def test_nervaluates_threshold_cases(scheme, threshold, gold, pred, expected):
    gold_spans, pred_spans = [span(*g) for g in gold], [span(*p) for p in pred]
    assert SCHEMES[scheme].classify(sorted(gold_spans), sorted(pred_spans), threshold) == expected
    assert _engine_vector(scheme, threshold, gold_spans, pred_spans) == expected
    labels = sorted({g[0] for g in gold} | {p[0] for p in pred})
    result, _ = STRATEGIES[scheme](threshold).evaluate(
        [Entity(*g) for g in gold], [Entity(*p) for p in pred], labels, 0)
    assert (result.correct, result.incorrect, result.partial, result.missed, result.spurious) == expected


@pytest.mark.parametrize("threshold,pred,sufficient", [
    (50, (0, 4), True), (50, (0, 6), True), (50, (0, 9), True),
    (50, (0, 2), False), (50, (0, 0), False), (50, (10, 15), False),
    (75, (0, 7), True), (75, (0, 9), True), (75, (0, 6), False), (75, (0, 4), False),
])
def test_nervaluates_sufficient_overlap_cases(threshold, pred, sufficient):
    assert _overlaps(span("PER", *pred), span("PER", 0, 9), threshold) is sufficient


@pytest.mark.parametrize("bad", [0, 0.5, 101, -5])
def test_thresholds_outside_1_to_100_are_refused(bad):
    with pytest.raises(ValueError, match="between 1 and 100"):
        Parameters(min_overlap=bad)


@settings(max_examples=120, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3), st.integers(1, 5), st.integers(1, 12),
       st.one_of(st.sampled_from([1.0, 10.0, 25.0, 50.0, 75.0, 99.0, 100.0]), st.floats(1.0, 100.0)))
def test_random_nested_corpora_equal_nervaluate_at_any_threshold(seed, n_docs, n_sent, max_len, threshold):
    documents, predictions, _, _ = make_corpus(random.Random(seed), n_docs, n_sent, max_len)
    by_doc = {p.doc_id: p for p in predictions}
    results = nervaluate.Evaluator(_nervaluate_lists(documents, lambda d: d.spans),
                                   _nervaluate_lists(documents, lambda d: by_doc[d.id].spans),
                                   tags=list(TYPES), loader="dict", min_overlap_percentage=threshold).evaluate()
    record = record_of(documents, predictions, parameters=Parameters(min_overlap=threshold))
    for scheme in SCHEMES:
        assert record.views[f"ner_partial_{scheme}"].parameters == {"min_overlap": threshold}
    assert_equals_nervaluate(record, results)

def test_closest_boundaries_do_not_overflow_on_large_corpora():
    """ent_type ranks same-type candidates by distance × (gold mentions + 1): 64-bit, whatever the corpus size."""
    n_fill = 65_534  # so that the corpus has 65,536 gold mentions
    text = "x " * n_fill
    filler = Document("a", text, (), tuple(Sentence(2 * i, 2 * i + 1, "body", 0, 0) for i in range(n_fill)),
                      tuple(Span(2 * i, 2 * i + 1, "ORG") for i in range(n_fill)))
    far, near = Span(0, 75_547, "PERS"), Span(60_000, 70_000, "PERS")
    p1, p2 = Span(60_000, 70_010, "PERS"), Span(65_000, 65_100, "PERS")  # p1 is 65,537 from far, 10 from near
    doc = Document("b", "y" * 80_000, (), (Sentence(0, 80_000, "body", 0, 0),), (far, near))
    from harness.scoring.engine import count
    from harness.scoring.viewspec import VIEWS

    units = count([filler, doc], [Prediction("a", filler.spans), Prediction("b", (p1, p2))],
                  views=[VIEWS["ner_partial_ent_type"]]).counted["ner_partial_ent_type"].units
    assert units[-1].tolist() == list(SCHEMES["ent_type"].classify([far, near], [p1, p2])) == [1, 0, 0, 1, 1]
    assert units[:-1].sum(axis=0).tolist() == [n_fill, 0, 0, 0, 0]
