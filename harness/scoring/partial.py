"""The SemEval-2013 partial-match family, with nervaluate 1.2's exact semantics.

Four schemes classify each predicted and gold mention of a unit as correct
(COR), incorrect (INC), partial (PAR), missed (MIS) or spurious (SPU):

- ``strict``: exact boundaries and type; an overlapping mismatch is INC.
- ``exact``: exact boundaries, type ignored; an overlapping mismatch is INC.
- ``partial``: exact boundaries COR, any overlap PAR, type ignored.
- ``ent_type``: any overlap with the right type COR (closest boundaries
  first), overlap with another type INC.

Matching is greedy, predictions in order, each gold mention used once, exactly
as nervaluate 1.2.x does it (overlap means sharing at least 1% of the gold
mention's characters, nervaluate's default minimum). Mentions are taken in (start,
end, type) order. ``strict``/``exact`` score P = COR/ACT, R = COR/POS;
``partial``/``ent_type`` count PAR as half. Per-type counts evaluate each type's
mentions alone, as nervaluate does.

>>> from harness.core.types import Span
>>> gold, pred = [Span(0, 10, "ORG")], [Span(0, 6, "ORG")]
>>> [SCHEMES[s].classify(gold, pred) for s in ("strict", "exact", "partial", "ent_type")]
[(0, 1, 0, 0, 0), (0, 1, 0, 0, 0), (0, 0, 1, 0, 0), (1, 0, 0, 0, 0)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from harness.scoring.metrics import SEMEVAL, SEMEVAL_HALF, Metric
from harness.core.types import Span

Vector = tuple[int, int, int, int, int]
MIN_OVERLAP_PERCENT = 1.0


def _overlaps(p: Span, t: Span) -> bool:
    """nervaluate's sufficient overlap: at least 1% of the gold mention's length."""
    if p.start >= t.end or p.end <= t.start:
        return False
    return ((min(p.end, t.end) - max(p.start, t.start)) / (t.end - t.start)) * 100.0 >= MIN_OVERLAP_PERCENT


def _distance(p: Span, t: Span) -> int:
    return abs(p.start - t.start) + abs(p.end - t.end)


def _first_match(same: Callable[[Span, Span], bool], near_is_partial: bool = False):
    """strict (same boundaries and type), exact and partial (same boundaries): a match
    is COR; else the first overlapping unused gold mention makes the prediction INC
    (strict, exact) or PAR (partial); else it is SPU."""

    def classify(true: Sequence[Span], pred: Sequence[Span]) -> Vector:
        cor = near = spu = 0
        used: set[int] = set()
        for p in pred:
            candidate = None
            for i, t in enumerate(true):
                if i in used:
                    continue
                if same(p, t):
                    cor += 1
                    used.add(i)
                    break
                if candidate is None and _overlaps(p, t):
                    candidate = i
            else:
                if candidate is None:
                    spu += 1
                else:
                    near += 1
                    used.add(candidate)
        inc, par = (0, near) if near_is_partial else (near, 0)
        return (cor, inc, par, len(true) - len(used), spu)

    return classify


def _same_bounds(p: Span, t: Span) -> bool:
    return p.start == t.start and p.end == t.end


def _ent_type(true: Sequence[Span], pred: Sequence[Span]) -> Vector:
    cor = inc = spu = 0
    used: set[int] = set()
    for p in pred:
        best, best_distance, incorrect = None, None, None
        for i, t in enumerate(true):
            if i in used or not _overlaps(p, t):
                continue
            if p.type == t.type:
                d = _distance(p, t)
                if best_distance is None or d < best_distance:
                    best, best_distance = i, d
            elif incorrect is None:
                incorrect = i
        if best is not None:
            cor += 1
            used.add(best)
        elif incorrect is not None:
            inc += 1
            used.add(incorrect)
        else:
            spu += 1
    return (cor, inc, 0, len(true) - len(used), spu)


@dataclass(frozen=True)
class Scheme:
    """One SemEval-2013 scheme: its classifier and metric."""

    name: str
    classify: Callable[[Sequence[Span], Sequence[Span]], Vector]
    metric: Metric

    def vector(self, true: Sequence[Span], pred: Sequence[Span]) -> Vector:
        """COR/INC/PAR/MIS/SPU of one unit (mentions sorted by start, end, type)."""
        if true == pred:  # the common case of a perfect unit: all correct
            return (len(true), 0, 0, 0, 0)
        return self.classify(true, pred)

    def vectors_by_type(self, true: Sequence[Span], pred: Sequence[Span]) -> dict[str, Vector]:
        """Per-type vectors, each type's mentions evaluated alone."""
        out = {}
        for typ in {s.type for s in true} | {s.type for s in pred}:
            out[typ] = self.vector([s for s in true if s.type == typ], [s for s in pred if s.type == typ])
        return out


SCHEMES = {
    s.name: s
    for s in (
        Scheme("strict", _first_match(lambda p, t: p == t), SEMEVAL),
        Scheme("exact", _first_match(_same_bounds), SEMEVAL),
        Scheme("partial", _first_match(_same_bounds, near_is_partial=True), SEMEVAL_HALF),
        Scheme("ent_type", _ent_type, SEMEVAL_HALF),
    )
}
