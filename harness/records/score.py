"""Scoring predictions, or a registered system, into a result record."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from harness.core.types import Prediction
from harness.gold.source import Gold, benchmark
from harness.io.labelmap import IDENTITY, LabelMap
from harness.records.provenance import provenance
from harness.records.results import ResultRecord, build_record
from harness.scoring.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED
from harness.scoring.suite import ResampleUnit, count_views
from harness.systems.run import run_system


@dataclasses.dataclass(frozen=True, kw_only=True)
class Options:
    """How to score (every field by keyword).

    >>> Options(resamples=0).seed
    20241121
    """

    resamples: int = DEFAULT_RESAMPLES
    seed: int = DEFAULT_SEED
    re_unit: ResampleUnit = ResampleUnit.SENTENCE
    label_map: LabelMap = IDENTITY
    normalized: bool = False
    clitic_tolerant: bool = False


def score(
    name: str,
    gold: Gold,
    predictions: Sequence[Prediction],
    *,
    given_gold: Sequence[Prediction] | None = None,
    system: dict | None = None,
    options: Options = Options(),
    argv: list[str] | None = None,
) -> ResultRecord:
    """Score predictions on every view into a record with provenance.

    Args:
        name: the system's name in the record.
        gold: what to score against (:func:`harness.gold.source.benchmark` or ``corpus``).
        predictions: one per gold document, in any order.
        given_gold: the system's relations when given the gold mentions (adds ``re_given_gold``).
        system: what the record says of the system (kind, training data, command).
        options: resamples, seed, label map and opt-in views.
        argv: the command line, for the provenance (default: this process's).
    """
    predictions = gold.scored(predictions)
    given_gold = gold.scored(given_gold) if given_gold is not None and gold.relations else None
    units, views = count_views(gold.documents, predictions, given_gold,
                               normalized=options.normalized, clitic_tolerant=options.clitic_tolerant,
                               relations=gold.relations)
    prov = provenance(
        dataset_version=gold.version,
        dataset_checksum=gold.checksum,
        seed=options.seed,
        resamples=options.resamples,
        label_map=options.label_map.describe(),
        argv=argv,
        extra={"gold_source": {**gold.corpus, "inventory": list(gold.inventory or ())}} if gold.corpus else None,
    )
    return build_record(name, units, views, system=system or {}, resamples=options.resamples,
                        seed=options.seed, re_unit=options.re_unit, provenance=prov)


def system_record(
    name: str,
    gold: Gold | Callable[[], Gold] = benchmark,
    *,
    options: Options = Options(),
    system_args: Mapping[str, object] | None = None,
    argv: list[str] | None = None,
) -> tuple[ResultRecord, list[Prediction]]:
    """Run a registered system on the gold and score it.

    The system is built and prepared (trained, loaded) before the gold is read
    when ``gold`` is a callable, so that its one-off work is announced at once;
    an oracle is built with the gold.

    Returns:
        The record and the predictions that were scored.
    """
    from harness.systems.registry import registry

    reg = registry()
    info = reg.info(name)
    args = dict(sorted((system_args or {}).items()))
    if info.receives_gold:
        gold = gold() if callable(gold) else gold
        system = reg.create(name, args, gold=gold.documents)
    else:
        system = reg.create(name, args)
        if hasattr(system, "prepare"):
            system.prepare()
        gold = gold() if callable(gold) else gold
    predictions, given = run_system(system, gold.documents, name)
    flags = "".join(f" --system-arg {k}={v}" for k, v in args.items())
    meta = {"kind": info.kind, "training_data": info.training_data, "description": info.description,
            "outputs": list(info.outputs), "command": f"evaluate run {name}{flags} --out results/{name}.json",
            "system_args": args, **getattr(system, "record_meta", {})}
    record = score(name, gold, predictions, given_gold=given, system=meta, options=options, argv=argv)
    return record, gold.scored(predictions)
