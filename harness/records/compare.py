"""Paired bootstrap comparison of two result records, with a Holm adjustment over the views compared.

Many views are compared at once, so each zone's p-values are also adjusted
with Holm's step-down method (which controls the family-wise error rate at
``alpha`` with no assumption about how the views depend on each other); a
difference is called significant on the adjusted p-value.

>>> holm([0.01, 0.04, 0.03])
[0.03, 0.06, 0.06]
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.core.errors import InputError, Problem
from harness.records.results import ZONES, ResultRecord
from harness.scoring.bootstrap import DEFAULT_RESAMPLES, paired
from harness.scoring.viewspec import VIEWS


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values, in the order given."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = round(running, 12)
    return adjusted


def compare(a: ResultRecord, b: ResultRecord, resamples: int | None = None, seed: int | None = None,
            alpha: float = 0.05) -> dict:
    """Paired bootstrap of every view both records hold, per zone.

    Returns:
        ``{"a", "b", "resamples", "seed", "alpha", "resolution", zone: {view: {...}}}``: per view the
        two F1s, the difference, its interval, the p-value, the Holm-adjusted p-value and whether
        that is below ``alpha``. Views either record cannot hold are listed under ``"absent"``.

    Raises:
        InputError: if the records were scored on different data.
    """
    pa, pb = a.provenance, b.provenance
    if pa.dataset_checksum != pb.dataset_checksum:
        raise InputError(Problem(b.name, None, None, "dataset", f"the data {a.name!r} was scored on "
                                 f"(gold {pa.dataset_version or '?'}, {(pa.dataset_checksum or '?')[:12]})",
                                 f"gold {pb.dataset_version or '?'}, {(pb.dataset_checksum or '?')[:12]}",
                                 "records of different golds are not comparable; score both on the same one"))
    for key in ("ids", "doc_ids", "zones"):
        x_all, y_all = getattr(a.units, key), getattr(b.units, key)
        if x_all != y_all:
            first = next((i for i, (x, y) in enumerate(zip(x_all, y_all)) if x != y), min(len(x_all), len(y_all)))
            raise InputError(Problem(b.name, None, None, f"units.{key}", f"the same units as {a.name!r} "
                                     f"({len(x_all)}, in the same order)",
                                     f"<a difference at unit {first}>", "both records must come from one gold"))
    resamples = resamples or a.bootstrap.resamples or DEFAULT_RESAMPLES
    seed = a.bootstrap.seed if seed is None else seed
    out: dict = {"a": a.name, "b": b.name, "resamples": resamples, "seed": seed, "alpha": alpha,
                 "resolution": 1 / resamples, "adjustment": "holm"}
    shared = VIEWS.ordered(v for v in a.views if v in b.views)
    out["absent"] = sorted(v for v in shared if not (a.holds(v) and b.holds(v)))
    for zone in ZONES:
        out[zone] = {}
        for view in shared:
            if not (a.holds(view, zone) and b.holds(view, zone)):
                continue
            unit = a.unit_of(view)
            result = paired(a.unit_counts(view, zone, unit), b.unit_counts(view, zone, unit),
                            a.metric(view), resamples, seed, a.bootstrap.draw)
            out[zone][view] = {"f1_a": a.score(zone, view).f1, "f1_b": b.score(zone, view).f1, **result}
        views = list(out[zone])
        for view, adjusted in zip(views, holm([out[zone][v]["p_value"] for v in views])):
            out[zone][view]["p_holm"] = adjusted
            out[zone][view]["significant"] = adjusted < alpha
    return out
