"""The ``evaluate`` command: argument parsing and wiring only.

    evaluate PREDICTIONS.jsonl --name NAME      score a predictions file
    evaluate --baseline NAME                    run a registered system and score it
    evaluate --list-baselines                   the registered systems
    evaluate compare A.json B.json              paired bootstrap between two result records
    evaluate --leaderboard                      regenerate leaderboard.md from results/
    evaluate --describe                         verify and summarise the gold

Every input problem ends in one message per problem on standard error and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from harness.core.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
EXIT_INPUT = 2


def describe() -> str:
    """A summary of the gold: version, checksum, documents, mentions, relations."""
    from harness.gold.data import dataset_dir, load_gold

    docs, checksum = load_gold()
    zones = Counter(s.zone for d in docs for s in d.sentences)
    lines = [
        f"dataset: {dataset_dir()}",
        f"version: {docs[0].version if docs else '?'}",
        f"checksum (sha256 of the per-file digests, verified): {checksum}",
        f"documents: {len(docs)}",
        f"sentences: {sum(zones.values())} ({', '.join(f'{z} {n}' for z, n in sorted(zones.items()))})",
        f"tokens: {sum(len(d.tokens) for d in docs)}",
        f"mentions: {sum(len(d.spans) for d in docs)}",
        f"relations: {sum(len(d.relations) for d in docs)}",
    ]
    return "\n".join(lines)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, found {text!r}")
    return value


def _add_bootstrap_options(parser: argparse.ArgumentParser) -> None:
    from harness.scoring.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED

    parser.add_argument("--resamples", type=_positive_int, default=DEFAULT_RESAMPLES,
                        help=f"bootstrap resamples (default {DEFAULT_RESAMPLES}; 0 disables intervals)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"bootstrap seed (default {DEFAULT_SEED})")


def build_parser() -> argparse.ArgumentParser:
    """The main command's parser."""
    parser = argparse.ArgumentParser(
        prog="evaluate",
        description="Score Arabic NER and relation extraction systems on the Tahalof benchmark.",
        epilog="Also: evaluate compare A.json B.json (paired bootstrap between two result records); "
               "evaluate export gold|PREDICTIONS --to conll|brat --out PATH.",
    )
    parser.add_argument("predictions", nargs="?",
                        help="predictions: JSONL per document, IOB2 tags per sentence, CoNLL, or a brat folder")
    parser.add_argument("--name", help="the system's name in the record (required with a predictions file)")
    parser.add_argument("--baseline", metavar="NAME", help="run a registered system and score it")
    parser.add_argument("--system-arg", action="append", default=[], metavar="KEY=VALUE",
                        help="an argument for the baseline's constructor (repeatable), e.g. model=PATH")
    parser.add_argument("--list-baselines", action="store_true", help="list the registered systems")
    parser.add_argument("--describe", action="store_true", help="verify and summarise the gold data")
    parser.add_argument("--leaderboard", action="store_true", help="regenerate leaderboard.md from results/")
    parser.add_argument("--reproduce", nargs="*", metavar="NAME",
                        help="re-run the baselines of results/ (or those named) and fail if any number differs")
    parser.add_argument("--gold", type=Path, metavar="FILE",
                        help="score against this corpus file instead of the benchmark (see --gold-format)")
    parser.add_argument("--gold-format", choices=("conll", "wojood"), default="conll",
                        help="conll: token and one tag; wojood: token and one IOB2 column per nesting level")
    parser.add_argument("--scheme", choices=("IOB1", "IOB2"),
                        help="the corpus's tagging scheme (default: the label map's _scheme, else IOB2)")
    parser.add_argument("--results-dir", type=Path, default=ROOT / "results", help="folder of result records")
    parser.add_argument("--leaderboard-file", type=Path, default=ROOT / "leaderboard.md", help="where the leaderboard goes")
    parser.add_argument("--format", choices=("table", "json", "markdown", "latex"), default="table",
                        help="output format (default: table)")
    parser.add_argument("--out", type=Path, help="also write the result record (JSON) here")
    parser.add_argument("--report", type=Path, metavar="DIR",
                        help="write an error report (Markdown, CSV, PNG charts) into DIR")
    parser.add_argument("--zone", choices=("all", "body"), default="all",
                        help="zone shown first (both are always computed and stored)")
    parser.add_argument("--predictions-format", choices=("auto", "jsonl", "tags", "conll", "brat"), default="auto")
    parser.add_argument("--given-gold", type=Path, metavar="FILE",
                        help="JSONL relations of the system run on the gold mentions (adds the re_given_gold view)")
    parser.add_argument("--label-map", metavar="NAME|FILE.yaml", help="map the system's labels to the benchmark's types")
    parser.add_argument("--allow-missing", action="store_true", help="score documents missing from the file as empty")
    parser.add_argument("--normalize", action="store_true",
                        help="add the ner_normalized view: mention texts compared after Arabic normalisation")
    parser.add_argument("--clitic-tolerant", action="store_true",
                        help="add the ner_clitic_tolerant view: leading proclitics forgiven")
    parser.add_argument("--re-unit", choices=("sentence", "document"), default="sentence",
                        help="what the bootstrap resamples for relation views (default: sentence)")
    _add_bootstrap_options(parser)
    return parser


