"""Random nested corpora for oracle tests and benchmarks.

A corpus is a list of synthetic documents (tokens joined by spaces, one
sentence per line) with gold and predicted mentions: outermost mentions from
a valid IOB2 sequence, plus random mentions nested inside them.
"""

from __future__ import annotations

import random

from harness.core.text import split_sentences, tokenize
from harness.core.types import Document, Prediction, Sentence, Span, Token, with_columns
from harness.core.views import repair_iob2

TYPES = ("PERS", "ORG", "GPE", "LOC", "NORP", "DATE")
WORDS = ("واليابان", "الولايات", "المتحدة", "بالصين", "وزير", "الدفاع", "في", "قال", "إف", "35", "طوكيو", "و")


def random_tags(rng: random.Random, n: int, types=TYPES, p_entity: float = 0.35) -> list[str]:
    """A valid IOB2 sequence of length n."""
    tags, current = [], None
    for _ in range(n):
        r = rng.random()
        if current and r < 0.3:
            tags.append(f"I-{current}")
        elif r < 0.3 + p_entity:
            current = rng.choice(types)
            tags.append(f"B-{current}")
        else:
            current = None
            tags.append("O")
    return tags


def tag_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans (first, last exclusive, type) of a valid IOB2 sequence."""
    spans, start, typ = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        if tag == "O" or tag.startswith("B-"):
            if start is not None:
                spans.append((start, i, typ))
            start, typ = (i, tag[2:]) if tag.startswith("B-") else (None, None)
    return spans


def nested_inside(rng: random.Random, spans, types=TYPES, p: float = 0.4):
    """Random inner token spans strictly inside multi-token spans."""
    inner = []
    for first, last, _ in spans:
        if last - first >= 2 and rng.random() < p:
            a = rng.randrange(first, last)
            b = rng.randrange(a + 1, last + 1)
            if (a, b) != (first, last):
                inner.append((a, b, rng.choice(types)))
    return inner


def make_corpus(rng: random.Random, n_docs: int, sentences_per_doc: int, max_len: int, types=TYPES):
    """Documents, gold-annotated, plus token tags (gold, predicted) and predictions.

    Returns:
        (documents, predictions, gold_tags, pred_tags): tags are per sentence.
    """
    documents, predictions, gold_tags, pred_tags = [], [], [], []
    for d in range(n_docs):
        lines = [[rng.choice(WORDS) for _ in range(rng.randint(1, max_len))] for _ in range(sentences_per_doc)]
        text = "\n".join(" ".join(words) for words in lines)
        tokens = tuple(Token(t.text, t.start, t.end) for t in tokenize(text))
        sentences, k = [], 0
        for s in split_sentences(text):
            n = len(tokenize(text[s.start:s.end]))
            sentences.append(Sentence(s.start, s.end, rng.choice(("body", "boilerplate")), k, k + n))
            k += n
        gold, pred = set(), set()
        for s in sentences:
            toks = tokens[s.token_start:s.token_end]
            gt, pt = random_tags(rng, len(toks), types), random_tags(rng, len(toks), types)
            if rng.random() < 0.5:  # make predictions resemble gold often
                pt = [t if rng.random() < 0.8 else pt[i] for i, t in enumerate(gt)]
                pt = repair_iob2(pt)
            gold_tags.append(gt)
            pred_tags.append(pt)
            for tags, out in ((gt, gold), (pt, pred)):
                outer = tag_spans(tags)
                for first, last, typ in outer + nested_inside(rng, outer, types):
                    out.add(Span(toks[first].start, toks[last - 1].end, typ))
        doc = with_columns(Document(f"doc{d:03d}", text, tokens, tuple(sentences), tuple(sorted(gold)), (), "synthetic"))
        documents.append(doc)
        predictions.append(with_columns(Prediction(doc.id, tuple(sorted(pred)))))  # as a reader hands them over
    return documents, predictions, gold_tags, pred_tags
