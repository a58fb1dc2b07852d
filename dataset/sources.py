"""The gold's sources: raw texts, brat annotations and zones, read and validated.

``seeds/NAME.txt`` (raw text), ``dataset/annotations/NAME.ann`` (brat standoff)
and ``dataset/annotations/NAME.zones.yaml`` (zones by line range). Every
module that needs the annotated documents (build, adjudication, agreement)
reads them here.
"""

from __future__ import annotations

from pathlib import Path

from harness.core.errors import InputError, Problem
from harness.gold.validate import GoldDocument, read_zones, validate_gold
from harness.io.brat import parse_ann

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
    ann_text: str | None = None,
    conventions: bool = False,
) -> GoldDocument:
    """Read and validate one document's text, annotations and zones.

    Args:
        doc_id: the document (its seed's stem).
        ann_path: the ``.ann`` file (default: the gold's).
        seeds_dir, annotations_dir: where the seeds and the zones are.
        ann_text: the annotations themselves, instead of reading ``ann_path`` (named by it in messages).
        conventions: also check the guidelines' mechanical conventions
            (:mod:`harness.gold.conventions`); the gold must pass them, the two 1.0 passes predate some.

    Raises:
        InputError: with every problem of that document.
    """
    text = (seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8")
    ann_path = ann_path or annotations_dir / f"{doc_id}.ann"
    zones_path = annotations_dir / f"{doc_id}.zones.yaml"
    ann = parse_ann(ann_text if ann_text is not None else ann_path.read_text(encoding="utf-8"), _rel(ann_path))
    zones = read_zones(zones_path.read_text(encoding="utf-8"), _rel(zones_path))
    doc = validate_gold(doc_id, text, ann, zones, _rel(zones_path))
    if conventions:
        from harness.gold.conventions import check_conventions

        check_conventions(doc, ann)
    return doc


def load_all(
    seeds_dir: Path = SEEDS_DIR, annotations_dir: Path = ANNOTATIONS_DIR, conventions: bool = True
) -> list[GoldDocument]:
    """Validate every gold document, conventions included; raise one InputError holding all problems."""
    docs, problems = [], []
    known = set(doc_ids(seeds_dir))
    for path in sorted(annotations_dir.glob("*.ann")):
        if path.stem not in known:
            problems.append(
                Problem(_rel(path), None, None, "file name", f"the name of a seed in {_rel(seeds_dir)}", path.stem)
            )
    for doc_id in sorted(known):
        try:
            docs.append(load_document(doc_id, seeds_dir=seeds_dir, annotations_dir=annotations_dir,
                                      conventions=conventions))
        except InputError as err:
            problems.extend(err.problems)
        except FileNotFoundError as err:
            problems.append(Problem(_rel(Path(err.filename)), None, None, "file", "an existing file", "<missing>"))
    if problems:
        raise InputError(problems)
    return docs
