"""Scoring predictions, or a registered system, into a result record."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from harness.core.errors import InputError, Problem
from harness.core.types import Document, Prediction
from harness.io.labelmap import IDENTITY, LabelMap
from harness.records.provenance import provenance
from harness.records.results import ResultRecord, build_record
from harness.scoring.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED
from harness.scoring.suite import ResampleUnit, count_views
from harness.systems.run import run_system


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


def baseline_record(name: str, options: Options = Options(), argv: list[str] | None = None,
                    documents: Sequence[Document] | None = None, checksum: str | None = None,
                    system_args: dict | None = None, with_predictions: bool = False):
    """Run a registered system (constructed with ``system_args``) on the gold and score it.

    Returns:
        The record, or (record, predictions) with ``with_predictions``.
    """
    from harness.gold.data import load_gold
    from harness.systems.registry import registry

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
