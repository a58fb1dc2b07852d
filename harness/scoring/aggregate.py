"""From per-unit counts to the scores of a record: zones, types, documents, macro, intervals.

Everything is array arithmetic over the counts of :class:`~harness.scoring.engine.Scored`:
a zone is a boolean mask over the units built once; per-type scores sum the
per-zone-and-type counts; per-document counts are one weighted ``bincount``
per column. Intervals resample the units of a zone (or of one document) with
:mod:`harness.scoring.bootstrap`: every view resampled the same way shares one
draw and one matrix product, and groups that hold the same units (a corpus's
only document and the whole corpus) share their results.

>>> import numpy as np
>>> from harness.scoring.metrics import PRF
>>> score_of(PRF, np.array([3, 1, 2]))
Score(precision=0.75, recall=0.6, f1=0.6666666666666665, counts={'tp': 3, 'fp': 1, 'fn': 2}, ci=None)
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from harness.scoring.bootstrap import DEFAULT_POLICY, ResampleUnit, percentile_intervals, resampled_totals
from harness.scoring.columns import Layout
from harness.scoring.metrics import Metric, as_rows
from harness.scoring.viewspec import Counted, Family

ZONES = ("all", "body")


class Deferred(Mapping):
    """A mapping made on its first read: bulk scores stay arrays until a person or a file reads them.

    >>> d = Deferred(lambda: {"a": 1})
    >>> dict(d)
    {'a': 1}
    """

    def __init__(self, make):
        self._make, self._data = make, None

    def _get(self) -> dict:
        if self._data is None:
            self._data, self._make = self._make(), None
        return self._data

    def __getitem__(self, key):
        return self._get()[key]

    def __iter__(self):
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __repr__(self) -> str:
        return repr(self._get())


@dataclass(frozen=True)
class Score:
    """Precision, recall, F1 and the counts behind them (and an interval)."""

    precision: float
    recall: float
    f1: float
    counts: dict[str, int]
    ci: dict[str, list[float]] | None = None


def score_of(metric: Metric, vector: np.ndarray, ci: dict | None = None) -> Score:
    """The score of one summed count vector."""
    p, r, f = metric.scores(vector)
    return Score(p, r, f, {name: int(x) for name, x in zip(metric.fields, np.asarray(vector).tolist())}, ci)


def scores_of(metric: Metric, vectors: np.ndarray) -> list[Score]:
    """The scores of many summed count vectors (rows) at once, equal to :func:`score_of` of each."""
    vectors = np.asarray(vectors)
    if not len(vectors):
        return []
    vectors = as_rows(vectors)
    p, r, f = (a.tolist() for a in metric.arrays(vectors))
    counts = vectors.tolist()
    return [Score(p[i], r[i], f[i], dict(zip(metric.fields, counts[i]))) for i in range(len(counts))]


def group_by_document(counts: np.ndarray, unit_doc: np.ndarray, n_docs: int) -> np.ndarray:
    """Per-unit counts summed per document: ``(n_docs, k)``."""
    counts = as_rows(counts)
    out = np.zeros((n_docs, counts.shape[1]), dtype=np.int64)
    for j in range(counts.shape[1]):
        out[:, j] = np.bincount(unit_doc, weights=counts[:, j], minlength=n_docs).astype(np.int64)
    return out


def resampled(counts: np.ndarray, mask: np.ndarray, unit_doc_rank: np.ndarray, unit: ResampleUnit) -> np.ndarray:
    """The rows a bootstrap of ``unit`` resamples within ``mask``: sentences in order, or the
    documents' sums (documents the mask holds, in the order of their ids)."""
    selected = counts[mask]
    if unit is ResampleUnit.SENTENCE:
        return selected
    docs = unit_doc_rank[mask]
    present, index = np.unique(docs, return_inverse=True)
    return group_by_document(selected, index.reshape(-1), len(present))


@dataclass(frozen=True)
class Intervals:
    """Bootstrap settings for :func:`intervals`."""

    resamples: int
    seed: int
    re_unit: ResampleUnit = ResampleUnit.SENTENCE
    policy: str = DEFAULT_POLICY

    def unit_of(self, family: Family) -> ResampleUnit:
        """What the bootstrap resamples for a family: relations ``re_unit``, the rest sentences."""
        return self.re_unit if family is Family.RE else ResampleUnit.SENTENCE


class IntervalCache:
    """Intervals per (units, resampling) group, so groups holding the same units are resampled once."""

    def __init__(self, settings: Intervals, layout: Layout):
        self.settings, self.layout = settings, layout
        self._done: dict[tuple, dict[str, dict]] = {}

    def of(self, mask: np.ndarray, unit: ResampleUnit, views: Sequence[tuple[str, Metric, np.ndarray]]
           ) -> dict[str, dict[str, list[float]]]:
        """Intervals of each ``(name, metric, per-unit counts)`` over the units of ``mask``."""
        key = (hashlib.sha256(np.packbits(mask).tobytes()).hexdigest(), int(mask.sum()), unit,
               tuple(name for name, _, _ in views))
        if key not in self._done:
            self._done[key] = self._compute(mask, unit, views)
        return self._done[key]

    def _compute(self, mask, unit, views) -> dict[str, dict[str, list[float]]]:
        if not views:
            return {}
        arrays = [resampled(counts, mask, self.layout.unit_doc_rank, unit) for _, _, counts in views]
        totals = resampled_totals(np.concatenate(arrays, axis=1), self.settings.resamples, self.settings.seed,
                                  self.settings.policy)
        scores, col = [], 0
        for array, (_, metric, _) in zip(arrays, views):
            scores += metric.arrays(totals[:, col:col + array.shape[1]])
            col += array.shape[1]
        bounds = percentile_intervals(np.stack(scores, axis=1)).tolist()
        keys = ("precision", "recall", "f1")
        return {name: {k: [bounds[0][3 * i + j], bounds[1][3 * i + j]] for j, k in enumerate(keys)}
                for i, (name, _, _) in enumerate(views)}


def typed_scores(metric: Metric, counted: Counted, zone_ids: np.ndarray) -> dict[str, Score]:
    """Per-type scores summed over the given zone ids; types with no count left out."""
    if counted.typed is None or not len(counted.types) or not len(zone_ids):
        return {}
    sums = counted.typed[zone_ids][:, :len(counted.types)].sum(axis=0)
    return {t: score_of(metric, sums[i]) for i, t in enumerate(counted.types) if sums[i].any()}


def macro(typed: dict[str, Score]) -> Score | None:
    """The unweighted mean over types (None without types)."""
    if not typed:
        return None
    return Score(float(np.mean([s.precision for s in typed.values()])),
                 float(np.mean([s.recall for s in typed.values()])),
                 float(np.mean([s.f1 for s in typed.values()])), {"types": len(typed)})
