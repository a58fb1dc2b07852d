"""The SemEval-2013 partial-match family, with nervaluate 1.2's exact semantics.

Four schemes classify each predicted and gold mention of a unit as correct
(COR), incorrect (INC), partial (PAR), missed (MIS) or spurious (SPU):

- ``strict``: exact boundaries and type; an overlapping mismatch is INC.
- ``exact``: exact boundaries, type ignored; an overlapping mismatch is INC.
- ``partial``: exact boundaries COR, any overlap PAR, type ignored.
- ``ent_type``: any overlap with the right type COR (closest boundaries
  first), overlap with another type INC.

Matching is greedy, predictions in order, each gold mention used once, exactly
as nervaluate 1.2.x does it. Overlap means sharing at least ``min_overlap``
percent of the gold mention's characters: nervaluate's ``min_overlap_percentage``
(1 to 100, default 1), computed as it does, ``shared / gold length * 100``.
Mentions are taken in (start, end, type) order. ``strict``/``exact`` score P = COR/ACT, R = COR/POS;
``partial``/``ent_type`` count PAR as half. Per-type counts evaluate each type's
mentions alone, as nervaluate does.

>>> from harness.core.types import Span
>>> gold, pred = [Span(0, 10, "ORG")], [Span(0, 6, "ORG")]
>>> [SCHEMES[s].classify(gold, pred) for s in ("strict", "exact", "partial", "ent_type")]
[(0, 1, 0, 0, 0), (0, 1, 0, 0, 0), (0, 0, 1, 0, 0), (1, 0, 0, 0, 0)]
>>> SCHEMES["partial"].classify(gold, pred, min_overlap=75)   # 60% of the gold: not enough
(0, 0, 0, 1, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

import numpy as np

from harness.core.types import Span
from harness.scoring.columns import Side, wide
from harness.scoring.metrics import SEMEVAL, SEMEVAL_HALF, Metric
from harness.scoring.tally import compact, per_sentence
from harness.scoring.viewspec import VIEWS, Counted, Family, ViewSpec

Vector = tuple[int, int, int, int, int]
MIN_OVERLAP_PERCENT = 1.0


def _overlaps(p: Span, t: Span, min_overlap: float) -> bool:
    """nervaluate's sufficient overlap: at least ``min_overlap`` percent of the gold mention's length."""
    if p.start >= t.end or p.end <= t.start:
        return False
    return ((min(p.end, t.end) - max(p.start, t.start)) / (t.end - t.start)) * 100.0 >= min_overlap


def _distance(p: Span, t: Span) -> int:
    return abs(p.start - t.start) + abs(p.end - t.end)


def _first_match(same: Callable[[Span, Span], bool], near_is_partial: bool = False):
    """strict (same boundaries and type), exact and partial (same boundaries): a match
    is COR; else the first overlapping unused gold mention makes the prediction INC
    (strict, exact) or PAR (partial); else it is SPU."""

    def classify(true: Sequence[Span], pred: Sequence[Span], min_overlap: float = MIN_OVERLAP_PERCENT) -> Vector:
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
                if candidate is None and _overlaps(p, t, min_overlap):
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


def _ent_type(true: Sequence[Span], pred: Sequence[Span], min_overlap: float = MIN_OVERLAP_PERCENT) -> Vector:
    cor = inc = spu = 0
    used: set[int] = set()
    for p in pred:
        best, best_distance, incorrect = None, None, None
        for i, t in enumerate(true):
            if i in used or not _overlaps(p, t, min_overlap):
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


class Rule(Enum):
    """How a prediction chooses its gold mention in the vectorised matching."""

    SAME_SPAN = "same boundaries and type correct, else the first overlapping gold mention"
    SAME_BOUNDS = "same boundaries correct, else the first overlapping gold mention"
    CLOSEST_SAME_TYPE = "the closest overlapping gold mention of its type correct, else the first of another type"


@dataclass(frozen=True)
class Scheme:
    """One SemEval-2013 scheme: its classifier and metric."""

    name: str
    classify: Callable[..., Vector]
    metric: Metric
    rule: Rule  # how the vectorised matching chooses
    near: int  # where a chosen, not correct prediction counts: INC or PAR
    label: str

    def vector(self, true: Sequence[Span], pred: Sequence[Span], min_overlap: float = MIN_OVERLAP_PERCENT) -> Vector:
        """COR/INC/PAR/MIS/SPU of one unit (mentions sorted by start, end, type)."""
        if true == pred:  # the common case of a perfect unit: all correct
            return (len(true), 0, 0, 0, 0)
        return self.classify(true, pred, min_overlap)

    def vectors_by_type(self, true: Sequence[Span], pred: Sequence[Span],
                        min_overlap: float = MIN_OVERLAP_PERCENT) -> dict[str, Vector]:
        """Per-type vectors, each type's mentions evaluated alone."""
        out = {}
        for typ in {s.type for s in true} | {s.type for s in pred}:
            out[typ] = self.vector([s for s in true if s.type == typ], [s for s in pred if s.type == typ], min_overlap)
        return out


