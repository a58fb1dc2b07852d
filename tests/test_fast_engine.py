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


@st.composite
def drawn_corpus(draw):
    """Two documents of a few sentences, and gold and predicted mentions drawn as (sentence, offset, length,
    type): hypothesis shrinks a failure to the fewest, shortest mentions."""
    from harness.core.types import Document, Sentence

    documents, predictions = [], []
    for d in range(2):
        lengths = draw(st.lists(st.integers(1, 25), min_size=1, max_size=3))
        text = "\n".join("x" * n for n in lengths)
        sentences, at = [], 0
        for n in lengths:
            sentences.append(Sentence(at, at + n, draw(st.sampled_from(("body", "boilerplate"))), 0, 0))
            at += n + 1

        def mentions():
            out = set()
            for s, off, length, typ in draw(st.lists(st.tuples(st.integers(0, len(sentences) - 1), st.integers(0, 24),
                                                             st.integers(1, 25), st.sampled_from(TYPES[:3])),
                                                   max_size=12)):
                sent = sentences[s]
                start = sent.start + off % (sent.end - sent.start)
                out.add(Span(start, min(sent.end, start + length), typ))
            return tuple(sorted(out))

        doc = Document(f"d{d}", text, (), tuple(sentences), mentions())
        documents.append(doc)
        predictions.append(Prediction(doc.id, mentions()))
    return documents, predictions


@settings(max_examples=300, deadline=None)
@given(drawn_corpus(), st.sampled_from([1.0, 20.0, 50.0, 100.0]))
def test_fast_equals_reference_on_drawn_mentions(corpus, threshold):
    documents, predictions = corpus
    _compare(documents, predictions, Parameters(min_overlap=threshold))