def build_compare_parser() -> argparse.ArgumentParser:
    """The ``compare`` subcommand's parser."""
    parser = argparse.ArgumentParser(prog="evaluate compare",
                                     description="Paired bootstrap comparison of two result records, per view and zone.")
    parser.add_argument("a", type=Path, help="result record of system A")
    parser.add_argument("b", type=Path, help="result record of system B")
    parser.add_argument("--format", choices=("table", "json", "markdown", "latex"), default="table")
    parser.add_argument("--alpha", type=float, default=0.05, help="significance level (default 0.05)")
    _add_bootstrap_options(parser)
    return parser


def _list_baselines() -> str:
    from harness.systems.registry import registry

    reg = registry()
    rows = []
    for name in reg.names():
        entry = reg.entry(name)
        try:
            reg.get_class(name)
            status = "ready"
        except InputError as err:
            status = err.problems[0].hint or "unavailable"
        rows.append((name, entry.kind, entry.training_data, status, entry.description))
    width = [max(len(r[i]) for r in rows + [("name", "kind", "training data", "status", "")]) for i in range(4)]
    head = ("name", "kind", "training data", "status")
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, width)) + "  description"]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r[:4], width)) + "  " + r[4] for r in rows]
    return "\n".join(lines)


def _score(args, argv) -> str:
    from harness.gold.data import load_gold
    from harness.io.labelmap import load_label_map
    from harness.io.predictions import read_jsonl, read_predictions
    from harness.records.score import Options, score
    from harness.scoring.suite import ResampleUnit

    label_map = load_label_map(args.label_map)
    corpus = None
    if args.gold:
        from harness.gold.corpus import inventory as corpus_inventory
        from harness.gold.corpus import load_corpus
        from harness.gold.data import remember_gold

        scheme = args.scheme or label_map.scheme or "IOB2"
        if not args.scheme and label_map.scheme:
            print(f"reading {args.gold} as {scheme} (declared by the label map {label_map.source})", file=sys.stderr)
        documents, checksum = load_corpus(args.gold, args.gold_format, scheme, label_map)
        remember_gold(documents)
        corpus = {"path": str(args.gold), "format": args.gold_format, "scheme": scheme}
        inventory = corpus_inventory(label_map, documents)
        print(f"scoring predictions of the corpus's types only: {', '.join(inventory)}", file=sys.stderr)
    else:
        documents, checksum = load_gold()
        inventory = None
    options = Options(args.resamples, args.seed, ResampleUnit(args.re_unit), label_map, args.normalize,
                      args.clitic_tolerant, relations=corpus is None, gold_source=corpus, inventory=inventory)
    if args.baseline:
        from harness.records.score import baseline_record

        record, predictions = baseline_record(args.baseline, options, argv, documents, checksum,
                                              _system_args(args.system_arg), with_predictions=True)
        if args.name:
            record.name = args.name
        return _emit(record, args, documents, _restricted(predictions, inventory))
    predictions = read_predictions(args.predictions, documents, args.predictions_format, label_map, args.allow_missing)
    given = read_jsonl(args.given_gold, documents, label_map, args.allow_missing) if args.given_gold else None
    meta = {"kind": "submitted predictions", "training_data": "see the system's paper",
            "predictions_file": str(args.predictions)}
    record = score(args.name, documents, checksum, predictions, given_gold=given, system=meta, options=options, argv=argv)
    return _emit(record, args, documents, _restricted(predictions, inventory))


