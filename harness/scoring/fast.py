"""Vectorised counting of every NER view over a whole corpus at once.

The per-sentence reference implementations (:mod:`harness.scoring.ner`,
:mod:`harness.scoring.partial`) define the semantics; this module computes the
same counts with NumPy over all sentences together, and the tests hold the two
equal on random corpora.

- Set views (strict, boundary, flat, coarse): mentions are rows
  ``(unit, start, end[, type])``; a sort brings equal gold and predicted rows
  together, and matches are counted per unit (and type) with ``bincount``.
- Outermost: after sorting by (unit, start, −end, type), a mention is kept when
  it starts at or after the furthest end of every mention before it.
- The SemEval family: nervaluate's greedy matching gives each prediction, in
  order, the first suitable gold mention not used by an earlier prediction of
  its sentence. The k-th predictions of all sentences are matched together in
  round k, so the number of rounds is the largest number of predictions in one
  sentence, and each round is a few array operations.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from operator import attrgetter
from contextlib import contextmanager

import numpy as np

from harness.core.schema import load_schema
from harness.scoring.partial import SCHEMES
from harness.core.types import Document, Prediction

I64 = np.int64
NONE = np.iinfo(np.int64).max


class Table:
    """Mentions of one side as sorted integer columns."""

    def __init__(self, unit: np.ndarray, start: np.ndarray, end: np.ndarray, typ: np.ndarray):
        self.unit, self.start, self.end, self.type = unit, start, end, typ

    @classmethod
    def build(cls, rows: np.ndarray, order: str = "nested") -> Table:
        """Sort and deduplicate rows ``(unit, start, end, type)``.

        ``order="nested"``: (unit, start, −end, type), outer before inner;
        ``order="span"``: (unit, start, end, type), the order of :class:`Span`.
        """
        rows = np.asarray(rows, dtype=I64).reshape(-1, 4)
        if len(rows):
            sortable = rows.copy()
            if order == "nested":
                sortable[:, 2] = rows[:, 2].max() - rows[:, 2]
            keys = _keys(sortable)
            if keys is None:
                idx = np.lexsort((sortable[:, 3], sortable[:, 2], sortable[:, 1], sortable[:, 0]))
                rows = rows[idx]
                keep = np.ones(len(rows), dtype=bool)
                keep[1:] = np.any(rows[1:] != rows[:-1], axis=1)
            else:
                if len(keys) > 1 and not np.all(keys[1:] >= keys[:-1]):
                    idx = np.argsort(keys)  # equal keys are equal rows: order among them is moot
                    rows, keys = rows[idx], keys[idx]
                keep = np.ones(len(rows), dtype=bool)
                keep[1:] = keys[1:] != keys[:-1]
            rows = rows[keep]
        return cls(rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3])

    def __len__(self) -> int:
        return len(self.unit)

    def rows(self, with_type: bool = True) -> np.ndarray:
        """The columns as a 2-D array."""
        cols = [self.unit, self.start, self.end] + ([self.type] if with_type else [])
        return np.stack(cols, axis=1) if len(self) else np.zeros((0, len(cols)), dtype=I64)

    def select(self, mask: np.ndarray) -> Table:
        """The rows where ``mask`` holds."""
        return Table(self.unit[mask], self.start[mask], self.end[mask], self.type[mask])


def _radix_weights(rows: np.ndarray) -> np.ndarray | None:
    """Mixed-radix weights turning non-negative rows into order-preserving
    int64 keys, or None if the keys could overflow."""
    radix = rows.max(axis=0) + 1 if len(rows) else np.ones(rows.shape[1], dtype=I64)
    if np.prod(radix.astype(float)) >= 2.0**62:
        return None
    return np.concatenate([np.cumprod(radix[::-1])[::-1][1:], [1]]).astype(I64)


def _keys(rows: np.ndarray) -> np.ndarray | None:
    weights = _radix_weights(rows)
    return None if weights is None else rows @ weights


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    if len(keys) > 1 and not np.all(keys[1:] >= keys[:-1]):
        keys = np.sort(keys)
    if len(keys) > 1:
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    return keys


def set_counts(gold: np.ndarray, pred: np.ndarray, n_units: int, n_types: int | None = None):
    """tp/fp/fn per unit (and per unit and type) of two sets of rows.

    Args:
        gold, pred: rows whose first column is the unit and, when ``n_types``
            is given, whose last column is the type id; duplicates count once.
        n_units: the number of units.
        n_types: the number of type ids, for per-type counts.

    Returns:
        ``(units, per_type)``: arrays of shape (n_units, 3) and
        (n_units, n_types, 3) (None without ``n_types``).
    """
    weights = _radix_weights(np.concatenate([gold, pred]))
    if weights is None:  # astronomically large offsets: compare rows instead of keys
        g_rows, p_rows = (np.unique(x, axis=0) for x in (gold, pred))
        uniq, counts = np.unique(np.concatenate([g_rows, p_rows]), axis=0, return_counts=True)
        matched = uniq[counts == 2]
    else:
        g_keys, p_keys = _sorted_unique(gold @ weights), _sorted_unique(pred @ weights)
        pos = np.minimum(np.searchsorted(g_keys, p_keys), max(len(g_keys) - 1, 0))
        m_keys = p_keys[g_keys[pos] == p_keys] if len(g_keys) else p_keys[:0]
        radix_last = weights[-2] if len(weights) > 1 else np.iinfo(I64).max

        def decode(keys):  # (unit, last column)
            return np.column_stack([keys // weights[0], keys % radix_last])

        matched, g_rows, p_rows = decode(m_keys), decode(g_keys), decode(p_keys)

    def per_unit(rows):
        return np.bincount(rows[:, 0], minlength=n_units)

    tp, ng, npd = per_unit(matched), per_unit(g_rows), per_unit(p_rows)
    units = np.stack([tp, npd - tp, ng - tp], axis=1)
    if n_types is None:
        return units, None

    def per_type(rows):
        return np.bincount(rows[:, 0] * n_types + rows[:, -1], minlength=n_units * n_types).reshape(n_units, n_types)

    ttp, tng, tnp = per_type(matched), per_type(g_rows), per_type(p_rows)
    return units, np.stack([ttp, tnp - ttp, tng - ttp], axis=2)


def outermost_mask(table: Table) -> np.ndarray:
    """Which rows of a nested-ordered table are outermost (see module doc)."""
    if not len(table):
        return np.zeros(0, dtype=bool)
    width = int(max(table.end.max(), table.start.max())) + 1
    start = table.unit * width + table.start
    reach = np.maximum.accumulate(table.unit * width + table.end)
    keep = np.ones(len(table), dtype=bool)
    keep[1:] = start[1:] >= reach[:-1]
    return keep


@contextmanager
def _no_cyclic_gc():
    """Pause the cyclic garbage collector while building many small tuples: it
    would otherwise rescan every live object (a large corpus) again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Corpus:
    """The gold and predicted mentions of every unit (sentence) as integer rows."""

    def __init__(self, documents: Sequence[Document], predictions: Sequence[Prediction]):
        with _no_cyclic_gc():
            self._build(documents, predictions)

    def _build(self, documents: Sequence[Document], predictions: Sequence[Prediction]) -> None:
        sides = []
        for span_lists in ([d.spans for d in documents], [p.spans for p in predictions]):
            spans = [s for group in span_lists for s in group]
            sides.append((span_lists, spans, list(map(attrgetter("type"), spans))))
        self.types = sorted(set(sides[0][2]).union(sides[1][2]))
        index = {t: i for i, t in enumerate(self.types)}
        # documents laid end to end: global offsets make one searchsorted enough
        lengths = np.array([len(d.text) + 1 for d in documents], dtype=I64)
        base = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(I64)
        sentences = [s for d in documents for s in d.sentences]
        doc_of_sentence = np.repeat(np.arange(len(documents)), [len(d.sentences) for d in documents])
        starts = np.fromiter(map(attrgetter("start"), sentences), dtype=I64, count=len(sentences)) + base[doc_of_sentence]
        ends = np.fromiter(map(attrgetter("end"), sentences), dtype=I64, count=len(sentences)) + base[doc_of_sentence]
        self.n_units = len(sentences)

        def rows(span_lists: list, spans: list, types: list) -> np.ndarray:
            doc = np.repeat(np.arange(len(span_lists)), [len(g) for g in span_lists])
            start = np.fromiter(map(attrgetter("start"), spans), dtype=I64, count=len(spans))
            end = np.fromiter(map(attrgetter("end"), spans), dtype=I64, count=len(spans))
            typ = np.fromiter(map(index.__getitem__, types), dtype=I64, count=len(spans))
            unit = np.clip(np.searchsorted(starts, start + base[doc], side="right") - 1, 0, None)
            gap = (start + base[doc] >= ends[unit]) & (unit + 1 < len(starts))  # between sentences: the next one
            return np.column_stack([unit + gap, start, end, typ])

        self.gold_rows = rows(*sides[0])
        self.pred_rows = rows(*sides[1])