COR, INC, PAR, MIS, SPU = range(5)

SCHEMES = {
    s.name: s
    for s in (
        Scheme("strict", _first_match(lambda p, t: p == t), SEMEVAL, Rule.SAME_SPAN, INC, "NER SemEval strict"),
        Scheme("exact", _first_match(_same_bounds), SEMEVAL, Rule.SAME_BOUNDS, INC, "NER SemEval exact"),
        Scheme("partial", _first_match(_same_bounds, near_is_partial=True), SEMEVAL_HALF, Rule.SAME_BOUNDS, PAR,
               "NER SemEval partial"),
        Scheme("ent_type", _ent_type, SEMEVAL_HALF, Rule.CLOSEST_SAME_TYPE, INC, "NER SemEval type"),
    )
}


# The vectorised matching over the columnar table (harness.scoring.columns).

NONE = np.iinfo(np.int64).max
I64 = np.int64


def _ranks(group: np.ndarray) -> np.ndarray:
    """Each row's rank among the rows of its group, in row order (groups need not be contiguous)."""
    n = len(group)
    if n == 0:
        return np.zeros(0, I64)
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    new = np.ones(n, dtype=bool)
    new[1:] = sorted_group[1:] != sorted_group[:-1]
    del sorted_group
    firsts = np.flatnonzero(new)
    rank = np.empty(n, dtype=I64)
    rank[order] = np.arange(n, dtype=I64) - np.repeat(firsts, np.diff(np.append(firsts, n)))
    return rank


