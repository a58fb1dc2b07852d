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

import numpy as np

from harness.core.schema import load_schema
from harness.scoring.columns import Side
from harness.scoring.counts import Counts
from harness.scoring.metrics import PRF
from harness.scoring.tally import first_of_runs, matched, per_sentence, prf
from harness.scoring.viewspec import VIEWS, Counted, Family, ViewSpec
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


# The vectorised counting over the columnar table (harness.scoring.columns).

def _strict(inp, gold: Side, pred: Side, types) -> Counted:
    return prf(inp.layout, gold.unit, pred.unit, matched(gold.key, pred.key), gold.type, pred.type, types)


class _Keyed:
    """The columns a strict comparison reads of one side: unit, type and key."""

    def __init__(self, unit, typ, key):
        self.unit, self.type, self.key = unit, typ, key


def count_strict(inp) -> Counted:
    """Nested mentions: the keys themselves."""
    t = inp.table
    return _strict(inp, t.gold, t.pred, t.types)


def count_boundary(inp) -> Counted:
    """Nested mentions without their types: the keys without their type digit, each extent once."""
    t = inp.table
    (g_unit, g_key), (p_unit, p_key) = (_extents(s) for s in (t.gold, t.pred))
    return prf(inp.layout, g_unit, p_unit, matched(g_key, p_key))


def _extents(side: Side) -> tuple[np.ndarray, np.ndarray]:
    """(unit, boundary key) of each extent once."""
    bkey = side.boundary_key()
    keep = first_of_runs(bkey)
    return side.unit[keep], bkey[keep]


def _outermost(side: Side) -> _Keyed:
    keep = side.outermost()
    return _Keyed(side.unit[keep], side.type[keep], side.key[keep])


def count_flat(inp) -> Counted:
    """Outermost mentions."""
    t = inp.table
    return _strict(inp, _outermost(t.gold), _outermost(t.pred), t.types)


def _coarse_side(side: Side, lookup: np.ndarray, n_coarse: int) -> _Keyed:
    """Fine types mapped (unmapped rows dropped); of each extent its smallest coarse type (the one the
    outermost rule keeps of rows sharing an extent); then the outermost extents."""
    mapped = lookup[side.type] if len(side) else side.type
    rows = np.flatnonzero(mapped >= 0)
    mapped = mapped[rows]
    bkey = side.boundary_key(rows)
    runs = np.flatnonzero(first_of_runs(bkey))  # one run per extent: its rows differ by type only
    smallest = np.minimum.reduceat(mapped, runs) if len(runs) else mapped[:0]
    del mapped
    rows = rows[runs]
    bkey = bkey[runs]
    del runs
    bkey *= n_coarse
    bkey += smallest
    extents = Side(side.unit[rows], side.start[rows], side.end[rows], smallest, bkey, n_coarse)
    del rows, bkey
    outer = extents.outermost()
    return _Keyed(extents.unit[outer], extents.type[outer], extents.key[outer])


def count_coarse(inp) -> Counted:
    """The coarse types: fine types remapped (unmapped ones dropped), then the outermost kept."""
    t = inp.table
    coarse_map = load_schema().coarse_map
    coarse_types = tuple(sorted(set(coarse_map.values())))
    lookup = np.array([coarse_types.index(coarse_map[x]) if x in coarse_map else -1 for x in t.types] or [-1],
                      dtype=np.int32)
    g, p = (_coarse_side(s, lookup, len(coarse_types)) for s in (t.gold, t.pred))
    return _strict(inp, g, p, coarse_types)


def _reference(view: NerView):
    def counter(inp) -> Counted:
        def vector(pair):
            c = view.counts(pair.gold_spans, pair.pred_spans)
            return (c.tp, c.fp, c.fn)

        def by_type(pair):
            return {t: (c.tp, c.fp, c.fn) for t, c in view.counts_by_type(pair.gold_spans, pair.pred_spans).items()}

        return per_sentence(inp, vector, 3, by_type if view.per_type else None)

    counter.__doc__ = f"{view.name}, sentence by sentence (the reference)."
    return counter


for _name, _count, _order, _label, _short, _board in (
    ("ner_strict", count_strict, 10, "NER strict (nested)", "NER strict", ("all", "body")),
    ("ner_boundary", count_boundary, 20, "NER boundaries (type ignored)", "", ()),
    ("ner_flat", count_flat, 30, "NER flat (outermost, IOB2)", "NER flat", ("all",)),
    ("ner_coarse", count_coarse, 40, "NER coarse (CAMeL 4 types)", "NER coarse", ("all",)),
):
    VIEWS.register(ViewSpec(_name, Family.NER, _label, NER_VIEWS[_name].description, PRF, _count,
                            reference=_reference(NER_VIEWS[_name]), order=_order, leaderboard=_board, short=_short))
