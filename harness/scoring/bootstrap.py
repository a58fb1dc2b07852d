"""Percentile bootstrap intervals and paired bootstrap comparisons.

Units (sentences, or documents) are resampled with replacement; a resample is
a vector of multinomial weights over the units, drawn from a seeded NumPy
generator, so the same seed, unit count and number of resamples always give
the same resamples, and two systems scored on the same units are compared on
the same resamples (a paired test).

>>> import numpy as np
>>> from harness.scoring.metrics import PRF
>>> units = np.array([[1, 0, 0], [0, 1, 1], [1, 0, 0]])
>>> lo, hi = interval(units, PRF, resamples=200, seed=1)["f1"]
>>> 0.0 <= lo <= hi <= 1.0
True
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from harness.scoring.metrics import Metric

DEFAULT_RESAMPLES = 10_000
DEFAULT_SEED = 20241121
CONFIDENCE = 0.95


CHUNK = 1000
CACHE_LIMIT = 2_000_000  # cache weight matrices up to this many cells (16 MB)


def _chunks(n_units: int, resamples: int, seed: int):
    """Weight matrices of up to CHUNK resamples each, drawn in order from one seeded generator."""
    rng = np.random.default_rng(seed)
    for start in range(0, resamples, CHUNK):
        size = min(CHUNK, resamples - start)
        if n_units == 0:
            yield np.zeros((size, 0), dtype=np.int64)
        else:
            yield rng.multinomial(n_units, np.full(n_units, 1.0 / n_units), size=size)


@lru_cache(maxsize=8)
def _cached(n_units: int, resamples: int, seed: int) -> np.ndarray:
    chunks = list(_chunks(n_units, resamples, seed))
    weights = np.concatenate(chunks) if chunks else np.zeros((0, n_units), dtype=np.int64)
    weights.flags.writeable = False
    return weights


def weight_chunks(n_units: int, resamples: int, seed: int):
    """The resamples as weight matrices (units drawn per resample), in order: one cached
    matrix when small (every view of a record is resampled the same way), else chunks."""
    if n_units * resamples <= CACHE_LIMIT:
        yield _cached(n_units, resamples, seed)
    else:
        from harness.core.progress import progress

        yield from progress(_chunks(n_units, resamples, seed), f"bootstrap over {n_units:,} units",
                            total=-(-resamples // CHUNK), unit=f"{CHUNK} resamples")


def resample_weights(n_units: int, resamples: int, seed: int) -> np.ndarray:
    """A (resamples, n_units) matrix of how often each unit is drawn."""
    return np.concatenate(list(weight_chunks(n_units, resamples, seed)))


def _resampled_scores(units: np.ndarray, metric: Metric, resamples: int, seed: int) -> dict[str, np.ndarray]:
    units = np.asarray(units, dtype=np.int64).reshape(len(units), -1)
    totals = np.concatenate([w @ units for w in weight_chunks(len(units), resamples, seed)])
    p, r, f = metric.arrays(totals)
    return {"precision": p, "recall": r, "f1": f}


def interval(
    units: np.ndarray, metric: Metric, resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED
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
    units = np.asarray(units).reshape(len(units), -1)
    scores = _resampled_scores(units, metric, resamples, seed)
    alpha = (1 - CONFIDENCE) / 2
    return {k: [float(np.quantile(v, alpha)), float(np.quantile(v, 1 - alpha))] for k, v in scores.items()}


def intervals(
    unit_arrays: list[np.ndarray], metrics: list[Metric], resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED
) -> list[dict[str, list[float]]]:
    """:func:`interval` for several views over the same units, drawing the resamples once.

    Args:
        unit_arrays: per view, per-unit count vectors, each of shape (n_units, k_view).
        metrics: per view, its metric.
    """
    if not unit_arrays:
        return []
    arrays = [np.asarray(u, dtype=np.int64).reshape(len(u), -1) for u in unit_arrays]
    stacked = np.concatenate(arrays, axis=1)
    totals = np.concatenate([w @ stacked for w in weight_chunks(len(stacked), resamples, seed)])
    alpha = (1 - CONFIDENCE) / 2
    out, col = [], 0
    for array, metric in zip(arrays, metrics):
        p, r, f = metric.arrays(totals[:, col:col + array.shape[1]])
        col += array.shape[1]
        out.append({k: [float(np.quantile(v, alpha)), float(np.quantile(v, 1 - alpha))]
                    for k, v in (("precision", p), ("recall", r), ("f1", f))})
    return out


def paired(
    units_a: np.ndarray,
    units_b: np.ndarray,
    metric: Metric,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> dict[str, float | list[float]]:
    """Paired bootstrap of the F1 difference A − B over the same resamples.

    The p-value is two-sided: twice the share of resamples whose difference
    lies on the other side of zero from the observed one (capped at 1).

    Returns:
        ``{"delta": observed difference, "interval": [lo, hi], "p_value": p}``.
    """
    a, b = np.asarray(units_a), np.asarray(units_b)
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"paired bootstrap needs the same units: {a.shape[0]} vs {b.shape[0]}")
    a, b = a.reshape(len(a), -1), b.reshape(len(b), -1)
    diff = _resampled_scores(a, metric, resamples, seed)["f1"] - _resampled_scores(b, metric, resamples, seed)["f1"]
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
