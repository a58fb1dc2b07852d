"""NER views over nested mentions, scored as sets of hashable keys.

A view = which mentions (all, outermost, coarse-mapped outermost) × how they
match (strict: start, end and type; boundary: start and end). The flat view
(outermost, strict) gives exactly seqeval's strict IOB2 numbers for
token-aligned spans, since outermost mentions are what its tags encode.

>>> from harness.core.types import Span
>>> gold = (Span(0, 20, "OCC"), Span(12, 20, "NORP"))
>>> pred = (Span(0, 20, "OCC"), Span(12, 20, "GPE"))
>>> NER_VIEWS["ner_strict"].counts(gold, pred)
Counts(tp=1, fp=1, fn=1)
>>> NER_VIEWS["ner_boundary"].counts(gold, pred)
Counts(tp=2, fp=0, fn=0)
>>> NER_VIEWS["ner_flat"].counts(gold, pred)
Counts(tp=1, fp=0, fn=0)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from harness.core.schema import load_schema
from harness.scoring.counts import Counts
from harness.core.types import Span
from harness.core.views import coarse, outermost


class Match(Enum):
    """How two mentions match."""

    STRICT = "strict"
    BOUNDARY = "boundary"

    def key(self, span: Span) -> tuple:
        """The hashable key compared under this rule."""
        return (span.start, span.end, span.type) if self is Match.STRICT else (span.start, span.end)


class Selection(Enum):
    """Which mentions a view scores."""

    ALL = "all"
    OUTERMOST = "outermost"
    COARSE = "coarse"

    def select(self, spans: Sequence[Span]) -> list[Span]:
        """The mentions of this selection, as spans."""
        if self is Selection.ALL:
            return list(spans)
        triples = [(s.start, s.end, s.type) for s in spans]
        kept = outermost(triples) if self is Selection.OUTERMOST else coarse(triples, load_schema().coarse_map)
        return [Span(*t) for t in kept]


@dataclass(frozen=True)
class NerView:
    """One NER view: a selection of mentions and a matching rule."""

    name: str
    selection: Selection
    match: Match
    description: str

    @property
    def per_type(self) -> bool:
        """Whether per-type scores exist (types are part of the key)."""
        return self.match is Match.STRICT

    def counts(self, gold: Sequence[Span], pred: Sequence[Span]) -> Counts:
        """tp/fp/fn of one unit."""
        return Counts.from_sets(self._keys(gold), self._keys(pred))

    def counts_by_type(self, gold: Sequence[Span], pred: Sequence[Span]) -> dict[str, Counts]:
        """tp/fp/fn per entity type of one unit (strict views only)."""
        g, p = defaultdict(set), defaultdict(set)
        for key in self._keys(gold):
            g[key[2]].add(key)
        for key in self._keys(pred):
            p[key[2]].add(key)
        return {t: Counts.from_sets(g[t], p[t]) for t in set(g) | set(p)}

    def _keys(self, spans: Sequence[Span]) -> set[tuple]:
        return {self.match.key(s) for s in self.selection.select(spans)}


NER_VIEWS = {
    v.name: v
    for v in (
        NerView("ner_strict", Selection.ALL, Match.STRICT, "nested mentions, exact start, end and type"),
        NerView("ner_boundary", Selection.ALL, Match.BOUNDARY, "nested mentions, exact start and end, type ignored"),
        NerView("ner_flat", Selection.OUTERMOST, Match.STRICT, "outermost mentions (IOB2 over tokens; equals seqeval strict IOB2)"),
        NerView("ner_coarse", Selection.COARSE, Match.STRICT, "CAMeL four-type view (PERS, LOC, ORG, MISC), outermost kept"),
    )
}
