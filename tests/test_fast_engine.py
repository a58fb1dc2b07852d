"""The vectorised NER counting equals the sentence-by-sentence reference exactly.

Random corpora with arbitrary (overlapping, same-extent, nested, misaligned)
mentions on both sides exercise outermost resolution and the recounting of
sentences where greedy matching contends for a gold mention.
"""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.scoring.suite import count_views
from harness.core.types import Prediction, Span
from tests.synthetic import make_corpus

TYPES = ("PERS", "ORG", "GPE", "LOC", "NORP", "DATE", "OCC")


def arbitrary_spans(rng: random.Random, doc, n: int) -> tuple[Span, ...]:
    spans = set()
    for _ in range(n):
        s = rng.choice(doc.sentences)
        a = rng.randrange(s.start, s.end)
        b = rng.randrange(a + 1, min(s.end, a + 30) + 1)
        spans.add(Span(a, b, rng.choice(TYPES)))
    return tuple(sorted(spans))


def _compare(documents, predictions):
    _, fast = count_views(documents, predictions)
    _, ref = count_views(documents, predictions, reference=True)
    assert [v.name for v in fast] == [v.name for v in ref]
    for f, r in zip(fast, ref):
        assert np.array_equal(f.units, r.units), f.name
        assert set(f.per_type) == set(r.per_type), f.name
        for t in f.per_type:
            assert np.array_equal(f.per_type[t], r.per_type[t]), (f.name, t)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 40), st.integers(0, 40))
def test_fast_equals_reference_on_arbitrary_mentions(seed, n_gold, n_pred):
    rng = random.Random(seed)
    documents, _, _, _ = make_corpus(rng, 2, 3, 10)
    documents = [type(d)(d.id, d.text, d.tokens, d.sentences, arbitrary_spans(rng, d, n_gold), (), d.version)
                 for d in documents]
    predictions = [Prediction(d.id, arbitrary_spans(rng, d, n_pred)) for d in documents]
    _compare(documents, predictions)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_fast_equals_reference_on_tagged_corpora(seed):
    documents, predictions, _, _ = make_corpus(random.Random(seed), 3, 4, 12)
    _compare(documents, predictions)