class _Pairs:
    """The overlapping (prediction, gold mention) pairs of the same group.

    A group is a sentence (overall scores) or a sentence and type (per-type
    scores, where nervaluate evaluates each type's mentions alone); both sides
    are in (group, start, end, type) order. Pairs are ordered by the
    prediction's rank within its group, then by prediction, then by gold
    mention, so that round ``k`` of the greedy matching (the k-th prediction of
    every group) is one slice.
    """

    BLOCK = 1 << 13  # predictions whose candidate pairs are made at once: the candidates stay small
    CANDIDATES = 1 << 22  # and at most this many candidate pairs at once

    def __init__(self, gold: Side, pred: Side, min_overlap: float):
        n_gold, n_pred = len(gold), len(pred)
        width = int(max(gold.end.max() if n_gold else 0, pred.end.max() if n_pred else 0)) + 1
        # candidates: the gold mentions from the first whose group's running furthest end passes the
        # prediction's start, to the last that starts before the prediction ends
        g_base = wide(gold.unit) * width
        reach = np.maximum.accumulate(g_base + gold.end) if n_gold else g_base
        g_start = g_base + gold.start
        del g_base
        kept_pred, kept_gold = [], []
        for lo_p in range(0, n_pred, self.BLOCK):
            hi_p = min(lo_p + self.BLOCK, n_pred)
            p_base = wide(pred.unit[lo_p:hi_p]) * width
            lo = np.searchsorted(reach, p_base + pred.start[lo_p:hi_p], side="right")
            hi = np.searchsorted(g_start, p_base + pred.end[lo_p:hi_p], side="left")
            del p_base
            rep = np.maximum(hi - lo, 0)
            # pieces of at most CANDIDATES candidate pairs (one mention wide as its sentence makes every
            # later prediction of the sentence a candidate of it and of all between)
            total = np.cumsum(rep)
            cuts = np.unique(np.searchsorted(total, np.arange(self.CANDIDATES, int(total[-1]) if len(total) else 0,
                                                               self.CANDIDATES), side="left"))
            for a, b in zip([0, *cuts.tolist()], [*cuts.tolist(), hi_p - lo_p]):
                if a < b:
                    self._candidates(gold, pred, lo[a:b], rep[a:b], lo_p + a, min_overlap, kept_pred, kept_gold)
        del reach, g_start
        pred_idx = np.concatenate(kept_pred) if kept_pred else np.zeros(0, I64)
        gold_idx = np.concatenate(kept_gold) if kept_gold else np.zeros(0, I64)
        del kept_pred, kept_gold
        self._arrange(gold, pred, pred_idx, gold_idx, _ranks(pred.unit))

    @staticmethod
    def _candidates(gold: Side, pred: Side, lo: np.ndarray, rep: np.ndarray, first: int, min_overlap: float,
                    kept_pred: list, kept_gold: list) -> None:
        """The overlapping pairs among predictions ``first, first + 1, ...`` and their ``rep`` candidates from ``lo``."""
        pred_idx = np.repeat(np.arange(first, first + len(rep), dtype=I64), rep)
        gold_idx = np.arange(len(pred_idx), dtype=I64) + np.repeat(lo - (np.cumsum(rep) - rep), rep)
        ts, te = gold.start[gold_idx], gold.end[gold_idx]
        overlap_len = np.minimum(pred.end[pred_idx], te) - np.maximum(pred.start[pred_idx], ts)
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = (overlap_len / (te - ts)) * 100.0  # nervaluate's formula, to the last bit
        keep = (overlap_len > 0) & (pct >= min_overlap)
        kept_pred.append(pred_idx[keep])
        kept_gold.append(gold_idx[keep])

    def _arrange(self, gold: Side, pred: Side, pred_idx: np.ndarray, gold_idx: np.ndarray, rank: np.ndarray) -> None:
        """Order pairs by the prediction's rank within its group (stable: by prediction, then gold mention)."""
        pair_rank = rank[pred_idx]
        # a stable sort of small integers is a radix sort in NumPy: linear time
        small = len(pair_rank) and pair_rank.max() < 2**16
        order = np.argsort(pair_rank.astype(np.uint16) if small else pair_rank, kind="stable")
        self.pred_idx, self.gold_idx, pair_rank = pred_idx[order], gold_idx[order], pair_rank[order]
        del order
        self.same_bounds = (pred.start[self.pred_idx] == gold.start[self.gold_idx]) & (
            pred.end[self.pred_idx] == gold.end[self.gold_idx])
        self.same_type = pred.type[self.pred_idx] == gold.type[self.gold_idx]
        self.gold, self.pred = gold, pred
        n_rounds = int(pair_rank.max()) + 1 if len(pair_rank) else 0
        self.bounds = np.searchsorted(pair_rank, np.arange(n_rounds + 1), side="left")

    def by_type(self) -> _Pairs:
        """The pairs of the per-type evaluation: those of one type, ranked within (sentence, type).

        A prediction and a gold mention of one sentence and type overlap the same way whatever else
        the sentence holds, and within a type the tables' order is nervaluate's (start, end) order, so
        per-type matching needs no table of its own."""
        out = _Pairs.__new__(_Pairs)
        keep = self.same_type
        pred_idx, gold_idx = self.pred_idx[keep], self.gold_idx[keep]
        gold, pred = self.gold, self.pred
        for name in ("pred_idx", "gold_idx", "same_bounds", "same_type", "bounds"):
            delattr(self, name)  # this object is spent: its pairs are the per-type ones' only source
        out._arrange(gold, pred, pred_idx, gold_idx, _ranks(wide(pred.unit) * pred.n_types + pred.type))
        return out

    def distance(self, lo: int, hi: int) -> np.ndarray:
        """How far apart the boundaries of pairs ``lo:hi`` are."""
        p, g = self.pred_idx[lo:hi], self.gold_idx[lo:hi]
        return np.abs(self.pred.start[p] - self.gold.start[g]) + np.abs(self.pred.end[p] - self.gold.end[g])

    def greedy(self, rule: Rule) -> tuple[np.ndarray, np.ndarray]:
        """Each prediction's chosen gold index (NONE: spurious) and whether it is correct, exactly as
        nervaluate's sequential matching, one rank of predictions at a time.

        See :class:`Rule`.
        """
        n_gold, n_pred = len(self.gold), len(self.pred)
        choice = np.full(n_pred, NONE, dtype=I64)
        correct = np.zeros(n_pred, dtype=bool)
        used = np.zeros(n_gold, dtype=bool)
        for lo, hi in zip(self.bounds[:-1].tolist(), self.bounds[1:].tolist()):
            if lo == hi:
                continue
            pidx, gidx = self.pred_idx[lo:hi], self.gold_idx[lo:hi]
            free = ~used[gidx]  # every pair overlaps; a used gold mention is out
            seg = np.flatnonzero(np.concatenate([[True], pidx[1:] != pidx[:-1]]))

            def first(mask):
                return np.minimum.reduceat(np.where(mask, gidx, NONE), seg)

            if rule is Rule.CLOSEST_SAME_TYPE:
                same_type = self.same_type[lo:hi]
                key = np.where(free & same_type, wide(self.distance(lo, hi)) * (n_gold + 1) + gidx, NONE)
                best = np.minimum.reduceat(key, seg)
                best = np.where(best == NONE, NONE, best % (n_gold + 1))
                wrong = first(free & ~same_type)
                c, ok = np.where(best != NONE, best, wrong), best != NONE
            else:
                exact = self.same_bounds[lo:hi] & free
                if rule is Rule.SAME_SPAN:
                    exact &= self.same_type[lo:hi]
                exact_first = first(exact)
                c, ok = np.where(exact_first != NONE, exact_first, first(free)), exact_first != NONE
            here = pidx[seg]
            choice[here], correct[here] = c, ok
            used[c[c != NONE]] = True
        return choice, correct


