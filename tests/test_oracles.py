"""The scorers against reference implementations, on many random corpora.

- The flat view (outermost mentions) equals seqeval's strict IOB2 scores:
  micro precision, recall and F1, per-type scores and the macro average.
- The partial-match family equals nervaluate 1.2.x on every scheme, overall
  and per type, for nested mentions.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
from seqeval.scheme import IOB2

from tests.scoring import record_of
from tests.synthetic import TYPES, make_corpus

nervaluate = pytest.importorskip("nervaluate")
TOL = 1e-12


def _record(documents, predictions):
    return record_of(documents, predictions)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # seqeval's macro average over no labels
@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 4), st.integers(1, 6), st.integers(1, 12))
def test_flat_view_equals_seqeval_strict_iob2(seed, n_docs, n_sent, max_len):
    documents, predictions, gold_tags, pred_tags = make_corpus(random.Random(seed), n_docs, n_sent, max_len)
    record = _record(documents, predictions)
    flat = record.overall["all"]["ner_flat"]
    kwargs = {"mode": "strict", "scheme": IOB2, "zero_division": 0}
    assert flat.precision == pytest.approx(precision_score(gold_tags, pred_tags, **kwargs), abs=TOL)
    assert flat.recall == pytest.approx(recall_score(gold_tags, pred_tags, **kwargs), abs=TOL)
    assert flat.f1 == pytest.approx(f1_score(gold_tags, pred_tags, **kwargs), abs=TOL)
    report = classification_report(gold_tags, pred_tags, output_dict=True, **kwargs)
    per_type = record.per_type["all"].get("ner_flat", {})
    reported = {k: v for k, v in report.items() if k in TYPES}
    assert set(per_type) == set(reported)
    for typ, ref in reported.items():
        assert per_type[typ].precision == pytest.approx(ref["precision"], abs=TOL)
        assert per_type[typ].recall == pytest.approx(ref["recall"], abs=TOL)
        assert per_type[typ].f1 == pytest.approx(ref["f1-score"], abs=TOL)
        assert per_type[typ].counts["tp"] + per_type[typ].counts["fn"] == ref["support"]
    if reported:
        macro = record.macro["all"]["ner_flat"]
        assert macro.f1 == pytest.approx(report["macro avg"]["f1-score"], abs=TOL)
        assert macro.precision == pytest.approx(report["macro avg"]["precision"], abs=TOL)
        assert macro.recall == pytest.approx(report["macro avg"]["recall"], abs=TOL)


def _nervaluate_lists(documents, spans_of):
    out = []
    for doc in documents:
        for s in doc.sentences:
            inside = sorted(x for x in spans_of(doc) if s.start <= x.start < s.end)
            out.append([{"label": x.type, "start": x.start, "end": x.end - 1} for x in inside])
    return out


def assert_equals_nervaluate(record, results) -> None:
    """Every SemEval view of ``record`` equals nervaluate's ``results``: counts, scores, per type."""
    for scheme in ("strict", "exact", "partial", "ent_type"):
        ours = record.overall["all"][f"ner_partial_{scheme}"]
        ref = results["overall"][scheme]
        assert (ours.counts["cor"], ours.counts["inc"], ours.counts["par"], ours.counts["mis"], ours.counts["spu"]) == (
            ref.correct, ref.incorrect, ref.partial, ref.missed, ref.spurious)
        assert ours.precision == pytest.approx(ref.precision, abs=TOL)
        assert ours.recall == pytest.approx(ref.recall, abs=TOL)
        assert ours.f1 == pytest.approx(ref.f1, abs=TOL)
        typed = record.per_type["all"].get(f"ner_partial_{scheme}", {})
        assert set(typed) == set(results["entities"])
        for typ, by_scheme in results["entities"].items():
            r = by_scheme[scheme]
            assert typed[typ].f1 == pytest.approx(r.f1, abs=TOL)
            assert typed[typ].precision == pytest.approx(r.precision, abs=TOL)
            assert typed[typ].recall == pytest.approx(r.recall, abs=TOL)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3), st.integers(1, 5), st.integers(1, 12))
def test_partial_family_equals_nervaluate(seed, n_docs, n_sent, max_len):
    documents, predictions, _, _ = make_corpus(random.Random(seed), n_docs, n_sent, max_len)
    pred_by_doc = {p.doc_id: p for p in predictions}
    true = _nervaluate_lists(documents, lambda d: d.spans)
    pred = _nervaluate_lists(documents, lambda d: pred_by_doc[d.id].spans)
    results = nervaluate.Evaluator(true, pred, tags=list(TYPES), loader="dict").evaluate()
    assert_equals_nervaluate(_record(documents, predictions), results)


def test_partial_family_with_long_gold_spans_uses_nervaluates_one_percent_overlap():
    from harness.scoring.partial import SCHEMES
    from harness.core.types import Span

    gold = [Span(0, 300, "ORG")]
    pred = [Span(299, 310, "ORG")]  # one shared character: 0.33% of the gold span
    true_l = [[{"label": "ORG", "start": 0, "end": 299}]]
    pred_l = [[{"label": "ORG", "start": 299, "end": 309}]]
    ref = nervaluate.Evaluator(true_l, pred_l, tags=["ORG"], loader="dict").evaluate()["overall"]
    for name, scheme in SCHEMES.items():
        cor, inc, par, mis, spu = scheme.vector(gold, pred)
        r = ref[name]
        assert (cor, inc, par, mis, spu) == (r.correct, r.incorrect, r.partial, r.missed, r.spurious)
