"""Metrics computed from count vectors, vectorised over bootstrap resamples.

A view's counts per unit are a vector: ``(tp, fp, fn)`` for set matching,
``(cor, inc, par, mis, spu)`` for the SemEval-2013 partial-match family.
A :class:`Metric` turns summed vectors (any leading shape) into precision,
recall and F1 arrays; zero denominators give 0.0, as seqeval and nervaluate do.

>>> import numpy as np
>>> PRF.scores(np.array([3, 1, 2]))
(0.75, 0.6, 0.6666666666666665)
>>> SEMEVAL_HALF.scores(np.array([1, 0, 2, 1, 0]))
(0.6666666666666666, 0.5, 0.5714285714285715)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def as_rows(counts, dtype=None) -> np.ndarray:
    """Count vectors as a 2-D array of rows, ``(n, k)``; a 1-D array is one column (also when empty).

    >>> as_rows(np.zeros((0, 3))).shape, as_rows([1, 2]).shape
    ((0, 3), (2, 1))
    """
    a = np.asarray(counts, dtype=dtype)
    return a.reshape(len(a), 1) if a.ndim == 1 else a.reshape(len(a), a.shape[-1] if a.ndim > 1 else 1)


def _div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    out = np.zeros(np.broadcast(num, den).shape)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _f1(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    return _div(2 * p * r, p + r)


@dataclass(frozen=True)
class Metric:
    """Precision/recall/F1 from count vectors of a fixed layout."""

    name: str
    fields: tuple[str, ...]
    half_partial: bool = False

    def arrays(self, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """P, R, F1 arrays over the leading dimensions of ``counts``."""
        c = np.asarray(counts, dtype=float)
        if self.fields == ("tp", "fp", "fn"):
            tp, fp, fn = c[..., 0], c[..., 1], c[..., 2]
            p, r = _div(tp, tp + fp), _div(tp, tp + fn)
        else:
            cor, inc, par, mis, spu = (c[..., i] for i in range(5))
            hit = cor + 0.5 * par if self.half_partial else cor
            p, r = _div(hit, cor + inc + par + spu), _div(hit, cor + inc + par + mis)
        return p, r, _f1(p, r)

    def scores(self, counts: np.ndarray) -> tuple[float, float, float]:
        """P, R, F1 of one count vector, as floats."""
        p, r, f = self.arrays(counts)
        return float(p), float(r), float(f)


PRF = Metric("prf", ("tp", "fp", "fn"))
SEMEVAL = Metric("semeval", ("cor", "inc", "par", "mis", "spu"))
SEMEVAL_HALF = Metric("semeval-half-partial", ("cor", "inc", "par", "mis", "spu"), half_partial=True)