def _outcomes(choice: np.ndarray, correct: np.ndarray, gold_cell: np.ndarray, pred_cell: np.ndarray,
              n_cells: int) -> np.ndarray:
    """Per cell (a unit, or a zone and type): predictions correct, chosen but not correct, spurious, and gold
    mentions missed, from one greedy matching; a scheme counts the second column as INC or PAR."""
    chosen = choice != NONE
    outcome = np.where(chosen, np.where(correct, np.int8(0), np.int8(1)), np.int8(2))  # correct, near, spurious
    out = np.zeros((n_cells, 4), dtype=I64)
    out[:, :3] = np.bincount(wide(pred_cell) * 3 + outcome, minlength=n_cells * 3).reshape(n_cells, 3)
    del outcome
    used = np.zeros(len(gold_cell), dtype=bool)
    used[choice[chosen]] = True
    out[:, 3] = np.bincount(gold_cell[~used], minlength=n_cells)
    return out


def _vectors(outcomes: np.ndarray, near: int) -> np.ndarray:
    """COR/INC/PAR/MIS/SPU from :func:`_outcomes`."""
    vec = np.zeros((len(outcomes), 5), dtype=I64)
    vec[:, COR], vec[:, near], vec[:, SPU], vec[:, MIS] = outcomes[:, 0], outcomes[:, 1], outcomes[:, 2], outcomes[:, 3]
    return vec


def _all_schemes(inp) -> dict[str, Counted]:
    """Every scheme's counts: the matchings overall, then per type (each rule's greedy run shared by the
    schemes that use it, and dropped once counted); the per-type pairs are the overall ones of one type."""
    t, layout, threshold = inp.table, inp.layout, inp.parameters.min_overlap
    n_types = max(len(t.types), 1)
    rules = {s.rule for s in SCHEMES.values()}
    units: dict[str, np.ndarray] = {}
    typed: dict[str, np.ndarray] = {}
    pairs = _Pairs(t.gold, t.pred, threshold)
    for rule in rules:
        outcomes = _outcomes(*pairs.greedy(rule), t.gold.unit, t.pred.unit, layout.n_units)
        for scheme in SCHEMES.values():
            if scheme.rule is rule:
                units[scheme.name] = compact(_vectors(outcomes, scheme.near))
        del outcomes
    pairs = pairs.by_type()
    zone = layout.unit_zone.astype(np.int32)
    gold_cells = zone[t.gold.unit] * np.int32(n_types) + t.gold.type
    pred_cells = zone[t.pred.unit] * np.int32(n_types) + t.pred.type
    for rule in rules:
        outcomes = _outcomes(*pairs.greedy(rule), gold_cells, pred_cells, layout.n_zones * n_types)
        for scheme in SCHEMES.values():
            if scheme.rule is rule:
                typed[scheme.name] = _vectors(outcomes, scheme.near).reshape(layout.n_zones, n_types, 5)
    return {name: Counted(units[name], typed[name], t.types) for name in SCHEMES}


def _counter(scheme: Scheme):
    def count(inp) -> Counted:
        return inp.shared("semeval", _all_schemes)[scheme.name]

    def reference(inp) -> Counted:
        threshold = inp.parameters.min_overlap
        return per_sentence(inp, lambda p: scheme.vector(p.gold_spans, p.pred_spans, threshold), 5,
                            lambda p: scheme.vectors_by_type(p.gold_spans, p.pred_spans, threshold))

    count.__doc__ = f"SemEval {scheme.name}, vectorised."
    reference.__doc__ = f"SemEval {scheme.name}, sentence by sentence (the reference)."
    return count, reference


for _order, _scheme in enumerate(SCHEMES.values(), start=50):
    _count, _reference = _counter(_scheme)
    VIEWS.register(ViewSpec(
        f"ner_partial_{_scheme.name}", Family.PARTIAL, _scheme.label,
        f"SemEval-2013 '{_scheme.name}' scheme over nested mentions (nervaluate 1.2 semantics)", _scheme.metric,
        _count, reference=_reference, order=_order, parameters=("min_overlap",)))
