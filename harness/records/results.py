"""Result records: every view's scores, intervals and provenance, as JSON.

A record keeps ``overall`` (micro scores with 95% intervals), ``macro``,
``per_type`` and ``per_document`` apart, for both zones (``all`` and ``body``),
plus the per-unit counts that ``evaluate compare`` needs for paired tests, and
the provenance that makes a number citable: dataset version and checksum,
harness version, git commit, command, seed, label map and time of run. Its
parts are typed (:class:`ViewInfo`, :class:`Bootstrap`, :class:`Units`,
:class:`~harness.records.provenance.Provenance`); JSON is their serialisation.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property

import numpy as np

from harness.records.provenance import Provenance
from harness.scoring.aggregate import (
    ZONES,
    Deferred,
    IntervalCache,
    Intervals,
    Score,
    group_by_document,
    macro,
    resampled,
    score_of,
    scores_of,
    typed_scores,
)
from harness.scoring.bootstrap import CONFIDENCE, DEFAULT_POLICY, ResampleUnit
from harness.scoring.columns import Layout, id_ranks
from harness.scoring.engine import Scored
from harness.scoring.metrics import PRF, SEMEVAL, SEMEVAL_HALF
from harness.scoring.viewspec import VIEWS, Family, ViewSpec

RECORD_FORMAT = "tahalof-result/2"
READABLE_FORMATS = ("tahalof-result/1", RECORD_FORMAT)  # 1: before per-document scores and view parameters
METRICS = {m.name: m for m in (PRF, SEMEVAL, SEMEVAL_HALF)}
__all__ = ["Bootstrap", "ResultRecord", "Score", "Units", "ViewInfo", "ZONES", "build_record", "read_record"]


@dataclass(frozen=True)
class ViewInfo:
    """What a view is; ``absent`` says why the input cannot hold it (its scores are then None, shown as "–")."""

    family: Family
    description: str
    metric: str
    absent: str = ""
    label: str = ""
    parameters: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, spec: ViewSpec, parameters: dict[str, float] | None = None, absent: str = "") -> ViewInfo:
        """The record's description of a declared view."""
        return cls(spec.family, spec.description, spec.metric.name, absent, spec.label, dict(parameters or {}))

    def to_dict(self) -> dict:
        return {"family": self.family.value, "description": self.description, "metric": self.metric,
                "absent": self.absent, "label": self.label, "parameters": dict(sorted(self.parameters.items()))}

    @classmethod
    def from_dict(cls, raw: Mapping) -> ViewInfo:
        return cls(Family(raw["family"]), raw["description"], raw["metric"], raw.get("absent", ""),
                   raw.get("label", ""), dict(raw.get("parameters", {})))


@dataclass(frozen=True)
class Bootstrap:
    """How the record's intervals were drawn."""

    resamples: int
    seed: int
    confidence: float = CONFIDENCE
    method: str = "percentile"
    re_unit: ResampleUnit = ResampleUnit.SENTENCE
    draw: str = DEFAULT_POLICY  # a harness.scoring.bootstrap.POLICIES entry

    @property
    def intervals(self) -> Intervals:
        """The aggregation's settings."""
        return Intervals(self.resamples, self.seed, self.re_unit, self.draw)

    def unit_of(self, family: Family) -> ResampleUnit:
        """What the bootstrap resamples for a family (relations: ``re_unit``; the rest: sentences)."""
        return self.intervals.unit_of(family)

    def to_dict(self) -> dict:
        return {"resamples": self.resamples, "seed": self.seed, "confidence": self.confidence, "method": self.method,
                "unit": {f.value: self.unit_of(f).value for f in Family}, "draw": self.draw}

    @classmethod
    def from_dict(cls, raw: Mapping) -> Bootstrap:
        return cls(raw["resamples"], raw["seed"], raw.get("confidence", CONFIDENCE), raw.get("method", "percentile"),
                   ResampleUnit(raw["unit"]["re"]), raw.get("draw", "multinomial"))  # first format: multinomial


class Units:
    """The scoring units (sentences) and every view's per-unit counts."""

    def __init__(self, counts: Mapping[str, np.ndarray], *, layout: Layout | None = None,
                 ids: Sequence[str] | None = None, doc_ids: Sequence[str] | None = None,
                 zones: Sequence[str] | None = None):
        self.counts = {k: np.asarray(v, dtype=np.int64) for k, v in counts.items()}
        self._layout = layout
        if layout is None:
            self.__dict__.update(ids=list(ids or ()), doc_ids=list(doc_ids or ()), zones=list(zones or ()))

    @cached_property
    def ids(self) -> list[str]:
        """Sentence ids, in gold order."""
        return self._layout.ids()

    @cached_property
    def doc_ids(self) -> list[str]:
        """Each unit's document."""
        return [self._layout.doc_ids[d] for d in self._layout.unit_doc.tolist()]

    @cached_property
    def zones(self) -> list[str]:
        """Each unit's zone."""
        return [self._layout.zone_names[z] for z in self._layout.unit_zone.tolist()]

    def __len__(self) -> int:
        return len(self.ids)

    def grouped(self, view: str, zone: str, unit: ResampleUnit) -> np.ndarray:
        """A view's per-unit counts within a zone, as the bootstrap resamples them (sentences or documents)."""
        zones = np.asarray(self.zones)
        mask = np.ones(len(zones), dtype=bool) if zone == "all" else zones == zone
        return resampled(self.counts[view], mask, id_ranks(self.doc_ids), unit)

    def to_dict(self) -> dict:
        return {"ids": self.ids, "doc_ids": self.doc_ids, "zones": self.zones,
                "counts": {k: v.tolist() for k, v in self.counts.items()}}

    @classmethod
    def from_dict(cls, raw: Mapping, widths: Mapping[str, int]) -> Units:
        """From a record's JSON; ``widths``: each view's count-vector length (its metric's fields)."""
        counts = {k: np.asarray(v, dtype=np.int64).reshape(len(v), widths[k]) for k, v in raw["counts"].items()}
        return cls(counts, ids=raw["ids"], doc_ids=raw["doc_ids"], zones=raw["zones"])


