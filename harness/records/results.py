"""Result records: every view's scores, intervals and provenance, as JSON.

A record keeps ``overall`` (micro scores with 95% intervals), ``macro`` and
``per_type`` apart, for both zones (``all`` and ``body``), plus the per-unit
counts that ``evaluate compare`` needs for paired tests, and the provenance
that makes a number citable: dataset version and checksum, harness version,
git commit, command, seed, label map and time of run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from harness.scoring.bootstrap import CONFIDENCE, intervals
from harness.scoring.metrics import PRF, SEMEVAL, SEMEVAL_HALF, Metric
from harness.scoring.suite import ResampleUnit, ViewCounts
from harness.scoring.units import Unit

RECORD_FORMAT = "tahalof-result/1"
ZONES = ("all", "body")
METRICS = {m.name: m for m in (PRF, SEMEVAL, SEMEVAL_HALF)}


@dataclass(frozen=True)
class Score:
    """Precision, recall, F1 and the counts behind them (and an interval)."""

    precision: float
    recall: float
    f1: float
    counts: dict[str, int]
    ci: dict[str, list[float]] | None = None


@dataclass(frozen=True)
class ViewInfo:
    """What a view is; ``absent`` says why the input cannot hold it (its scores are then None, shown as "–")."""

    family: str
    description: str
    metric: str
    absent: str = ""


@dataclass
class ResultRecord:
    """One system's scores on the benchmark."""

    name: str
    system: dict
    views: dict[str, ViewInfo]
    overall: dict[str, dict[str, Score]]
    macro: dict[str, dict[str, Score]]
    per_type: dict[str, dict[str, dict[str, Score]]]
    units: dict
    bootstrap: dict
    provenance: dict = field(default_factory=dict)
    format: str = RECORD_FORMAT
    absent_zones: dict[str, str] = field(default_factory=dict)  # zone -> why the gold has none (a corpus: no zones)

    def score(self, zone: str, view: str) -> Score | None:
        """The micro score of ``view`` in ``zone``, or None where the input cannot hold it."""
        return self.overall.get(zone, {}).get(view)

    def holds(self, view: str, zone: str = "all") -> bool:
        """Whether ``view`` was scored in ``zone`` (False for a view or zone the input cannot hold)."""
        return self.score(zone, view) is not None

    def to_json(self) -> str:
        """Deterministic JSON (sorted keys, two-space indent)."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ResultRecord:
        """Parse a record written by :meth:`to_json`."""
        raw = json.loads(text)
        if raw.get("format") != RECORD_FORMAT:
            raise ValueError(f"not a {RECORD_FORMAT} record (format {raw.get('format')!r})")

        def scores(d):
            return {k: Score(**v) if v is not None else None for k, v in d.items()}

        return cls(
            name=raw["name"], system=raw["system"],
            views={k: ViewInfo(**v) for k, v in raw["views"].items()},
            overall={z: scores(v) for z, v in raw["overall"].items()},
            macro={z: scores(v) for z, v in raw["macro"].items()},
            per_type={z: {view: scores(t) for view, t in v.items()} for z, v in raw["per_type"].items()},
            units=raw["units"], bootstrap=raw["bootstrap"], provenance=raw["provenance"], format=raw["format"],
            absent_zones=raw.get("absent_zones", {}),
        )

    def unit_counts(self, view: str, zone: str, unit: ResampleUnit) -> np.ndarray:
        """Per-unit count vectors of a view within a zone, grouped by ``unit``."""
        return group_units(np.asarray(self.units["counts"][view], dtype=np.int64),
                           self.units["doc_ids"], self.units["zones"], zone, unit)


def group_units(counts: np.ndarray, doc_ids: Sequence[str], zones: Sequence[str], zone: str, unit: ResampleUnit) -> np.ndarray:
    """Select a zone's sentences and, for document units, sum them per document."""
    keep = [i for i, z in enumerate(zones) if zone == "all" or z == zone]
    selected = counts[keep]
    if unit is ResampleUnit.SENTENCE:
        return selected
    docs = sorted({doc_ids[i] for i in keep})
    index = {d: k for k, d in enumerate(docs)}
    out = np.zeros((len(docs), counts.shape[1]), dtype=np.int64)
    np.add.at(out, [index[doc_ids[i]] for i in keep], selected)
    return out


def _score(metric: Metric, vector: np.ndarray, ci: dict | None = None) -> Score:
    p, r, f = metric.scores(vector)
    return Score(p, r, f, {name: int(x) for name, x in zip(metric.fields, vector)}, ci)


def unit_of(view: ViewCounts, re_unit: ResampleUnit) -> ResampleUnit:
    """NER views resample sentences; relation views resample ``re_unit``."""
    return re_unit if view.family == "re" else ResampleUnit.SENTENCE


