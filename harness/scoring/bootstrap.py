"""Percentile bootstrap intervals and paired bootstrap comparisons.

Units (sentences, or documents) are resampled with replacement; a resample is
a vector of weights over the units (how often each is drawn), drawn from a
seeded NumPy generator, so the same seed, unit count and number of resamples
always give the same resamples, and two systems scored on the same units are
compared on the same resamples (a paired test).

Two draws give those weights, with the same distribution (each resample draws
``n`` of the ``n`` units uniformly with replacement), declared in :data:`DRAWS`:
``multinomial`` (NumPy's ``Generator.multinomial``, the harness's first stream:
about 70 ns per unit per resample) and ``indices`` (``n`` uniform unit indices per
resample, counted: about five times faster on thousands of units). A record
names its :data:`POLICIES` entry: ``sized`` (the default) draws ``multinomial`` up to
2,000,000 cells (units × resamples: the benchmark's 145 sentences × 10,000) and
``indices`` above; ``multinomial`` (records of the first format) always draws
``multinomial``. Re-scoring a record uses its own policy, so its intervals
reproduce bit for bit.

>>> import numpy as np
>>> from harness.scoring.metrics import PRF
>>> units = np.array([[1, 0, 0], [0, 1, 1], [1, 0, 0]])
>>> lo, hi = interval(units, PRF, resamples=200, seed=1)["f1"]
>>> 0.0 <= lo <= hi <= 1.0
True
>>> POLICIES["sized"].draw(145, 10_000).name, POLICIES["sized"].draw(4_760, 10_000).name
('multinomial', 'indices')
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import numpy as np

from harness.scoring.metrics import Metric, as_rows


class ResampleUnit(Enum):
    """What the bootstrap resamples."""

    SENTENCE = "sentence"
    DOCUMENT = "document"


DEFAULT_RESAMPLES = 10_000
DEFAULT_SEED = 20241121
CONFIDENCE = 0.95


CHUNK = 1000
CACHE_LIMIT = 2_000_000  # cache weight matrices up to this many cells (16 MB)


def _multinomial(rng: np.random.Generator, n_units: int, size: int) -> np.ndarray:
    return rng.multinomial(n_units, np.full(n_units, 1.0 / n_units), size=size)


def _indices(rng: np.random.Generator, n_units: int, size: int) -> np.ndarray:
    out = np.empty((size, n_units), dtype=np.int64)
    step = 100  # rows counted at once: the counts stay in cache
    offsets = np.arange(step, dtype=np.int64)[:, None] * n_units
    for lo in range(0, size, step):
        rows = min(step, size - lo)
        drawn = rng.integers(0, n_units, size=(rows, n_units), dtype=np.int64) + offsets[:rows]
        out[lo:lo + rows] = np.bincount(drawn.ravel(), minlength=rows * n_units).reshape(rows, n_units)
    return out


@dataclass(frozen=True)
class Draw:
    """One way of drawing resampling weights."""

    name: str
    description: str
    weights: Callable[[np.random.Generator, int, int], np.ndarray]  # (rng, n_units, resamples) -> counts


DRAWS = {d.name: d for d in (
    Draw("multinomial", "numpy Generator.multinomial(n, [1/n] * n), chunks of 1000 resamples from one generator",
         _multinomial),
    Draw("indices", "n uniform unit indices per resample (Generator.integers), counted; chunks of 1000 resamples "
         "from one generator", _indices),
)}


@dataclass(frozen=True)
class DrawPolicy:
    """Which draw a bootstrap of ``n_units`` × ``resamples`` uses."""

    name: str
    description: str
    multinomial_cells: float  # the largest units × resamples drawn with ``multinomial``

    def draw(self, n_units: int, resamples: int) -> Draw:
        """The draw for this many units and resamples."""
        return DRAWS["multinomial" if n_units * resamples <= self.multinomial_cells else "indices"]


POLICIES = {p.name: p for p in (
    DrawPolicy("sized", "multinomial up to 2,000,000 cells (units x resamples), uniform indices above",
               2_000_000),  # part of the stream: never change it (add a policy instead)
    DrawPolicy("multinomial", "multinomial always (the first record format)", float("inf")),
)}
DEFAULT_POLICY = "sized"


def _chunks(n_units: int, resamples: int, seed: int, policy: str = DEFAULT_POLICY) -> Iterator[np.ndarray]:
    """Weight matrices of up to CHUNK resamples each, drawn in order from one seeded generator."""
    rng = np.random.default_rng(seed)
    draw = POLICIES[policy].draw(n_units, resamples)
    for start in range(0, resamples, CHUNK):
        size = min(CHUNK, resamples - start)
        if n_units == 0:
            yield np.zeros((size, 0), dtype=np.int64)
        else:
            yield draw.weights(rng, n_units, size)


@lru_cache(maxsize=8)
def _cached(n_units: int, resamples: int, seed: int, policy: str) -> np.ndarray:
    chunks = [c.astype(np.float64) for c in _chunks(n_units, resamples, seed, policy)]
    weights = np.concatenate(chunks) if chunks else np.zeros((0, n_units))
    weights.flags.writeable = False
    return weights


def weight_chunks(n_units: int, resamples: int, seed: int, policy: str = DEFAULT_POLICY):
    """The resamples as float64 weight matrices (how often each unit is drawn), in order: one cached
    matrix when small (every view of a record is resampled the same way), else chunks.

    The weights are integers below 2**53, so a float64 matrix product with integer counts is
    exact (and far faster than an integer one)."""
    if n_units * resamples <= CACHE_LIMIT:
        yield _cached(n_units, resamples, seed, policy)
    else:
        from harness.core.progress import progress

        chunks = progress(_chunks(n_units, resamples, seed, policy), f"bootstrap over {n_units:,} units",
                          total=-(-resamples // CHUNK), unit=f"{CHUNK} resamples")
        yield from (c.astype(np.float64) for c in chunks)


def resampled_totals(units: np.ndarray, resamples: int, seed: int, policy: str = DEFAULT_POLICY) -> np.ndarray:
    """``(resamples, k)`` summed counts of every resample of ``units`` (``(n_units, k)``)."""
    units = as_rows(units, np.float64)
    return np.concatenate([w @ units for w in weight_chunks(len(units), resamples, seed, policy)])


def percentile_intervals(values: np.ndarray) -> np.ndarray:
    """``(2, m)`` lower and upper percentile bounds of each column of ``(resamples, m)`` values."""
    alpha = (1 - CONFIDENCE) / 2
    return np.quantile(values, [alpha, 1 - alpha], axis=0)


def resample_weights(n_units: int, resamples: int, seed: int, policy: str = DEFAULT_POLICY) -> np.ndarray:
    """A (resamples, n_units) matrix of how often each unit is drawn."""
    return np.concatenate(list(weight_chunks(n_units, resamples, seed, policy)))


def interval(
    units: np.ndarray, metric: Metric, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED,
    policy: str = DEFAULT_POLICY,
) -> dict[str, list[float]]:
    """95% percentile intervals of precision, recall and F1.

    Args:
        units: per-unit count vectors, shape (n_units, k).
        metric: turns summed counts into scores.
        resamples: number of bootstrap resamples.
        seed: the generator's seed.

    Returns:
        ``{"precision": [lo, hi], "recall": [lo, hi], "f1": [lo, hi]}``.
    """
    units = as_rows(units)
    p, r, f = metric.arrays(resampled_totals(units, resamples, seed, policy))
    bounds = percentile_intervals(np.stack([p, r, f], axis=1)).tolist()
    return {k: [bounds[0][i], bounds[1][i]] for i, k in enumerate(("precision", "recall", "f1"))}


def paired(
    units_a: np.ndarray,
    units_b: np.ndarray,
    metric: Metric,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    policy: str = DEFAULT_POLICY,
) -> dict[str, float | list[float]]:
    """Paired bootstrap of the F1 difference A − B over the same resamples (one draw for both).

    The p-value is two-sided: twice the share of resamples whose difference
    lies on the other side of zero from the observed one (capped at 1).

    Returns:
        ``{"delta": observed difference, "interval": [lo, hi], "p_value": p}``.
    """
    a, b = np.asarray(units_a), np.asarray(units_b)
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"paired bootstrap needs the same units: {a.shape[0]} vs {b.shape[0]}")
    a, b = as_rows(a), as_rows(b)
    totals = resampled_totals(np.concatenate([a, b], axis=1), resamples, seed, policy)
    diff = metric.arrays(totals[:, :a.shape[1]])[2] - metric.arrays(totals[:, a.shape[1]:])[2]
    delta = metric.scores(a.sum(axis=0))[2] - metric.scores(b.sum(axis=0))[2]
    alpha = (1 - CONFIDENCE) / 2
    if delta > 0:
        p = 2 * float(np.mean(diff <= 0))
    elif delta < 0:
        p = 2 * float(np.mean(diff >= 0))
    else:
        p = 1.0
    return {
        "delta": float(delta),
        "interval": [float(np.quantile(diff, alpha)), float(np.quantile(diff, 1 - alpha))],
        "p_value": min(1.0, p),
    }