def _scores_to_dict(d: Mapping) -> dict:
    return {k: asdict(v) if v is not None else None for k, v in d.items()}


def _scores_from_dict(d: Mapping) -> dict:
    return {k: Score(**v) if v is not None else None for k, v in d.items()}


@dataclass
class ResultRecord:
    """One system's scores on the benchmark."""

    name: str
    system: dict
    views: dict[str, ViewInfo]
    overall: dict[str, dict[str, Score | None]]
    macro: dict[str, dict[str, Score]]
    per_type: dict[str, dict[str, dict[str, Score]]]
    units: Units
    bootstrap: Bootstrap
    provenance: Provenance = field(default_factory=Provenance)
    per_document: dict[str, dict[str, dict[str, Score | None]]] = field(default_factory=dict)
    format: str = RECORD_FORMAT
    absent_zones: dict[str, str] = field(default_factory=dict)  # zone -> why the gold has none (a corpus: no zones)

    def score(self, zone: str, view: str) -> Score | None:
        """The micro score of ``view`` in ``zone``, or None where the input cannot hold it."""
        return self.overall.get(zone, {}).get(view)

    def holds(self, view: str, zone: str = "all") -> bool:
        """Whether ``view`` was scored in ``zone`` (False for a view or zone the input cannot hold)."""
        return self.score(zone, view) is not None

    def unit_of(self, view: str) -> ResampleUnit:
        """What the bootstrap resamples for ``view``."""
        return self.bootstrap.unit_of(self.views[view].family)

    def metric(self, view: str):
        """The metric of ``view``."""
        return METRICS[self.views[view].metric]

    def to_dict(self) -> dict:
        """The record as JSON-ready data."""
        return {
            "absent_zones": dict(self.absent_zones), "bootstrap": self.bootstrap.to_dict(), "format": self.format,
            "macro": {z: _scores_to_dict(v) for z, v in self.macro.items()}, "name": self.name,
            "overall": {z: _scores_to_dict(v) for z, v in self.overall.items()},
            "per_document": {z: {d: _scores_to_dict(v) for d, v in docs.items()} for z, docs in self.per_document.items()},
            "per_type": {z: {view: _scores_to_dict(t) for view, t in v.items()} for z, v in self.per_type.items()},
            "provenance": self.provenance.to_dict(), "system": self.system,
            "units": self.units.to_dict(), "views": {k: v.to_dict() for k, v in self.views.items()},
        }

    def to_json(self) -> str:
        """Deterministic JSON (sorted keys, two-space indent; each view's per-unit counts on one line, written by
        the fast encoder, since there is a row per sentence)."""
        data = self.to_dict()
        counts = data["units"]["counts"]
        token = secrets.token_hex(8)  # a placeholder no string of the record can hold
        marks = {view: f"@{token}:{view}@" for view in counts}
        data["units"]["counts"] = {view: marks[view] for view in counts}
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
        for view, rows in counts.items():
            text = text.replace(json.dumps(marks[view]), json.dumps(rows, separators=(", ", ": ")), 1)
        return text + "\n"

    @classmethod
    def from_json(cls, text: str) -> ResultRecord:
        """Parse a record written by :meth:`to_json` (this format or the first)."""
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, raw: Mapping) -> ResultRecord:
        """A record from parsed JSON."""
        if raw.get("format") not in READABLE_FORMATS:
            raise ValueError(f"not a {RECORD_FORMAT} record (format {raw.get('format')!r})")
        return cls(
            name=raw["name"], system=raw["system"],
            views={k: ViewInfo.from_dict(v) for k, v in raw["views"].items()},
            overall={z: _scores_from_dict(v) for z, v in raw["overall"].items()},
            macro={z: _scores_from_dict(v) for z, v in raw["macro"].items()},
            per_type={z: {view: _scores_from_dict(t) for view, t in v.items()} for z, v in raw["per_type"].items()},
            per_document={z: {d: _scores_from_dict(v) for d, v in docs.items()}
                          for z, docs in raw.get("per_document", {}).items()},
            units=Units.from_dict(raw["units"], {k: len(METRICS[v["metric"]].fields) for k, v in raw["views"].items()}),
            bootstrap=Bootstrap.from_dict(raw["bootstrap"]),
            provenance=Provenance.from_dict(raw["provenance"]), format=raw["format"],
            absent_zones=raw.get("absent_zones", {}),
        )

    def unit_counts(self, view: str, zone: str, unit: ResampleUnit | None = None) -> np.ndarray:
        """Per-unit count vectors of a view within a zone, grouped as the bootstrap resamples them."""
        return self.units.grouped(view, zone, unit or self.unit_of(view))


