"""The ``evaluate`` command: argument parsing and wiring only.

Every subcommand is declared once (:class:`harness.cli.command.Command`) in
:data:`COMMANDS`; ``evaluate --help`` lists them and each has its own
``--help`` with examples. Every input problem ends in one message per problem
on standard error and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from harness.cli.command import Command
from harness.cli.common import UsageError
from harness.cli.export import EXPORT
from harness.cli.info import BASELINES, DATASET, DESCRIBE, VIEWS_COMMAND
from harness.cli.records import COMPARE, LEADERBOARD, REPRODUCE, SITE
from harness.cli.scoring import RUN, SCORE
from harness.core.errors import InputError

EXIT_USAGE = 2
COMMANDS: tuple[Command, ...] = (SCORE, RUN, COMPARE, EXPORT, LEADERBOARD, SITE, REPRODUCE, DESCRIBE, BASELINES,
                                VIEWS_COMMAND, DATASET)

# The command line before subcommands: what each old spelling is now.
OLD_SPELLINGS = {
    "--baseline": "evaluate run NAME",
    "--list-baselines": "evaluate baselines",
    "--leaderboard": "evaluate leaderboard",
    "--describe": "evaluate describe",
    "--reproduce": "evaluate reproduce [NAME ...]",
}


def version_text() -> str:
    """The package's version and the installed gold's."""
    from importlib import metadata

    try:
        package = metadata.version("tahalof")
    except metadata.PackageNotFoundError:
        package = "unknown (not installed)"
    try:
        from harness.gold.data import dataset_dir, dataset_version

        path = dataset_dir()
        gold = f"dataset {dataset_version(path)} ({path})"
    except InputError as err:
        gold = f"dataset: {err.problems[0]}"
    return f"evaluate (tahalof) {package}; {gold}"


class _Version(argparse.Action):
    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_text())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The ``evaluate`` parser with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="evaluate",
        description="Score Arabic NER and relation extraction systems on the Tahalof benchmark.",
        epilog="Each command has its own --help with examples, e.g. evaluate run --help.",
    )
    parser.add_argument("--version", action=_Version, help="print the package and dataset versions and exit")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress, announcements or notes on stderr")
    sub = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.summary, description=command.description,
                           epilog=command.epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                       help="no progress, announcements or notes on stderr")
        command.configure(p)
        p.set_defaults(command_object=command, subparser=p)
    return parser


def _old_spelling(argv: list[str]) -> str | None:
    """A message for a command line written before subcommands, or None."""
    names = {c.name for c in COMMANDS}
    for arg in argv:
        if arg in names:
            return None
        flag = arg.split("=", 1)[0]
        if flag in OLD_SPELLINGS:
            return f"evaluate: {flag} is now a command: {OLD_SPELLINGS[flag]} (see evaluate --help)"
        if not arg.startswith("-"):
            return (f"evaluate: {arg!r} is not a command; to score a predictions file: evaluate score {arg} --name NAME "
                    f"(commands: {', '.join(c.name for c in COMMANDS)})")
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``evaluate`` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    old = _old_spelling(argv)
    if old:
        print(old, file=sys.stderr)
        return EXIT_USAGE
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help and --version exit 0, errors exit 2
        return int(exc.code or 0)
    if args.command is None:
        parser.print_usage(sys.stderr)
        print("evaluate: error: a command is required (see evaluate --help)", file=sys.stderr)
        return EXIT_USAGE
    from harness.core.progress import set_quiet

    set_quiet(args.quiet)
    try:
        return args.command_object.run(args, argv)
    except UsageError as err:
        args.subparser.print_usage(sys.stderr)
        print(f"{args.subparser.prog}: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as err:
        print(err, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        set_quiet(False)


if __name__ == "__main__":
    raise SystemExit(main())
