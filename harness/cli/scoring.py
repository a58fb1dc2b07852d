"""``evaluate score`` (a predictions file) and ``evaluate run`` (a registered system)."""

from __future__ import annotations

import argparse

from harness.cli.command import Command
from harness.cli.common import (UsageError, add_scoring_options, check_gold_options, check_outputs, emit, load_gold,
                                options_of, path_arg)
from harness.io.formats import CHOICES as PREDICTION_FORMATS
from harness.io.iob import SCHEMES as TAG_SCHEMES


def _configure_score(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("predictions", type=path_arg,
                        help="predictions: JSONL per document, IOB2 tags per sentence, CoNLL, or a brat folder")
    parser.add_argument("--predictions-format", choices=PREDICTION_FORMATS, default="auto",
                        help="how to read PREDICTIONS (default: auto, sniffed from the file)")
    parser.add_argument("--label-map", metavar="NAME|FILE.yaml",
                        help="map the system's labels (and a corpus's) to the benchmark's types")
    parser.add_argument("--given-gold", type=path_arg, metavar="FILE",
                        help="JSONL relations of the system run on the gold mentions (adds the re_given_gold view)")
    parser.add_argument("--allow-missing", action="store_true", help="score documents missing from the file as empty")
    parser.add_argument("--predictions-scheme", choices=tuple(TAG_SCHEMES), default=None,
                        help="the tagging scheme of tags or CoNLL predictions (default IOB2), decoded strictly")
    parser.add_argument("--allow-unaligned", action="store_true",
                        help="score spans that do not start and end on the canonical tokens (a character-level "
                             "system) instead of refusing a file made mostly of them")
    add_scoring_options(parser)


def _score(args: argparse.Namespace, argv: list[str]) -> int:
    from harness.io.labelmap import load_label_map
    from harness.io.digest import file_digest
    from harness.io.formats import FORMATS
    from harness.io.formats import read_predictions, sniff_format
    from harness.io.predictions import read_jsonl
    from harness.records.score import score

    from harness.io.paths import readable

    if not args.name:
        raise UsageError("a predictions file needs --name NAME (the system's name in the record)")
    check_gold_options(args)
    check_outputs(args)
    from harness.io.paths import check_not_input

    for option in ("out", "report"):
        check_not_input(getattr(args, option), f"--{option}", (args.predictions, args.given_gold, args.gold))
    args.predictions = readable(args.predictions, "predictions", folder=True)  # a pipe is read once, here
    if args.given_gold:
        args.given_gold = readable(args.given_gold, "--given-gold")
    label_map = load_label_map(args.label_map)
    gold = load_gold(args, label_map)
    fmt = sniff_format(args.predictions) if args.predictions_format == "auto" else args.predictions_format
    if args.predictions_scheme and FORMATS[fmt].offsets:
        raise UsageError(f"--predictions-scheme applies to tags and CoNLL predictions; {args.predictions} is {fmt} "
                         "(character offsets)")
    if args.allow_unaligned and not FORMATS[fmt].offsets:
        raise UsageError(f"--allow-unaligned applies to offsets (JSONL, brat); {args.predictions} is {fmt}, aligned "
                         "to the tokens by construction")
    scheme = args.predictions_scheme or "IOB2"
    predictions = read_predictions(args.predictions, gold.documents, fmt, label_map, args.allow_missing,
                                   args.allow_unaligned, scheme)
    given = read_jsonl(args.given_gold, gold.documents, label_map, args.allow_missing,
                       allow_unaligned=args.allow_unaligned) if args.given_gold else None
    meta = {"kind": "submitted predictions", "training_data": "see the system's paper",
            "predictions_file": str(args.predictions)}
    inputs = {"path": str(args.predictions), "format": fmt, "sha256": file_digest(args.predictions),
              "allow_unaligned": args.allow_unaligned, **({"scheme": scheme} if not FORMATS[fmt].offsets else {})}
    if args.given_gold:
        inputs["given_gold"] = {"path": str(args.given_gold), "sha256": file_digest(args.given_gold)}
    holds = FORMATS[fmt].holds_relations or given is not None
    record = score(args.name, gold, predictions, given_gold=given, system=meta, options=options_of(args, label_map),
                   argv=argv, inputs=inputs, no_relations="" if holds else f"the {fmt} format holds no relations")
    print(emit(record, args, gold, gold.scored(predictions)), end="")
    return 0


def _configure_run(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("system", help="a registered system (see evaluate baselines)")
    parser.add_argument("--system-arg", action="append", default=[], metavar="KEY=VALUE",
                        help="an argument for the system's constructor (repeatable), e.g. model=PATH")
    parser.add_argument("--label-map", metavar="NAME|FILE.yaml",
                        help="with --gold: map the corpus's labels to the benchmark's types "
                             "(a system's own labels: --system-arg label_map=NAME)")
    add_scoring_options(parser)


def _run(args: argparse.Namespace, argv: list[str]) -> int:
    from harness.io.labelmap import load_label_map
    from harness.records.score import system_record
    from harness.systems.args import parse_system_args

    check_gold_options(args)
    check_outputs(args)
    from harness.io.paths import check_not_input

    for option in ("out", "report"):
        check_not_input(getattr(args, option), f"--{option}", (args.gold,))
    if args.label_map and not args.gold:
        raise UsageError("--label-map maps a corpus's labels (with --gold); a system's own labels are mapped with "
                         "--system-arg label_map=NAME")
    system_args = parse_system_args(args.system_arg)
    label_map = load_label_map(args.label_map)
    loaded = []

    def gold_loader():
        loaded.append(load_gold(args, label_map))
        return loaded[-1]

    record, predictions = system_record(args.system, gold_loader, options=options_of(args, label_map),
                                        system_args=system_args, argv=argv)
    if args.name:
        record.name = args.name
    print(emit(record, args, loaded[-1], predictions), end="")
    return 0


SCORE = Command(
    "score", "score a predictions file",
    "Score a system's predictions (JSONL offsets per document, IOB2 tags per sentence, CoNLL, or a brat folder) "
    "on every view, with bootstrap intervals.",
    ("evaluate score predictions.jsonl --name my-system --out results/my-system.json",
     "evaluate score tags.jsonl --name my-tagger --format markdown --zone body",
     "evaluate score predictions.jsonl --name my-system --gold ANERcorp-test.txt --label-map anercorp"),
    _configure_score, _score,
)

RUN = Command(
    "run", "run a registered system and score it",
    "Run a system found through the tahalof.systems entry points (the baselines, or a plugin package's) on the "
    "gold it cannot see, and score its output on every view.",
    ("evaluate run rules",
     "evaluate run crf-newsfane --system-arg train=NewsFANE_Gold_2014_170K.txt --out results/crf-newsfane.json",
     "evaluate run hf --system-arg model=models/newsfane-bert --system-arg normalise=true",
     "evaluate run rules --gold NewsFANE_Gold_2014_170K.txt --label-map newsfane"),
    _configure_run, _run,
)
