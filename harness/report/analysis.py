"""Error analysis: every false positive and false negative, classified.

A predicted mention that matches no gold mention exactly, and a gold mention
that no prediction matches, are explained by their overlaps:

- ``clitic``: the extents differ only by leading proclitics (و ف ب ل ك) or
  the article (ال) on one side, with the same type (an orthographic test: it
  cannot tell a conjunction و from a word's first letter);
- ``wrong type``: the same extent, another type;
- ``too long`` / ``too short``: the prediction contains / lies inside a gold
  mention of the same type;
- ``shifted``: they overlap otherwise, with the same type;
- ``wrong type and boundary``: they overlap with another type and extent;
- ``spurious``: a prediction overlapping no gold mention;
- ``missed``: a gold mention no prediction overlaps.

>>> from harness.core.types import Span
>>> classify(Span(0, 8, "GPE"), Span(1, 8, "GPE"), "واليابان")
'clitic'
>>> classify(Span(0, 8, "GPE"), Span(0, 8, "LOC"), "واليابان")
'wrong type'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from harness.core.arabic import clitic_only
from harness.core.types import Document, Prediction, Relation, Span

ERROR_CLASSES = ("clitic", "wrong type", "too long", "too short", "shifted", "wrong type and boundary",
                 "spurious", "missed")


def classify(gold: Span, pred: Span, text: str) -> str:
    """The error class of an overlapping (gold, predicted) pair that do not match."""
    if clitic_only(gold, pred, text):
        return "clitic"
    if (gold.start, gold.end) == (pred.start, pred.end):
        return "wrong type"
    if gold.type != pred.type:
        return "wrong type and boundary"
    if pred.start <= gold.start and gold.end <= pred.end:
        return "too long"
    if gold.start <= pred.start and pred.end <= gold.end:
        return "too short"
    return "shifted"


@dataclass(frozen=True)
class MentionError:
    """One false positive, one false negative, or a pair of them explained together.

    ``pred`` is always a false positive when set; ``gold`` is a false negative
    when ``counts_gold`` (a gold mention is counted once, with the first
    prediction that explains it; later ones name it only as context), so the
    report's totals equal the record's.
    """

    doc_id: str
    sentence: int
    error: str
    gold: Span | None
    pred: Span | None
    counts_gold: bool = True

    @property
    def false_positive(self) -> int:
        """1 when this line accounts for a false positive."""
        return int(self.pred is not None)

    @property
    def false_negative(self) -> int:
        """1 when this line accounts for a false negative."""
        return int(self.gold is not None and self.counts_gold)


@dataclass(frozen=True)
class RelationError:
    """One false positive (``pred``) or false negative (``gold``) relation."""

    doc_id: str
    sentence: int
    kind: str  # "spurious" or "missed"
    relation: Relation


def _overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def mention_errors(doc: Document, pred: Prediction) -> list[MentionError]:
    """Every unmatched mention of a document, explained by its best overlap."""
    gold_set, pred_set = set(doc.spans), set(pred.spans)
    fp = sorted(pred_set - gold_set)
    fn = sorted(gold_set - pred_set)
    errors, explained = [], set()
    for p in fp:
        overlapping = [g for g in fn if _overlap(g, p) > 0]
        sentence = _sentence(doc, p.start)
        if not overlapping:
            errors.append(MentionError(doc.id, sentence, "spurious", None, p))
            continue
        g = max(overlapping, key=lambda g: (g not in explained, g.type == p.type, _overlap(g, p), -g.start))
        errors.append(MentionError(doc.id, sentence, classify(g, p, doc.text), g, p, counts_gold=g not in explained))
        explained.add(g)
    for g in fn:
        if g not in explained:
            errors.append(MentionError(doc.id, _sentence(doc, g.start), "missed", g, None))
    return sorted(errors, key=lambda e: (e.sentence, (e.gold or e.pred).start))


def relation_errors(doc: Document, pred: Prediction) -> list[RelationError]:
    """Relations the system added (spurious) or missed, by strict comparison."""
    gold = {r.key(): r for r in doc.relations}
    found = {r.key(): r for r in pred.relations}
    out = [RelationError(doc.id, _sentence(doc, r.head.start), "spurious", r) for k, r in found.items() if k not in gold]
    out += [RelationError(doc.id, _sentence(doc, r.head.start), "missed", r) for k, r in gold.items() if k not in found]
    return sorted(out, key=lambda e: (e.sentence, e.relation.head.start, e.kind))


def _sentence(doc: Document, offset: int) -> int:
    for i, s in enumerate(doc.sentences):
        if offset < s.end:
            return i
    return len(doc.sentences) - 1


def confusion(documents: Sequence[Document], predictions: Sequence[Prediction]) -> Counter:
    """Counts of (gold type, predicted type) over mentions of the same extent;
    ``"∅"`` stands for no mention of that extent on one side."""
    counts: Counter = Counter()
    for doc, pred in zip(documents, predictions):
        gold = {(s.start, s.end): s.type for s in doc.spans}
        found: dict = {}
        for s in pred.spans:
            found.setdefault((s.start, s.end), s.type)
        for extent in gold.keys() | found.keys():
            counts[gold.get(extent, "∅"), found.get(extent, "∅")] += 1
    return counts
