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
