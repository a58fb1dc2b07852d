"""Validate the gold annotations and build the Hugging Face dataset.

    python -m dataset.build            # validate, then write data/, README.md, checksums
    python -m dataset.build --check    # validate only (exit 1 with one line per problem)
    python -m dataset.build --check-ann FILE.ann --doc NAME   # validate one .ann file

Sources: ``seeds/NAME.txt`` (raw text), ``dataset/annotations/NAME.ann`` (brat
standoff) and ``dataset/annotations/NAME.zones.yaml`` (zones by line range).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dataset.sources import ANNOTATIONS_DIR, SEEDS_DIR, load_all, load_document
from harness.core.errors import InputError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="validate the gold only")
    parser.add_argument("--check-ann", type=Path, help="validate one .ann file (with --doc)")
    parser.add_argument("--doc", help="document id for --check-ann")
    parser.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="folder of raw texts (default: seeds/)")
    parser.add_argument(
        "--annotations", type=Path, default=ANNOTATIONS_DIR, help="folder of .ann and .zones.yaml files"
    )
    args = parser.parse_args(argv)
    try:
        if args.check_ann:
            if not args.doc:
                parser.error("--check-ann needs --doc NAME")
            doc = load_document(args.doc, args.check_ann, args.seeds, args.annotations)
            print(f"ok: {len(doc.entities)} entities, {len(doc.relations)} relations")
            return 0
        docs = load_all(args.seeds, args.annotations)
        if args.check:
            n_e = sum(len(d.entities) for d in docs)
            n_r = sum(len(d.relations) for d in docs)
            print(f"ok: {len(docs)} documents, {n_e} entities, {n_r} relations")
            return 0
        from dataset.writer import build

        build(docs)
    except InputError as err:
        print(err, file=sys.stderr)
        print(f"{len(err.problems)} problem(s) found", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
