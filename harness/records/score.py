"""Scoring predictions, or a registered system, into a result record."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from harness.core.types import Prediction
from harness.gold.source import Gold, benchmark
from harness.io.alignment import summary as alignment_summary
from harness.io.labelmap import IDENTITY, LabelMap
from harness.records.provenance import provenance
from harness.records.results import Bootstrap, ResultRecord, build_record
from harness.scoring.bootstrap import DEFAULT_POLICY, DEFAULT_RESAMPLES, DEFAULT_SEED, ResampleUnit
from harness.scoring.engine import Parameters, count
from harness.scoring.viewspec import VIEWS
from harness.systems.run import run_system


@dataclasses.dataclass(frozen=True, kw_only=True)
class Options:
    """How to score (every field by keyword).

    Attributes:
        resamples, seed: the bootstrap (0 resamples: no intervals).
        re_unit: what the bootstrap resamples for relation views.
        label_map: maps the predictions' labels to the gold's types.
        views: opt-in views to add to the default ones (names in :data:`~harness.scoring.viewspec.VIEWS`).
        parameters: the views' settings (the SemEval family's minimum overlap).
        draw: how the bootstrap draws its weights (:data:`~harness.scoring.bootstrap.POLICIES`).

    >>> Options(resamples=0).seed
    20241121
    >>> Options(views=("ner_normalized",)).views
    ('ner_normalized',)
    """

    resamples: int = DEFAULT_RESAMPLES
    seed: int = DEFAULT_SEED
    re_unit: ResampleUnit = ResampleUnit.SENTENCE
    label_map: LabelMap = IDENTITY
    views: tuple[str, ...] = ()
    parameters: Parameters = Parameters()
    draw: str = DEFAULT_POLICY

    def __post_init__(self):
        unknown = [v for v in self.views if v not in VIEWS]
        if unknown:
            raise ValueError(f"no view named {', '.join(map(repr, unknown))}; views: {', '.join(VIEWS.names())}")
        object.__setattr__(self, "views", tuple(VIEWS.ordered(set(self.views))))

    @property
    def bootstrap(self) -> Bootstrap:
        """The record's bootstrap settings."""
        return Bootstrap(self.resamples, self.seed, re_unit=self.re_unit, draw=self.draw)

    @classmethod
    def of_record(cls, record: ResultRecord, label_map: LabelMap = IDENTITY) -> Options:
        """The options a record was scored with (to score it again)."""
        opt_in = tuple(v for v in record.views if v in VIEWS and not VIEWS[v].default)
        held = {k: v for info in record.views.values() for k, v in info.parameters.items()}
        return cls(resamples=record.bootstrap.resamples, seed=record.bootstrap.seed, re_unit=record.bootstrap.re_unit,
                   label_map=label_map, views=opt_in, parameters=Parameters(**held), draw=record.bootstrap.draw)


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
    no_relations = "the corpus has no relations" if not gold.relations else no_relations
    given_gold = gold.scored(given_gold) if given_gold is not None and gold.relations else None
    specs = VIEWS.select(options.views)
    held = [s for s in specs if s.held_by(relations=not no_relations, given_gold=given_gold is not None)]
    # views an input without a given-gold run holds, but not without relations, are recorded as absent
    # (a given-gold view is simply not run)
    absent = {s.name: no_relations for s in specs if s.held_by(relations=True, given_gold=False)
              and not s.held_by(relations=not no_relations, given_gold=False)}
    scored = count(gold.documents, predictions, given_gold=given_gold, views=held, parameters=options.parameters)
    prov = provenance(
        dataset_version=gold.version,
        dataset_checksum=gold.checksum,
        seed=options.seed,
        resamples=options.resamples,
        label_map=options.label_map.describe(),
        argv=argv,
        alignment=alignment_summary(gold.documents, predictions).to_dict(),
        disallowed_relations=disallowed_relations([*predictions, *(given_gold or ())]),
        gold_source={**gold.corpus, "inventory": list(gold.inventory or ())} if gold.corpus else None,
        predictions=inputs or None,
    )
    absent_zones = {"body": "the corpus has no zones"} if gold.corpus else {}
    return build_record(name, scored, system=system or {}, bootstrap=options.bootstrap, provenance=prov,
                        absent=absent, absent_zones=absent_zones)


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
    for view in options.views:
        parts += ["--view", view]
    if options.parameters != Parameters():
        value = options.parameters.min_overlap
        parts += ["--min-overlap", str(int(value)) if value.is_integer() else repr(value)]
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