def _typed(per_type: np.ndarray, names: Sequence[str]) -> dict[str, np.ndarray]:
    return {t: per_type[:, i, :] for i, t in enumerate(names) if per_type[:, i, :].any()}


def ner_set_views(corpus: Corpus) -> dict[str, tuple[np.ndarray, dict[str, np.ndarray]]]:
    """Per-unit and per-type counts of the strict, boundary, flat and coarse views."""
    n, types = corpus.n_units, corpus.types
    gold, pred = Table.build(corpus.gold_rows), Table.build(corpus.pred_rows)
    out = {}
    units, typed = set_counts(gold.rows(), pred.rows(), n, len(types))
    out["ner_strict"] = (units, _typed(typed, types))
    units, _ = set_counts(gold.rows(False), pred.rows(False), n)
    out["ner_boundary"] = (units, {})
    g, p = gold.select(outermost_mask(gold)), pred.select(outermost_mask(pred))
    units, typed = set_counts(g.rows(), p.rows(), n, len(types))
    out["ner_flat"] = (units, _typed(typed, types))
    coarse_map = load_schema().coarse_map
    coarse_types = sorted(set(coarse_map.values()))
    lookup = np.array([coarse_types.index(coarse_map[t]) if t in coarse_map else -1 for t in types] or [-1], dtype=I64)

    def coarse_table(table: Table) -> Table:
        mapped = lookup[table.type] if len(table) else table.type
        keep = mapped >= 0
        t = Table.build(np.stack([table.unit[keep], table.start[keep], table.end[keep], mapped[keep]], axis=1))
        return t.select(outermost_mask(t))

    units, typed = set_counts(coarse_table(gold).rows(), coarse_table(pred).rows(), n, len(coarse_types))
    out["ner_coarse"] = (units, _typed(typed, coarse_types))
    return out


