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

from harness.io.brat import parse_ann
from harness.core.errors import InputError, Problem
from harness.gold.validate import GoldDocument, read_zones, validate_gold

DATASET_DIR = Path(__file__).resolve().parent
ROOT = DATASET_DIR.parent
SEEDS_DIR = ROOT / "seeds"
ANNOTATIONS_DIR = DATASET_DIR / "annotations"


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def doc_ids(seeds_dir: Path = SEEDS_DIR) -> list[str]:
    """The document ids: the seed files' stems, sorted."""
    return sorted(p.stem for p in seeds_dir.glob("*.txt"))


def load_document(
    doc_id: str,
    ann_path: Path | None = None,
    seeds_dir: Path = SEEDS_DIR,
    annotations_dir: Path = ANNOTATIONS_DIR,
) -> GoldDocument:
    """Read and validate one document's text, annotations and zones.

    Raises:
        InputError: with every problem of that document.
    """
    text = (seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8")
    ann_path = ann_path or annotations_dir / f"{doc_id}.ann"
    zones_path = annotations_dir / f"{doc_id}.zones.yaml"
    ann = parse_ann(ann_path.read_text(encoding="utf-8"), _rel(ann_path))
    zones = read_zones(zones_path.read_text(encoding="utf-8"), _rel(zones_path))
    return validate_gold(doc_id, text, ann, zones, _rel(zones_path))


def load_all(
    seeds_dir: Path = SEEDS_DIR, annotations_dir: Path = ANNOTATIONS_DIR
) -> list[GoldDocument]:
    """Validate every document; raise one InputError holding all problems."""
    docs, problems = [], []
    known = set(doc_ids(seeds_dir))
    for path in sorted(annotations_dir.glob("*.ann")):
        if path.stem not in known:
            problems.append(
                Problem(_rel(path), None, None, "file name", f"the name of a seed in {_rel(seeds_dir)}", path.stem)
            )
    for doc_id in sorted(known):
        try:
            docs.append(load_document(doc_id, seeds_dir=seeds_dir, annotations_dir=annotations_dir))
        except InputError as err:
            problems.extend(err.problems)
        except FileNotFoundError as err:
            problems.append(Problem(_rel(Path(err.filename)), None, None, "file", "an existing file", "<missing>"))
    if problems:
        raise InputError(problems)
    return docs


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
