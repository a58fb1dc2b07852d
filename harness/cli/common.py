"""What several subcommands share: option groups, usage errors, writing the outputs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("table", "json", "markdown", "latex")


class UsageError(Exception):
    """Options that make no sense together (exit status 2, like argparse's own errors)."""


def path_arg(text: str) -> Path:
    """argparse type: a path, never the empty string (which Path would turn into '.')."""
    if text == "":
        raise argparse.ArgumentTypeError("expected a path, found ''")
    return Path(text)


def non_negative_int(text: str) -> int:
    """argparse type: an integer >= 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, found {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, found {text!r}")
    return value


MAX_RESAMPLES = 1_000_000


def resamples_arg(text: str) -> int:
    """argparse type: a number of bootstrap resamples, 0 to a million."""
    value = non_negative_int(text)
    if value > MAX_RESAMPLES:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_RESAMPLES:,} resamples, found {text!r}")
    return value


def probability(text: str) -> float:
    """argparse type: a number strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, found {text!r}") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, found {text!r}")
    return value


def positive_resamples_arg(text: str) -> int:
    """argparse type: resamples for a paired test, 1 to a million."""
    value = resamples_arg(text)
    if value == 0:
        raise argparse.ArgumentTypeError("expected at least 1 resample for a paired test, found '0'")
    return value


def add_bootstrap_options(parser: argparse.ArgumentParser, *, paired: bool = False) -> None:
    """--resamples and --seed; for a paired test (``compare``) resamples must be positive and default
    to the first record's own."""
    from harness.scoring.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED

    group = parser.add_argument_group("intervals")
    if paired:
        group.add_argument("--resamples", type=positive_resamples_arg, default=None,
                           help=f"bootstrap resamples, 1 to {MAX_RESAMPLES:,} (default: the first record's own)")
    else:
        group.add_argument("--resamples", type=resamples_arg, default=DEFAULT_RESAMPLES,
                           help=f"bootstrap resamples (default {DEFAULT_RESAMPLES}, at most {MAX_RESAMPLES:,}; "
                                "0 disables intervals)")
    group.add_argument("--seed", type=non_negative_int, default=DEFAULT_SEED,
                       help=f"bootstrap seed, a non-negative integer (default {DEFAULT_SEED})")


def overlap_percent(text: str) -> float:
    """argparse type: a percentage from 1 to 100."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a percentage from 1 to 100, found {text!r}") from None
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a percentage from 1 to 100, found {text!r}")
    return value


def add_view_options(parser: argparse.ArgumentParser) -> None:
    """--view NAME for each opt-in view (and its older flag), --min-overlap: read from the view registry."""
    from harness.scoring.viewspec import VIEWS

    group = parser.add_argument_group("views (every default view is always scored)")
    opt_in = VIEWS.opt_in()
    group.add_argument("--view", action="append", default=[], choices=[s.name for s in opt_in], metavar="NAME",
                       dest="views", help="add an opt-in view: " + "; ".join(f"{s.name} ({s.description})"
                                                                             for s in opt_in))
    for spec in opt_in:
        if spec.flag:
            group.add_argument(spec.flag, action="append_const", const=spec.name, dest="views",
                               help=f"the same as --view {spec.name}")
    group.add_argument("--min-overlap", type=overlap_percent, default=1.0, metavar="PCT",
                       help="the SemEval views' minimum overlap, in percent of the gold mention's characters "
                            "(nervaluate's min_overlap_percentage; 1 to 100, default 1)")


def add_scoring_options(parser: argparse.ArgumentParser) -> None:
    """The options of every scoring run: the gold, the views, the intervals, the outputs."""
    gold = parser.add_argument_group("gold (default: the benchmark)")
    gold.add_argument("--gold", type=path_arg, metavar="FILE",
                      help="score against this corpus file instead of the benchmark")
    gold.add_argument("--gold-format", choices=("conll", "wojood"),
                      help="with --gold: conll (token and one tag, the default) or wojood (one IOB2 column per "
                           "nesting level)")
    gold.add_argument("--scheme", choices=("IOB1", "IOB2"),
                      help="with --gold: the corpus's tagging scheme (default: the label map's _scheme, else IOB2)")
    add_view_options(parser)
    views = parser.add_argument_group("intervals of relation views")
    views.add_argument("--re-unit", choices=("sentence", "document"), default="sentence",
                       help="what the bootstrap resamples for relation views (default: sentence)")
    add_bootstrap_options(parser)
    out = parser.add_argument_group("output")
    out.add_argument("--name", help="the system's name in the record")
    out.add_argument("--format", choices=FORMATS, default="table", help="what is printed (default: table)")
    out.add_argument("--zone", choices=("all", "body"), default="all",
                     help="zone shown first (both are always computed and stored)")
    out.add_argument("--out", type=path_arg, metavar="FILE", help="also write the result record (JSON) here")
    out.add_argument("--report", type=path_arg, metavar="DIR",
                     help="write an error report (Markdown, CSV, PNG charts) into DIR")


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse --out and --report paths that cannot be written, before any work."""
    from harness.io.paths import check_output

    check_output(getattr(args, "out", None), "--out")
    check_output(getattr(args, "report", None), "--report", folder=True)


