"""Validate the gold annotations and build the Hugging Face dataset.

    python -m dataset.build            # validate, then write data/, README.md, checksums, CHANGES.md
    python -m dataset.build --check    # validate, and prove the committed files are what a build writes
    python -m dataset.build --check-ann FILE.ann --doc NAME   # validate one .ann file
    python -m dataset.build --version 1.0.0 --out DIR         # rebuild an earlier release

Sources: ``seeds/NAME.txt`` (raw text), ``dataset/annotations/NAME.ann`` (brat
standoff) and ``dataset/annotations/NAME.zones.yaml`` (zones by line range).
The gold must also pass the guidelines' mechanical conventions
(:mod:`harness.gold.conventions`) and equal the merge of the two passes, the
decisions and every release's revisions (:mod:`dataset.revisions`).
``--check`` builds into a temporary folder and compares every file with the
committed one, byte for byte, so a stale card, Parquet file or CHANGES.md fails
it (exit 1, one line per problem).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from dataset.sources import ANNOTATIONS_DIR, DATASET_DIR, SEEDS_DIR, doc_ids, load_all, load_document
from harness.core.errors import InputError, Problem


def release_documents(version: str):
    """The validated documents of a release, rebuilt from the passes, decisions and revisions."""
    from dataset.adjudicate import merged_text

    docs, problems = [], []
    for doc_id in doc_ids():
        try:
            docs.append(load_document(doc_id, ann_text=merged_text(doc_id, version), conventions=False))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(problems)
    return docs


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the checkout when inside it."""
    try:
        return str(path.resolve().relative_to(DATASET_DIR.parent))
    except ValueError:
        return str(path)


def stale_files(docs, out_dir: Path = DATASET_DIR) -> list[Problem]:
    """Build into a temporary folder; a problem per written file that differs from ``out_dir``'s."""
    from dataset.adjudicate import merged_text
    from dataset.writer import build, written_files

    problems = []
    for doc_id in doc_ids():
        gold = ANNOTATIONS_DIR / f"{doc_id}.ann"
        if not gold.is_file() or gold.read_text(encoding="utf-8") != merged_text(doc_id):
            problems.append(Problem(_shown(gold), None, None, "gold",
                                    "the merge of the passes, decisions and revisions", "<different>",
                                    "run python -m dataset.adjudicate merge"))
    with tempfile.TemporaryDirectory() as tmp:
        build(docs, Path(tmp), passes_dir=out_dir / "passes", quiet=True)
        for rel in written_files():
            mine, built = out_dir / rel, Path(tmp) / rel
            if not mine.is_file() or mine.read_bytes() != built.read_bytes():
                problems.append(Problem(_shown(mine), None, None, "content",
                                        "what python -m dataset.build writes", "<stale>",
                                        "run python -m dataset.build and commit the result"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="validate the gold and check the built files are current")
    parser.add_argument("--check-ann", type=Path, help="validate one .ann file (with --doc)")
    parser.add_argument("--doc", help="document id for --check-ann")
    parser.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="folder of raw texts (default: seeds/)")
    parser.add_argument(
        "--annotations", type=Path, default=ANNOTATIONS_DIR, help="folder of .ann and .zones.yaml files"
    )
    parser.add_argument("--version", help="rebuild this release (with --out) from the passes and revisions")
    parser.add_argument("--out", type=Path, help="the folder --version writes")
    args = parser.parse_args(argv)
    try:
        if args.check_ann:
            if not args.doc:
                parser.error("--check-ann needs --doc NAME")
            doc = load_document(args.doc, args.check_ann, args.seeds, args.annotations, conventions=True)
            print(f"ok: {len(doc.entities)} entities, {len(doc.relations)} relations")
            return 0
        from dataset.writer import build

        if args.version or args.out:
            if not (args.version and args.out):
                parser.error("--version and --out go together")
            docs = release_documents(args.version)
            build(docs, args.out, passes_dir=DATASET_DIR / "passes", version=args.version)
            return 0
        docs = load_all(args.seeds, args.annotations)
        if args.check:
            stale = stale_files(docs)
            if stale:
                raise InputError(stale)
            n_e = sum(len(d.entities) for d in docs)
            n_r = sum(len(d.relations) for d in docs)
            print(f"ok: {len(docs)} documents, {n_e} entities, {n_r} relations; built files current")
            return 0
        build(docs)
    except InputError as err:
        print(err, file=sys.stderr)
        print(f"{len(err.problems)} problem(s) found", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