class _Pairs:
    """The overlapping (prediction, gold mention) pairs of the same group.

    A group is a sentence (overall scores) or a sentence and type (per-type
    scores, where nervaluate evaluates each type's mentions alone). Tables are
    in span order within groups. Pairs are ordered by the prediction's rank
    within its group, then by prediction, then by gold mention, so that round
    ``k`` of the greedy matching (the k-th prediction of every group) is one slice.
    """

    def __init__(self, gold: Table, pred: Table, n_groups: int):
        g_count = np.bincount(gold.unit, minlength=n_groups)
        g_first = np.concatenate([[0], np.cumsum(g_count)[:-1]]).astype(I64)
        p_count = np.bincount(pred.unit, minlength=n_groups)
        p_first = np.concatenate([[0], np.cumsum(p_count)[:-1]]).astype(I64)
        rank = np.arange(len(pred), dtype=I64) - p_first[pred.unit] if len(pred) else np.zeros(0, dtype=I64)
        # only gold mentions starting before the prediction ends can overlap it
        width = int(max(gold.end.max() if len(gold) else 0, pred.end.max() if len(pred) else 0)) + 1
        hi = np.searchsorted(gold.unit * width + gold.start, pred.unit * width + pred.end, side="left")
        rep = hi - g_first[pred.unit] if len(pred) else np.zeros(0, dtype=I64)
        pred_idx = np.repeat(np.arange(len(pred), dtype=I64), rep)
        offset = np.arange(len(pred_idx), dtype=I64) - np.repeat(np.cumsum(rep) - rep, rep)
        gold_idx = g_first[pred.unit][pred_idx] + offset if len(pred_idx) else offset
        ps, pe = pred.start[pred_idx], pred.end[pred_idx]
        ts, te = gold.start[gold_idx], gold.end[gold_idx]
        overlap_len = np.minimum(pe, te) - np.maximum(ps, ts)
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = (overlap_len / (te - ts)) * 100.0
        keep = (overlap_len > 0) & (pct >= 1.0)  # nervaluate's 1% minimum overlap
        pred_idx, gold_idx = pred_idx[keep], gold_idx[keep]
        pair_rank = rank[pred_idx]
        # a stable sort of small integers is a radix sort in NumPy: linear time
        small = len(pair_rank) and pair_rank.max() < 2**16
        order = np.argsort(pair_rank.astype(np.uint16) if small else pair_rank, kind="stable")
        self.pred_idx, self.gold_idx, pair_rank = pred_idx[order], gold_idx[order], pair_rank[order]
        self.same_bounds = (pred.start[self.pred_idx] == gold.start[self.gold_idx]) & (
            pred.end[self.pred_idx] == gold.end[self.gold_idx])
        self.same_type = pred.type[self.pred_idx] == gold.type[self.gold_idx]
        self.distance = (np.abs(pred.start[self.pred_idx] - gold.start[self.gold_idx])
                         + np.abs(pred.end[self.pred_idx] - gold.end[self.gold_idx]))
        n_rounds = int(pair_rank.max()) + 1 if len(pair_rank) else 0
        self.bounds = np.searchsorted(pair_rank, np.arange(n_rounds + 1), side="left")