def check_gold_options(args: argparse.Namespace) -> None:
    """Refuse corpus options without a corpus, and relation options with one."""
    if not args.gold:
        given = [flag for flag, value in (("--gold-format", args.gold_format), ("--scheme", args.scheme)) if value]
        if given:
            raise UsageError(f"{' and '.join(given)} describe{'s' if len(given) == 1 else ''} a corpus file: "
                             "give it with --gold FILE")
        return
    if getattr(args, "re_unit", "sentence") != "sentence":
        raise UsageError("--re-unit applies to relation views, which corpora (--gold) do not have")
    if getattr(args, "given_gold", None):
        raise UsageError("--given-gold scores relations, which corpora (--gold) do not have")


def load_gold(args: argparse.Namespace, label_map):
    """The gold a run scores against, announcing how a corpus was read."""
    from harness.core.progress import announce
    from harness.gold.source import benchmark, corpus

    if not args.gold:
        announce("loading the benchmark gold (checksums verified)")
        return benchmark()
    from harness.io.paths import readable

    announce(f"reading the corpus {args.gold}")
    gold = corpus(readable(args.gold, "--gold"), args.gold_format or "conll", args.scheme, label_map)
    if not args.quiet:
        for note in gold.notes:
            print(note, file=sys.stderr)
    return gold


def options_of(args: argparse.Namespace, label_map):
    """The library's scoring options from the command line."""
    from harness.records.score import Options
    from harness.scoring.bootstrap import ResampleUnit
    from harness.scoring.engine import Parameters

    return Options(resamples=args.resamples, seed=args.seed, re_unit=ResampleUnit(args.re_unit), label_map=label_map,
                   views=tuple(args.views), parameters=Parameters(min_overlap=args.min_overlap))


def emit(record, args: argparse.Namespace, gold, predictions) -> str:
    """Write the record (--out) and the report (--report); return what is printed."""
    from harness.core.atomic import write_atomic
    from harness.report.render import RENDERERS

    disallowed = record.provenance.disallowed_relations
    if disallowed and not args.quiet:
        print(f"{getattr(args, 'predictions', None) or record.name}: {sum(disallowed.values())} predicted relations "
              f"have argument types the scheme does not allow ({', '.join(f'{t} {n}' for t, n in disallowed.items())}); "
              "they are scored as false positives", file=sys.stderr)
    alignment = record.provenance.alignment
    if alignment and not args.quiet:
        from harness.io.alignment import Summary

        note = Summary.from_dict(alignment).note(getattr(args, "predictions", None) or record.name)
        if note:
            print(note, file=sys.stderr)
    if args.out:
        write_atomic(args.out, record.to_json())
    if args.report:
        from harness.report.errors import write_report

        for note in write_report(record, gold.documents, predictions, args.report):
            if not args.quiet:
                print(note, file=sys.stderr)
    return RENDERERS[args.format](record, args.zone)
