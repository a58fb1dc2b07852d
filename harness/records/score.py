"""Scoring predictions, or a registered system, into a result record."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from harness.core.types import Prediction
from harness.gold.source import Gold, benchmark
from harness.io.alignment import summary as alignment_summary
from harness.io.labelmap import IDENTITY, LabelMap
from harness.records.provenance import provenance
from harness.records.results import ResultRecord, ViewInfo, build_record
from harness.scoring.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED
from harness.scoring.metrics import PRF
from harness.scoring.relations import RE_VIEWS
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
    inputs: dict | None = None,
    no_relations: str = "",
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
        inputs: what the predictions were read from (file, format, SHA-256), for the provenance.
        no_relations: why the predictions hold no relations (a format or a system without
            them), if so: the relation views are then absent ("–"), never 0.0.
    """
    predictions = gold.scored(predictions)
    if given_gold is not None and gold.relations:
        gold.check_given(given_gold, (inputs or {}).get("given_gold", {}).get("path", "<given gold>"))
    absent_reason = "" if gold.relations else "the corpus has no relations"
    absent_reason = absent_reason or no_relations
    given_gold = gold.scored(given_gold) if given_gold is not None and gold.relations else None
    units, views = count_views(gold.documents, predictions, given_gold,
                               normalized=options.normalized, clitic_tolerant=options.clitic_tolerant,
                               relations=not absent_reason)
    prov = provenance(
        dataset_version=gold.version,
        dataset_checksum=gold.checksum,
        seed=options.seed,
        resamples=options.resamples,
        label_map=options.label_map.describe(),
        argv=argv,
        extra={
            "alignment": alignment_summary(gold.documents, predictions).to_dict(),
            "disallowed_relations": disallowed_relations([*predictions, *(given_gold or ())]),
            **({"gold_source": {**gold.corpus, "inventory": list(gold.inventory or ())}} if gold.corpus else {}),
            **({"predictions": inputs} if inputs else {}),
        },
    )
    absent = {name: ViewInfo("re", view.description, PRF.name, absent_reason) for name, view in RE_VIEWS.items()
              } if absent_reason else {}
    absent_zones = {"body": "the corpus has no zones"} if gold.corpus else {}
    return build_record(name, units, views, system=system or {}, resamples=options.resamples,
                        seed=options.seed, re_unit=options.re_unit, provenance=prov, absent=absent,
                        absent_zones=absent_zones)


def disallowed_relations(predictions: Sequence[Prediction]) -> dict[str, int]:
    """Relations whose argument types the scheme does not allow, counted per relation type.

    They are scored as they are (no gold relation has them, so each is a false
    positive) and reported, never dropped: the record keeps the counts and the
    command line warns.
    """
    from collections import Counter

    from harness.core.schema import load_schema

    schema = load_schema()
    counts = Counter(r.type for p in predictions for r in p.relations
                     if r.type in schema.relations and not schema.relation(r.type).allows(r.head.type, r.tail.type))
    return dict(sorted(counts.items()))


def run_command(name: str, system_args: Mapping[str, object], gold: Gold, options: Options) -> str:
    """The command that produces this run's record again, the gold's arguments included.

    >>> run_command("rules", {}, Gold((), "x", {"path": "c.txt", "format": "conll", "scheme": "IOB1"}), Options())
    'evaluate run rules --gold c.txt --gold-format conll --scheme IOB1 --out results/rules-c.json'
    """
    import shlex
    from pathlib import PurePath

    parts = ["evaluate", "run", name]
    for key, value in system_args.items():
        parts += ["--system-arg", f"{key}={value}"]
    out = f"results/{name}.json"
    if gold.corpus:
        parts += ["--gold", gold.corpus["path"], "--gold-format", gold.corpus["format"], "--scheme",
                  gold.corpus["scheme"]]
        if not options.label_map.identity:
            parts += ["--label-map", options.label_map.source]
        out = f"results/{name}-{PurePath(gold.corpus['path']).stem}.json"
    if options.normalized:
        parts.append("--normalize")
    if options.clitic_tolerant:
        parts.append("--clitic-tolerant")
    if options.re_unit is not ResampleUnit.SENTENCE:
        parts += ["--re-unit", options.re_unit.value]
    return shlex.join([*parts, "--out", out])


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
    meta = {"kind": info.kind, "training_data": info.training_data, "description": info.description,
            "outputs": list(info.outputs), "command": run_command(name, args, gold, options),
            "system_args": args, **getattr(system, "record_meta", {})}
    no_relations = "" if "re" in info.outputs else "the system predicts no relations"
    record = score(name, gold, predictions, given_gold=given, system=meta, options=options, argv=argv,
                   no_relations=no_relations)
    return record, gold.scored(predictions)