def _per_document(scored: Scored, mask: np.ndarray, cache: IntervalCache | None,
                  absent: Sequence[str] = ()) -> dict[str, dict[str, Score | None]]:
    """Every view's score per document within a zone (documents without units in it left out; views the
    input cannot hold None); intervals resample each document's sentences."""
    layout = scored.layout
    n_docs = len(layout.doc_ids)
    present = np.bincount(layout.unit_doc[mask], minlength=n_docs) > 0
    sums = {s.name: group_by_document(scored.counted[s.name].units[mask], layout.unit_doc[mask], n_docs)
            for s in scored.specs}
    docs = np.flatnonzero(present)
    scores = {s.name: scores_of(s.metric, sums[s.name][docs]) for s in scored.specs}
    out = {}
    for i, d in enumerate(docs.tolist()):
        cis = {}
        if cache is not None:
            cis = cache.of(mask & (layout.unit_doc == d), ResampleUnit.SENTENCE,
                           [(s.name, s.metric, scored.counted[s.name].units) for s in scored.specs])
        out[layout.doc_ids[d]] = {**{s.name: dataclasses.replace(scores[s.name][i], ci=cis.get(s.name))
                                     if cis else scores[s.name][i] for s in scored.specs},
                                  **{name: None for name in absent}}
    return out


def build_record(
    name: str,
    scored: Scored,
    *,
    system: dict,
    bootstrap: Bootstrap,
    provenance: Provenance | None = None,
    absent: Mapping[str, str] | None = None,
    absent_zones: Mapping[str, str] | None = None,
) -> ResultRecord:
    """Assemble a record: totals, macro, per-type and per-document scores and intervals per zone.

    Args:
        scored: the counted views (:func:`harness.scoring.engine.count`).
        bootstrap: resamples (0: no intervals), seed and what relation views resample.
        absent: view name → why the input cannot hold it (relation views of a format or a
            corpus without relations): stored with None scores, never 0.0.
        absent_zones: zones the gold does not have (a corpus has no zones), stored with None
            scores for every view.
    """
    layout = scored.layout
    zones = [z for z in ZONES if z not in (absent_zones or {})]
    cache = IntervalCache(bootstrap.intervals, layout)
    overall: dict = {z: {} for z in ZONES}
    macro_: dict = {z: {} for z in ZONES}
    per_type: dict = {z: {} for z in ZONES}
    per_document: dict = {z: {} for z in zones}
    specs = scored.specs
    for zone in zones:
        mask = layout.zone_mask(zone)
        zone_ids = layout.zone_ids(zone)
        cis = {}
        if bootstrap.resamples:
            for unit in sorted({bootstrap.unit_of(s.family) for s in specs}, key=lambda u: u.value):
                same = [(s.name, s.metric, scored.counted[s.name].units) for s in specs if bootstrap.unit_of(s.family) is unit]
                cis.update(cache.of(mask, unit, same))
        for spec in specs:
            counted = scored.counted[spec.name]
            overall[zone][spec.name] = score_of(spec.metric, counted.units[mask].sum(axis=0), cis.get(spec.name))
            typed = typed_scores(spec.metric, counted, zone_ids)
            if typed:
                per_type[zone][spec.name] = typed
                macro_[zone][spec.name] = macro(typed)
        per_document[zone] = Deferred(functools.partial(_per_document, scored, mask,
                                                        cache if bootstrap.resamples else None, tuple(absent or ())))
    infos = {s.name: ViewInfo.of(s, scored.parameters.of(s.parameters)) for s in specs}
    for view_name, reason in (absent or {}).items():
        spec = VIEWS[view_name]
        infos[view_name] = ViewInfo.of(spec, scored.parameters.of(spec.parameters), reason)
        for zone in zones:
            overall[zone][view_name] = None
    for zone in absent_zones or {}:
        overall[zone] = {v: None for v in infos}
        macro_[zone], per_type[zone] = {}, {}
    return ResultRecord(
        name=name, system=system, views=infos, overall=overall, macro=macro_, per_type=per_type,
        per_document=per_document,
        units=Units({s.name: scored.counted[s.name].units for s in specs}, layout=layout),
        bootstrap=bootstrap, provenance=provenance or Provenance(), absent_zones=dict(absent_zones or {}),
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
        return ResultRecord.from_dict(raw)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(Problem(str(path), None, None, "record", f"a {RECORD_FORMAT} JSON record", f"<{exc}>")) from None
