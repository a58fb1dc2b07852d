"""The ``evaluate`` command: argument parsing and wiring only.

Every input problem ends in one message per problem on standard error and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from harness.errors import InputError


def describe() -> str:
    """A summary of the gold: version, checksum, documents, mentions, relations."""
    from harness.data import dataset_dir, load_gold

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


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(
        prog="evaluate",
        description="Score Arabic NER and relation extraction systems on the Tahalof benchmark.",
    )
    parser.add_argument("--describe", action="store_true", help="verify and summarise the gold data")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``evaluate`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.describe:
            print(describe())
            return 0
        parser.print_help()
        return 0
    except InputError as err:
        print(err, file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
