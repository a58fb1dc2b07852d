"""Turning matches into per-unit and per-zone-and-type count arrays (the one place for it).

>>> import numpy as np
>>> hits = matched(np.array([1, 4, 9]), np.array([4, 5, 9]))
>>> hits.tolist()
[True, False, True]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from harness.scoring.viewspec import Counted

I64 = np.int64


def compact(counts: np.ndarray) -> np.ndarray:
    """Per-unit counts in the smallest integer type that holds them (int16 for sentences of fewer
    than 32,768 mentions, else int32 or int64): they are kept for every view until the record is written.

    >>> compact(np.array([[3, 1], [0, 2]])).dtype
    dtype('int16')
    """
    top = int(counts.max()) if counts.size else 0
    for dtype in (np.int16, np.int32):
        if top <= np.iinfo(dtype).max:
            return counts.astype(dtype)
    return counts.astype(I64)


def matched(gold_keys: np.ndarray, pred_keys: np.ndarray) -> np.ndarray:
    """Which predicted keys occur among the gold keys (keys unique within each side, gold keys sorted)."""
    if not len(gold_keys) or not len(pred_keys):
        return np.zeros(len(pred_keys), dtype=bool)
    pos = np.searchsorted(gold_keys, pred_keys)
    np.minimum(pos, len(gold_keys) - 1, out=pos)
    return gold_keys[pos] == pred_keys


def first_of_runs(keys: np.ndarray) -> np.ndarray:
    """A mask keeping the first of each run of equal sorted keys."""
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = keys[1:] != keys[:-1]
    return keep


def prf(layout, gold_unit: np.ndarray, pred_unit: np.ndarray, hit: np.ndarray,
        gold_type: np.ndarray | None = None, pred_type: np.ndarray | None = None,
        types: Sequence[str] = ()) -> Counted:
    """tp/fp/fn per unit, and per zone and type when the types are given.

    Args:
        layout: the units (:class:`~harness.scoring.columns.Layout`).
        gold_unit, pred_unit: each mention's unit.
        hit: which predictions match a gold mention (one to one).
        gold_type, pred_type: type ids indexing ``types``.
    """
    n = layout.n_units
    by_hit = np.bincount(pred_unit.astype(I64) * 2 + hit, minlength=2 * n).reshape(n, 2)  # (missed, hit) per unit
    n_gold = np.bincount(gold_unit, minlength=n)
    units = compact(np.stack([by_hit[:, 1], by_hit[:, 0], n_gold - by_hit[:, 1]], axis=1))
    if gold_type is None:
        return Counted(units)
    n_types = max(len(types), 1)
    size = layout.n_zones * n_types
    zone = layout.unit_zone
    g_cell, p_cell = zone[gold_unit] * n_types + gold_type, zone[pred_unit] * n_types + pred_type
    typed_hit = np.bincount(p_cell * 2 + hit, minlength=2 * size).reshape(size, 2)
    tg = np.bincount(g_cell, minlength=size)
    typed = np.stack([typed_hit[:, 1], typed_hit[:, 0], tg - typed_hit[:, 1]], axis=1)
    typed = typed.reshape(layout.n_zones, n_types, 3).astype(I64)
    return Counted(units, typed, tuple(types))


def per_sentence(inp, vector: Callable, width: int, by_type: Callable | None = None,
                 items: Sequence | None = None) -> Counted:
    """Counts from a function of each sentence's (gold, predicted) pair: the reference implementations' way.

    Args:
        inp: the :class:`~harness.scoring.engine.ScoringInput`.
        vector: ``item -> tuple`` of ``width`` counts.
        width: the count vector's length.
        by_type: ``item -> {type: tuple}``, for per-type counts.
        items: one item per sentence (default: the sentences' mention pairs).
    """
    layout = inp.layout
    items = inp.pairs if items is None else items
    units = np.asarray([vector(p) for p in items], dtype=I64).reshape(len(items), width)
    if by_type is None:
        return Counted(units)
    rows = [by_type(p) for p in items]
    types = tuple(sorted({t for row in rows for t in row}))
    typed = np.zeros((layout.n_zones, max(len(types), 1), width), dtype=I64)
    index = {t: i for i, t in enumerate(types)}
    for zone, row in zip(layout.unit_zone.tolist(), rows):
        for t, vec in row.items():
            typed[zone, index[t]] += vec
    return Counted(units, typed, types)


def joint_keys(gold: Sequence[np.ndarray], pred: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Order-preserving int64 keys of rows given as columns of non-negative integers, comparable
    across the two sides: a mixed-radix number when it fits, else the rows' joint ranks.

    >>> g, p = joint_keys([np.array([0, 1]), np.array([5, 2])], [np.array([1]), np.array([2])])
    >>> g.tolist(), p.tolist()
    ([5, 8], [8])
    """
    cols = [np.concatenate([a, b]) for a, b in zip(gold, pred)]
    radix = [int(c.max()) + 1 if len(c) else 1 for c in cols]
    cut = len(gold[0]) if len(gold) else 0
    if float(np.prod([float(r) for r in radix])) < 2.0**62:
        key = np.zeros(len(cols[0]), dtype=I64)
        for col, r in zip(cols, radix):
            key = key * r + col
    else:
        _, key = np.unique(np.stack(cols, axis=1), axis=0, return_inverse=True)
        key = key.reshape(-1).astype(I64)
    return key[:cut], key[cut:]
