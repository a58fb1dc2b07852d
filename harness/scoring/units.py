"""Scoring units: the sentences of the gold, with the mentions and relations in each.

Every view is counted per sentence, so the same counts serve whole-document
and zone-filtered scores and the bootstrap (which resamples sentences, or the
documents they belong to). A predicted mention belongs to the sentence its
start falls in (a span starting between sentences, to the next one); a
predicted relation to its head's sentence.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from harness.core.types import Document, Prediction, Relation, Span


@dataclass(frozen=True)
class Unit:
    """One sentence: where it is and its zone."""

    doc_id: str
    sentence: int
    zone: str


@dataclass(frozen=True)
class UnitPair:
    """Gold and predicted mentions and relations of one sentence."""

    unit: Unit
    gold_spans: tuple[Span, ...]
    pred_spans: tuple[Span, ...]
    gold_relations: tuple[Relation, ...]
    pred_relations: tuple[Relation, ...]


def _sentence_index(doc: Document, offset: int) -> int:
    """The sentence holding ``offset``, or the next one when it falls between sentences."""
    index = max(bisect.bisect_right(doc.sentence_starts, offset) - 1, 0)
    if offset >= doc.sentences[index].end and index + 1 < len(doc.sentences):
        index += 1
    return index


def _by_sentence(doc: Document, spans: Sequence[Span], relations: Sequence[Relation]):
    span_lists: list[list[Span]] = [[] for _ in doc.sentences]
    rel_lists: list[list[Relation]] = [[] for _ in doc.sentences]
    for span in spans:
        span_lists[_sentence_index(doc, span.start)].append(span)
    for rel in relations:
        rel_lists[_sentence_index(doc, rel.head.start)].append(rel)
    return span_lists, rel_lists


def relation_pairs(documents: Sequence[Document], predictions: Sequence[Prediction]):
    """Gold and predicted relations of every sentence, in document order."""
    gold_out, pred_out = [], []
    for doc, pred in zip(documents, predictions, strict=True):
        _, gold_r = _by_sentence(doc, (), doc.relations)
        _, pred_r = _by_sentence(doc, (), pred.relations)
        gold_out += gold_r
        pred_out += pred_r
    return gold_out, pred_out


def pair_units(documents: Sequence[Document], predictions: Sequence[Prediction]) -> list[UnitPair]:
    """Split gold and predictions into per-sentence pairs, in document order.

    Args:
        documents: the gold documents.
        predictions: one prediction per document, same order.
    """
    pairs = []
    for doc, pred in zip(documents, predictions, strict=True):
        if doc.id != pred.doc_id:
            raise ValueError(f"prediction for {pred.doc_id!r} paired with document {doc.id!r}")
        gold_s, gold_r = _by_sentence(doc, doc.spans, doc.relations)
        pred_s, pred_r = _by_sentence(doc, pred.spans, pred.relations)
        for i, sentence in enumerate(doc.sentences):
            pairs.append(UnitPair(
                Unit(doc.id, i, sentence.zone),
                tuple(sorted(set(gold_s[i]))), tuple(sorted(set(pred_s[i]))),
                tuple(gold_r[i]), tuple(pred_r[i]),
            ))
    return pairs