def _restricted(predictions, inventory):
    """What was scored: for a corpus, only the mentions of its types (so the report matches the numbers)."""
    from harness.records.score import restrict

    return restrict(predictions, inventory) if inventory is not None else predictions


def _system_args(pairs: list[str]) -> dict:
    """``KEY=VALUE`` strings as constructor keyword arguments (ints and booleans converted)."""
    from harness.core.errors import Problem

    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isidentifier():
            raise InputError(Problem("<command line>", None, None, "--system-arg", "KEY=VALUE", pair))
        out[key] = int(value) if value.lstrip("-").isdigit() else {"true": True, "false": False}.get(value.lower(), value)
    return out


def _emit(record, args, documents, predictions) -> str:
    from harness.report.render import RENDERERS
    from harness.io.atomic import write_atomic

    if args.out:
        write_atomic(args.out, record.to_json())
    if args.report:
        from harness.report.errors import write_report

        for note in write_report(record, documents, predictions, args.report):
            print(note, file=sys.stderr)
    return RENDERERS[args.format](record, args.zone)


def build_export_parser() -> argparse.ArgumentParser:
    """The ``export`` subcommand's parser."""
    parser = argparse.ArgumentParser(prog="evaluate export",
                                     description="Export the gold or predictions to CoNLL (nested columns) or brat.")
    parser.add_argument("source", help="'gold', or a predictions file/folder (any format evaluate reads)")
    parser.add_argument("--to", choices=("conll", "brat"), required=True)
    parser.add_argument("--out", type=Path, required=True, help="a file (conll) or a folder (brat)")
    parser.add_argument("--predictions-format", choices=("auto", "jsonl", "tags", "conll", "brat"), default="auto")
    parser.add_argument("--label-map", metavar="NAME|FILE.yaml")
    parser.add_argument("--allow-missing", action="store_true")
    return parser


def _export(argv: list[str]) -> str:
    from harness.gold.data import load_gold
    from harness.io.interchange import to_conll, write_brat
    from harness.io.labelmap import load_label_map
    from harness.io.predictions import read_predictions
    from harness.io.atomic import write_atomic

    args = build_export_parser().parse_args(argv)
    documents, _ = load_gold()
    predictions = None if args.source == "gold" else read_predictions(
        args.source, documents, args.predictions_format, load_label_map(args.label_map), args.allow_missing)
    if args.to == "conll":
        write_atomic(args.out, to_conll(documents, predictions))
    else:
        write_brat(args.out, documents, predictions)
    return f"wrote {args.out} ({args.to})\n"


def _compare(argv: list[str]) -> str:
    from harness.report.render import render_comparison
    from harness.records.results import read_record
    from harness.records.compare import compare

    args = build_compare_parser().parse_args(argv)
    a, b = read_record(args.a), read_record(args.b)
    return render_comparison(compare(a, b, args.resamples, args.seed, args.alpha), args.format)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``evaluate`` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if argv[:1] == ["compare"]:
            print(_compare(argv[1:]), end="")
            return 0
        if argv[:1] == ["export"]:
            print(_export(argv[1:]), end="")
            return 0
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.describe:
            print(describe())
        elif args.list_baselines:
            print(_list_baselines())
        elif args.reproduce is not None:
            from harness.records.reproduce import reproduce

            outcome = reproduce(args.results_dir, args.reproduce)
            for name, status, detail in outcome:
                print(f"{status:9}  {name}  {detail}")
            if not outcome:
                print(f"no result records in {args.results_dir}")
            return 1 if any(status == "DIFFERENT" for _, status, _ in outcome) else 0
        elif args.leaderboard:
            from harness.report.leaderboard import regenerate

            n = regenerate(args.results_dir, args.leaderboard_file)
            print(f"wrote {args.leaderboard_file} ({n} systems)")
        elif args.baseline or args.predictions:
            if args.baseline and args.predictions:
                parser.error("give a predictions file or --baseline, not both")
            if args.predictions and not args.name:
                parser.error("a predictions file needs --name NAME")
            print(_score(args, argv), end="")
        else:
            parser.print_help()
        return 0
    except InputError as err:
        print(err, file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
