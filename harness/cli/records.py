"""``evaluate compare``, ``evaluate leaderboard`` and ``evaluate reproduce``: working on result records."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.cli.command import Command
from harness.cli.common import FORMATS, add_bootstrap_options, path_arg, probability


def _configure_compare(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", type=path_arg, help="result record of system A")
    parser.add_argument("b", type=path_arg, help="result record of system B")
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument("--alpha", type=probability, default=0.05, help="significance level (default 0.05)")
    add_bootstrap_options(parser, paired=True)


def _compare(args: argparse.Namespace, argv: list[str]) -> int:
    from harness.records.compare import compare
    from harness.records.results import read_record
    from harness.report.render import render_comparison

    a, b = read_record(args.a), read_record(args.b)
    print(render_comparison(compare(a, b, args.resamples, args.seed, args.alpha), args.format), end="")
    return 0


def _add_record_folders(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--results-dir", type=path_arg, default=Path("results"),
                        help="folder of result records (default: ./results)")
    parser.add_argument("--submissions-dir", type=path_arg, default=Path("submissions"),
                        help="folder of submissions, one folder each (default: ./submissions)")


def _configure_leaderboard(parser: argparse.ArgumentParser) -> None:
    _add_record_folders(parser)
    parser.add_argument("--out", "--leaderboard-file", dest="out", type=path_arg, default=Path("leaderboard.md"),
                        help="where the leaderboard goes (default: ./leaderboard.md)")


def _leaderboard(args: argparse.Namespace, argv: list[str]) -> int:
    from harness.io.paths import check_output
    from harness.report.leaderboard import regenerate

    check_output(args.out, "--out")
    n = regenerate(args.results_dir, args.out, args.submissions_dir)
    print(f"wrote {args.out} ({n} systems)")
    return 0


def _configure_reproduce(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("names", nargs="*", metavar="NAME", help="only these records (default: every record)")
    _add_record_folders(parser)


def _reproduce(args: argparse.Namespace, argv: list[str]) -> int:
    from harness.records.reproduce import reproduce

    from harness.records.reproduce import DIFFERENT, FAILED

    outcome = reproduce(args.results_dir, args.names, args.submissions_dir)
    for name, status, detail in outcome:
        print(f"{status:9}  {name}  {detail}")
    if not outcome:
        print(f"no result records in {args.results_dir} and no submissions in {args.submissions_dir}")
    return 1 if any(status in (DIFFERENT, FAILED) for _, status, _ in outcome) else 0


COMPARE = Command(
    "compare", "paired bootstrap between two result records",
    "Resample the same sentences for both systems and report, per view and zone, the F1 difference, its interval "
    "and a two-sided p-value.",
    ("evaluate compare results/rules.json results/crf-lodo.json",
     "evaluate compare a.json b.json --alpha 0.01 --format markdown"),
    _configure_compare, _compare,
)

LEADERBOARD = Command(
    "leaderboard", "regenerate leaderboard.md from result records",
    "Write the leaderboard (every view with its interval, pending rows from results/pending.yaml) from the "
    "records of a results folder. Never edit it by hand.",
    ("evaluate leaderboard", "evaluate leaderboard --results-dir my-results --out my-leaderboard.md"),
    _configure_leaderboard, _leaderboard,
)

REPRODUCE = Command(
    "reproduce", "re-run the baselines of committed records and compare every number",
    "Re-run every registered system that runs offline on CPU and has a record, with the record's own settings "
    "(a corpus record with its own corpus file), score every submission's predictions again, and fail (exit 1) "
    "if any number differs or a submission's predictions are missing or changed.",
    ("evaluate reproduce", "evaluate reproduce rules crf-lodo"),
    _configure_reproduce, _reproduce,
)


def _configure_site(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=path_arg, required=True, help="the folder the pages go into")
    _add_record_folders(parser)


def _site(args: argparse.Namespace, argv: list[str]) -> int:
    from harness.report.site import build_site

    pages = build_site(args.results_dir, args.out, args.submissions_dir)
    print(f"wrote {len(pages)} pages in {args.out}: {', '.join(pages)}")
    return 0


SITE = Command(
    "site", "build the benchmark's static pages (leaderboard, system reports, gold browser, card)",
    "Write a static site from the result records and the gold: a sortable leaderboard linking to each "
    "system's report page (the system is run again here to make it), a gold browser and the dataset card. "
    "Plain HTML, CSS and a little JavaScript; building twice gives byte-identical files.",
    ("evaluate site --out site/", "evaluate site --out site/ --results-dir my-results"),
    _configure_site, _site,
)
