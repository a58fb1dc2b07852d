"""``ner_wojood`` equals SinaLab's ``compute_nested_metrics``, computed with seqeval itself.

The reference below is that function's body (``arabiner/utils/metrics.py``):
one vocabulary of tags per entity type, each token's gold tag in the layer of
type X the first of its nesting tags matching the type, layers concatenated,
``seqeval.metrics`` in its default (conlleval) mode. Its inputs are built the
way Wojood's CoNLL files hold them: per token, one tag per nesting level,
outermost first. Random nested corpora (with same-type nesting and crossing
predictions) and the benchmark itself, scored with the rules baseline's
predictions, must give the same precision, recall, micro and macro F1.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.core.types import Prediction, Span
from harness.scoring.wojood import layer
from tests.scoring import record_of
from tests.synthetic import TYPES, make_corpus

seqeval_metrics = pytest.importorskip("seqeval.metrics")
from seqeval.scheme import IOB2  # noqa: E402

TOL = 1e-12


def nesting_tags(doc, spans) -> list[list[list[str]]]:
    """Per sentence, per token, the tags of the mentions covering it, outermost first (Wojood's columns)."""
    out = []
    ordered = sorted(set(spans), key=lambda s: (s.start, -s.end, s.type))
    for sentence in doc.sentences:
        tokens = doc.tokens[sentence.token_start:sentence.token_end]
        rows = []
        for tok in tokens:
            tags = [("B-" if s.start == tok.start else "I-") + s.type for s in ordered
                    if s.start <= tok.start and tok.end <= s.end]
            rows.append(tags or ["O"])
        out.append(rows)
    return out


def sinalab_nested(segments_gold, segments_pred, types):
    """``compute_nested_metrics``: y and y_hat over one layer per type, then seqeval as SinaLab calls it."""
    y, y_hat = [], []
    for typ in sorted(types):
        vocab_tags = [f"B-{typ}", f"I-{typ}"]
        r = re.compile("|".join(vocab_tags))
        y += [[(list(filter(r.match, tags)) or ["O"])[0] for tags in segment] for segment in segments_gold]
        # a Wojood model's layer of this type: here the same first-tag rule over the predicted mentions
        y_hat += [[(list(filter(r.match, tags)) or ["O"])[0] for tags in segment] for segment in segments_pred]
    m = seqeval_metrics
    return {
        "micro_f1": m.f1_score(y, y_hat, average="micro", scheme=IOB2),
        "macro_f1": m.f1_score(y, y_hat, average="macro", scheme=IOB2),
        "precision": m.precision_score(y, y_hat, scheme=IOB2),
        "recall": m.recall_score(y, y_hat, scheme=IOB2),
    }


def check(documents, predictions, types):
    record = record_of(documents, predictions)
    by_doc = {p.doc_id: p for p in predictions}
    gold_segments = [seg for d in documents for seg in nesting_tags(d, d.spans)]
    pred_segments = [seg for d in documents for seg in nesting_tags(d, by_doc[d.id].spans)]
    ref = sinalab_nested(gold_segments, pred_segments, types)
    ours = record.overall["all"]["ner_wojood"]
    assert ours.precision == pytest.approx(ref["precision"], abs=TOL)
    assert ours.recall == pytest.approx(ref["recall"], abs=TOL)
    assert ours.f1 == pytest.approx(ref["micro_f1"], abs=TOL)
    if "ner_wojood" in record.macro["all"]:
        assert record.macro["all"]["ner_wojood"].f1 == pytest.approx(ref["macro_f1"], abs=TOL)
    return record


def crossing(rng: random.Random, doc, n: int) -> list[Span]:
    """Token-aligned mentions at random, crossing and nesting freely, a few types (so same-type overlaps occur)."""
    out = []
    for _ in range(n):
        s = rng.choice(doc.sentences)
        if s.token_end == s.token_start:
            continue
        a = rng.randrange(s.token_start, s.token_end)
        b = rng.randrange(a, min(s.token_end, a + 5))
        out.append(Span(doc.tokens[a].start, doc.tokens[b].end, rng.choice(TYPES[:3])))
    return out


@pytest.mark.filterwarnings("ignore::UserWarning")  # seqeval warns on an I- after O (it starts a chunk)
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3), st.integers(1, 5), st.integers(1, 12), st.booleans())
def test_equals_sinalab_on_random_nested_corpora(seed, n_docs, n_sent, max_len, cross):
    rng = random.Random(seed)
    documents, predictions, _, _ = make_corpus(rng, n_docs, n_sent, max_len)
    if cross:
        documents = [type(d)(d.id, d.text, d.tokens, d.sentences, tuple(sorted(set(crossing(rng, d, 12)))), (),
                             d.version) for d in documents]
        predictions = [Prediction(d.id, tuple(sorted(set(crossing(rng, d, 12))))) for d in documents]
    check(documents, predictions, TYPES)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_equals_sinalab_on_the_benchmark_with_the_rules_baseline():
    from harness.core.schema import load_schema
    from harness.gold.source import benchmark
    from harness.records.score import Options, system_record

    gold = benchmark()
    _, predictions = system_record("rules", gold, options=Options(resamples=0))
    record = check(gold.documents, predictions, load_schema().entity_types)
    assert 0.5 < record.overall["all"]["ner_wojood"].f1 < 1.0  # a real, imperfect system
    gold_only = check(gold.documents, [Prediction(d.id, d.spans) for d in gold.documents], load_schema().entity_types)
    assert gold_only.overall["all"]["ner_wojood"].f1 == 1.0


def test_layers_keep_the_outermost_of_each_type_and_merge_crossing_ones():
    gold = [Span(0, 20, "ORG"), Span(5, 9, "ORG"), Span(5, 9, "GPE"), Span(12, 20, "PERS")]
    assert layer(gold) == [(0, 20, "ORG"), (5, 9, "GPE"), (12, 20, "PERS")]
    assert layer([Span(0, 6, "ORG"), Span(3, 9, "ORG"), Span(12, 14, "ORG")]) == [(0, 9, "ORG"), (12, 14, "ORG")]
    assert layer([Span(0, 4, "ORG"), Span(4, 9, "ORG")]) == [(0, 4, "ORG"), (4, 9, "ORG")]  # touching: B starts anew