COR, INC, PAR = 0, 1, 2


def _greedy(pairs: _Pairs, scheme: str, n_gold: int, n_pred: int) -> tuple[np.ndarray, np.ndarray]:
    """Each prediction's chosen gold index (NONE: spurious) and class, exactly as
    nervaluate's sequential matching, one rank of predictions at a time."""
    choice = np.full(n_pred, NONE, dtype=I64)
    klass = np.zeros(n_pred, dtype=I64)
    used = np.zeros(n_gold, dtype=bool)
    for lo, hi in zip(pairs.bounds[:-1], pairs.bounds[1:]):
        if lo == hi:
            continue
        pidx, gidx = pairs.pred_idx[lo:hi], pairs.gold_idx[lo:hi]
        overlap = ~used[gidx]  # every pair overlaps; a used gold mention is out
        bounds, same_type = pairs.same_bounds[lo:hi] & overlap, pairs.same_type[lo:hi]
        seg = np.flatnonzero(np.concatenate([[True], pidx[1:] != pidx[:-1]]))

        def first(mask):
            return np.minimum.reduceat(np.where(mask, gidx, NONE), seg)

        if scheme == "ent_type":
            key = np.where(overlap & same_type, pairs.distance[lo:hi] * (n_gold + 1) + gidx, NONE)
            best = np.minimum.reduceat(key, seg)
            best = np.where(best == NONE, NONE, best % (n_gold + 1))
            wrong = first(overlap & ~same_type)
            c, k = np.where(best != NONE, best, wrong), np.where(best != NONE, COR, INC)
        else:
            exact = first(bounds & same_type if scheme == "strict" else bounds)
            other = first(overlap)
            c = np.where(exact != NONE, exact, other)
            k = np.where(exact != NONE, COR, PAR if scheme == "partial" else INC)
        here = pidx[seg]
        choice[here], klass[here] = c, k
        used[c[c != NONE]] = True
    return choice, klass


def _scheme_counts(pairs: _Pairs, gold: Table, pred: Table, n_groups: int, scheme: str) -> np.ndarray:
    choice, klass = _greedy(pairs, scheme, len(gold), len(pred))
    chosen = choice != NONE
    vec = np.zeros((n_groups, 5), dtype=I64)
    for k in (COR, INC, PAR):
        vec[:, k] = np.bincount(pred.unit[chosen & (klass == k)], minlength=n_groups)
    vec[:, 4] = np.bincount(pred.unit[~chosen], minlength=n_groups)
    used = np.zeros(len(gold), dtype=bool)
    used[choice[chosen]] = True
    vec[:, 3] = np.bincount(gold.unit[~used], minlength=n_groups)
    return vec


def partial_views(corpus: Corpus) -> dict[str, tuple[np.ndarray, dict[str, np.ndarray]]]:
    """Per-unit and per-type COR/INC/PAR/MIS/SPU of the four SemEval schemes."""
    n, types = corpus.n_units, corpus.types
    n_types = max(len(types), 1)

    def grouped(rows: np.ndarray, by_type: bool) -> Table:
        if by_type:
            rows = np.column_stack([rows[:, 0] * n_types + rows[:, 3], rows[:, 1:]])
        return Table.build(rows, "span")

    tables = {by_type: (grouped(corpus.gold_rows, by_type), grouped(corpus.pred_rows, by_type)) for by_type in (False, True)}
    pairs = {by_type: _Pairs(*tables[by_type], n * n_types if by_type else n) for by_type in (False, True)}
    out = {}
    for name in SCHEMES:
        overall = _scheme_counts(pairs[False], *tables[False], n, name)
        typed = _scheme_counts(pairs[True], *tables[True], n * n_types, name)
        out[f"ner_partial_{name}"] = (overall, _typed(typed.reshape(n, n_types, 5), types))
    return out
