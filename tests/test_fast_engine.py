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

from harness.scoring.engine import Parameters, count
from harness.scoring.viewspec import VIEWS, Needs
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


MENTION_VIEWS = [s for s in VIEWS if s.reference is not None and Needs.RELATIONS not in s.needs]


def _typed(counted):
    if counted.typed is None:
        return {}
    return {t: counted.typed[:, i] for i, t in enumerate(counted.types) if counted.typed[:, i].any()}


def _compare(documents, predictions, parameters=Parameters()):
    fast = count(documents, predictions, views=MENTION_VIEWS, parameters=parameters)
    ref = count(documents, predictions, views=MENTION_VIEWS, parameters=parameters, reference=True)
    for spec in MENTION_VIEWS:
        f, r = fast.counted[spec.name], ref.counted[spec.name]
        assert np.array_equal(f.units, r.units), spec.name
        ft, rt = _typed(f), _typed(r)
        assert set(ft) == set(rt), spec.name
        for t in ft:
            assert np.array_equal(ft[t], rt[t]), (spec.name, t)


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