def build_record(
    name: str,
    units: Sequence[Unit],
    views: Sequence[ViewCounts],
    *,
    system: dict,
    resamples: int,
    seed: int,
    re_unit: ResampleUnit = ResampleUnit.SENTENCE,
    provenance: dict | None = None,
    absent: Mapping[str, ViewInfo] | None = None,
    absent_zones: Mapping[str, str] | None = None,
) -> ResultRecord:
    """Assemble a record: totals, macro and per-type scores and intervals per zone.

    Args:
        absent: views the input cannot hold (relation views for a format or a
            corpus without relations), stored with None scores, never 0.0.
        absent_zones: zones the gold does not have (a corpus has no zones),
            stored with None scores for every view.
    """
    doc_ids = [u.doc_id for u in units]
    zones = [u.zone for u in units]
    overall: dict = {z: {} for z in ZONES}
    macro: dict = {z: {} for z in ZONES}
    per_type: dict = {z: {} for z in ZONES}
    cis: dict[tuple[str, str], dict] = {}
    if resamples:  # one draw of resamples per zone and unit kind, shared by all its views
        for zone in ZONES:
            for unit in {unit_of(v, re_unit) for v in views}:
                same = [v for v in views if unit_of(v, re_unit) is unit]
                arrays = [group_units(v.units, doc_ids, zones, zone, unit) for v in same]
                for v, ci in zip(same, intervals(arrays, [v.metric for v in same], resamples, seed)):
                    cis[zone, v.name] = ci
    for view in views:
        unit = unit_of(view, re_unit)
        for zone in ZONES:
            grouped = group_units(view.units, doc_ids, zones, zone, unit)
            overall[zone][view.name] = _score(view.metric, grouped.sum(axis=0), cis.get((zone, view.name)))
            typed = {
                t: _score(view.metric, group_units(arr, doc_ids, zones, zone, ResampleUnit.SENTENCE).sum(axis=0))
                for t, arr in view.per_type.items()
            }
            typed = {t: s for t, s in typed.items() if any(s.counts.values())}
            if typed:
                per_type[zone][view.name] = typed
                macro[zone][view.name] = Score(
                    float(np.mean([s.precision for s in typed.values()])),
                    float(np.mean([s.recall for s in typed.values()])),
                    float(np.mean([s.f1 for s in typed.values()])),
                    {"types": len(typed)},
                )
    infos = {v.name: ViewInfo(v.family, v.description, v.metric.name) for v in views}
    for view_name, info in (absent or {}).items():
        infos[view_name] = info
        for zone in ZONES:
            overall[zone][view_name] = None
    for zone in absent_zones or {}:
        overall[zone] = {v: None for v in infos}
        macro[zone], per_type[zone] = {}, {}
    return ResultRecord(
        name=name,
        system=system,
        views=infos,
        overall=overall,
        macro=macro,
        per_type=per_type,
        units={
            "ids": [f"{u.doc_id}-{u.sentence:03d}" for u in units],
            "doc_ids": doc_ids,
            "zones": zones,
            "counts": {v.name: v.units.tolist() for v in views},
        },
        bootstrap={
            "resamples": resamples, "seed": seed, "confidence": CONFIDENCE, "method": "percentile",
            "unit": {"ner": ResampleUnit.SENTENCE.value, "partial": ResampleUnit.SENTENCE.value, "re": re_unit.value},
        },
        provenance=provenance or {},
        absent_zones=dict(absent_zones or {}),
    )


def read_record(path: str | os.PathLike) -> ResultRecord:
    """Read a result record, validated against the record schema.

    Raises:
        InputError: if the file is missing or not a regular file, not JSON, or not a valid
            record (every problem named, see :mod:`harness.records.schema`).
    """
    from harness.core.errors import InputError, Problem
    from harness.io.paths import check_input
    from harness.records.schema import validate

    path = check_input(path, "result record")
    try:
        raw = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise InputError(Problem(str(path), None, None, "file", "a readable result record", f"<{exc.strerror}>")) from None
    except UnicodeDecodeError as exc:
        raise InputError(Problem(str(path), None, None, "encoding", "UTF-8", f"<byte at offset {exc.start}>")) from None
    except json.JSONDecodeError as exc:
        raise InputError(Problem(str(path), exc.lineno, None, "JSON", f"a {RECORD_FORMAT} JSON record",
                                 f"<invalid JSON: {exc.msg}>")) from None
    except (RecursionError, ValueError) as exc:
        raise InputError(Problem(str(path), None, None, "JSON", f"a {RECORD_FORMAT} JSON record",
                                 f"<{'nesting too deep' if isinstance(exc, RecursionError) else str(exc)[:80]}>")) from None
    problems = validate(raw, str(path))
    if problems:
        raise InputError(problems)
    try:
        return ResultRecord.from_json(json.dumps(raw))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(Problem(str(path), None, None, "record", f"a {RECORD_FORMAT} JSON record", f"<{exc}>")) from None
