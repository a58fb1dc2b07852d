"""Paired bootstrap comparison of two result records."""

from __future__ import annotations

from harness.core.errors import InputError, Problem
from harness.records.results import METRICS, ZONES, ResultRecord
from harness.scoring.bootstrap import DEFAULT_RESAMPLES, paired
from harness.scoring.suite import ResampleUnit


def compare(a: ResultRecord, b: ResultRecord, resamples: int | None = None, seed: int | None = None,
            alpha: float = 0.05) -> dict:
    """Paired bootstrap of every view the two records share, per zone.

    Raises:
        InputError: if the records were scored on different data.
    """
    pa, pb = a.provenance, b.provenance
    if pa.get("dataset_checksum") != pb.get("dataset_checksum") or a.units["ids"] != b.units["ids"]:
        raise InputError(Problem(b.name, None, None, "dataset", f"the data {a.name!r} was scored on "
                                 f"({pa.get('dataset_checksum', '?')[:12]})", pb.get("dataset_checksum", "?")[:12]))
    resamples = resamples or a.bootstrap["resamples"] or DEFAULT_RESAMPLES
    seed = a.bootstrap["seed"] if seed is None else seed
    re_unit = ResampleUnit(a.bootstrap["unit"]["re"])
    out: dict = {"a": a.name, "b": b.name, "resamples": resamples, "seed": seed, "alpha": alpha}
    shared = [v for v in a.views if v in b.views]
    for zone in ZONES:
        out[zone] = {}
        for view in shared:
            info = a.views[view]
            unit = re_unit if info.family == "re" else ResampleUnit.SENTENCE
            result = paired(a.unit_counts(view, zone, unit), b.unit_counts(view, zone, unit),
                            METRICS[info.metric], resamples, seed)
            out[zone][view] = {
                "f1_a": a.overall[zone][view].f1, "f1_b": b.overall[zone][view].f1,
                **result, "significant": result["p_value"] < alpha,
            }
    return out
