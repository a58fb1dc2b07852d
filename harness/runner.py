"""Scoring a predictions file or a registered system into a result record, and comparing two."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from harness.errors import InputError, Problem
from harness.labelmap import IDENTITY, LabelMap
from harness.provenance import provenance
from harness.results import METRICS, ZONES, ResultRecord, build_record
from harness.scoring.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED, paired
from harness.scoring.suite import ResampleUnit, count_views
from harness.types import Document, Prediction


@dataclasses.dataclass(frozen=True)
class Options:
    """How to score."""

    resamples: int = DEFAULT_RESAMPLES
    seed: int = DEFAULT_SEED
    re_unit: ResampleUnit = ResampleUnit.SENTENCE
    label_map: LabelMap = IDENTITY
    normalized: bool = False
    clitic_tolerant: bool = False
    relations: bool = True
    gold_source: dict | None = None  # for a corpus file: its path, format and scheme
    inventory: tuple[str, ...] | None = None  # a corpus's entity types: predictions of others are set aside


def without_gold(documents: Sequence[Document]) -> list[Document]:
    """The documents a system sees: text, tokens, sentences, zones; no annotations."""
    return [dataclasses.replace(d, spans=(), relations=()) for d in documents]


def score(
    name: str,
    documents: Sequence[Document],
    checksum: str,
    predictions: Sequence[Prediction],
    *,
    given_gold: Sequence[Prediction] | None = None,
    system: dict | None = None,
    options: Options = Options(),
    argv: list[str] | None = None,
) -> ResultRecord:
    """Score predictions on every view into a record with provenance."""
    if options.inventory is not None:
        predictions = restrict(predictions, options.inventory)
        given_gold = restrict(given_gold, options.inventory) if given_gold is not None else None
    units, views = count_views(documents, predictions, given_gold if options.relations else None,
                               normalized=options.normalized, clitic_tolerant=options.clitic_tolerant,
                               relations=options.relations)
    prov = provenance(
        dataset_version=documents[0].version if documents else "",
        dataset_checksum=checksum,
        seed=options.seed,
        resamples=options.resamples,
        label_map=options.label_map.describe(),
        argv=argv,
        extra={"gold_source": {**options.gold_source, "inventory": list(options.inventory or ())}}
        if options.gold_source else None,
    )
    return build_record(name, units, views, system=system or {}, resamples=options.resamples,
                        seed=options.seed, re_unit=options.re_unit, provenance=prov)


def restrict(predictions: Sequence[Prediction], types: Sequence[str]) -> list[Prediction]:
    """Predictions without the mentions (and their relations) of types outside ``types``."""
    keep = set(types)
    return [dataclasses.replace(p, spans=tuple(s for s in p.spans if s.type in keep),
                                relations=tuple(r for r in p.relations if r.head.type in keep and r.tail.type in keep))
            for p in predictions]


def run_system(system, documents: Sequence[Document]) -> tuple[list[Prediction], list[Prediction] | None]:
    """Run a system end to end, and given the gold mentions if it supports that."""
    visible = without_gold(documents)
    predictions = system.predict(visible)
    _check_predictions(system, visible, predictions)
    given = None
    if getattr(system, "supports_given_gold", False):
        given = system.predict(visible, [d.spans for d in documents])
        _check_predictions(system, visible, given)
    return list(predictions), (list(given) if given is not None else None)


def _check_predictions(system, documents: Sequence[Document], predictions: Sequence[Prediction]) -> None:
    got = [p.doc_id for p in predictions]
    want = [d.id for d in documents]
    if got != want:
        raise InputError(Problem(f"<system {getattr(system, 'name', system)!r}>", None, None, "predictions",
                                 f"one prediction per document, in order ({len(want)})", f"<{len(got)}: {got[:3]}...>"))


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


def baseline_record(name: str, options: Options = Options(), argv: list[str] | None = None,
                    documents: Sequence[Document] | None = None, checksum: str | None = None,
                    system_args: dict | None = None, with_predictions: bool = False):
    """Run a registered system (constructed with ``system_args``) on the gold and score it.

    Returns:
        The record, or (record, predictions) with ``with_predictions``.
    """
    from harness.data import load_gold
    from harness.registry import registry

    if documents is None:
        documents, checksum = load_gold()
    reg = registry()
    entry = reg.entry(name)
    try:
        system = reg.get_class(name)(**(system_args or {}))
    except TypeError as exc:
        raise InputError(Problem(f"<baseline {name}>", None, None, "--system-arg", "arguments the system takes",
                                 f"<{exc}>")) from None
    predictions, given = run_system(system, documents)
    args = "".join(f" --system-arg {k}={v}" for k, v in sorted((system_args or {}).items()))
    meta = {"kind": entry.kind, "training_data": entry.training_data, "description": entry.description,
            "command": f"evaluate --baseline {name}{args} --out results/{name}.json",
            "system_args": dict(sorted((system_args or {}).items())),
            **getattr(system, "record_meta", {})}
    record = score(name, documents, checksum, predictions, given_gold=given, system=meta, options=options, argv=argv)
    return (record, predictions) if with_predictions else record


def numbers_of(record: ResultRecord) -> dict:
    """Everything a record measured (not when, where or by which command)."""
    import dataclasses as dc

    return {
        "overall": {z: {v: dc.asdict(s) for v, s in views.items()} for z, views in record.overall.items()},
        "macro": {z: {v: dc.asdict(s) for v, s in views.items()} for z, views in record.macro.items()},
        "per_type": {z: {v: {t: dc.asdict(s) for t, s in types.items()} for v, types in views.items()}
                     for z, views in record.per_type.items()},
        "units": record.units,
        "dataset": record.provenance.get("dataset_checksum"),
    }


def reproduce(results_dir, names: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
    """Re-run every reproducible baseline with a committed record; compare every number.

    Returns:
        ``(name, status, detail)`` per record: status 'same', 'DIFFERENT' or 'skipped'.
    """
    from pathlib import Path

    from harness.registry import registry
    from harness.results import read_record

    reg = registry()
    out = []
    for path in sorted(Path(results_dir).glob("*.json")):
        record = read_record(path)
        if names and record.name not in names:
            continue
        if record.name not in reg.names() or not reg.entry(record.name).reproducible:
            out.append((record.name, "skipped", "not a baseline that runs offline on CPU"))
            continue
        options = Options(record.bootstrap["resamples"], record.bootstrap["seed"],
                          ResampleUnit(record.bootstrap["unit"]["re"]))
        again = baseline_record(record.name, options, system_args=record.system.get("system_args"))
        a, b = numbers_of(record), numbers_of(again)
        if a == b:
            out.append((record.name, "same", path.name))
        else:
            diff = [k for k in a if a[k] != b[k]]
            views = sorted(v for z in a["overall"] for v in a["overall"][z]
                           if a["overall"][z][v] != b["overall"].get(z, {}).get(v))
            out.append((record.name, "DIFFERENT", f"{', '.join(diff)}; views {', '.join(views[:5]) or '-'}"))
    return out


__all__ = ["Options", "baseline_record", "compare", "numbers_of", "reproduce", "restrict", "run_system", "score",
           "without_gold"]
