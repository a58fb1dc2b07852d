"""Loading the gold from the Hugging Face dataset, with checksum verification.

The dataset folder is found without relying on the current directory: the
``TAHALOF_DATASET`` environment variable if set, else the ``dataset/`` folder
beside the ``harness`` package (a source checkout or an editable install), else
the copy a regular install puts in ``<prefix>/share/tahalof/dataset``.
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

from harness.core.errors import InputError, Problem
from harness.core.schema import load_schema
from harness.core.types import Document, Relation, Sentence, Span, Token

CHECKSUMS = "checksums.sha256"


def dataset_dir() -> Path:
    """The absolute path of the dataset folder.

    Raises:
        InputError: if the folder or its checksums file is missing.
    """
    env = os.environ.get("TAHALOF_DATASET")
    candidates = [Path(env)] if env else [
        Path(__file__).resolve().parents[2] / "dataset",  # source checkout, editable install
        Path(sys.prefix) / "share" / "tahalof" / "dataset",  # regular install
    ]
    for path in candidates:
        if (path / CHECKSUMS).is_file():
            return path.resolve()
    raise InputError(
        Problem(str(candidates[0]), None, None, "dataset folder", f"a built dataset with {CHECKSUMS}",
                "<missing>", "set TAHALOF_DATASET or run python -m dataset.build")
    )


def verify_checksums(path: Path) -> dict[str, str]:
    """Check every file listed in the checksums file.

    Returns:
        The listed files and their SHA-256 digests.

    Raises:
        InputError: naming each file whose digest differs or that is missing.
    """
    listing = path / CHECKSUMS
    problems, digests = [], {}
    for lineno, line in enumerate(listing.read_text(encoding="ascii").splitlines(), start=1):
        expected, _, name = line.partition("  ")
        target = path / name
        if not target.is_file():
            problems.append(Problem(str(listing), lineno, name, "file", "an existing file", "<missing>"))
            continue
        found = hashlib.sha256(target.read_bytes()).hexdigest()
        if found != expected:
            problems.append(
                Problem(str(listing), lineno, name, "sha256", expected, found,
                        "the gold files changed since the build: rebuild or restore them")
            )
        digests[name] = found
    if problems:
        raise InputError(problems)
    return digests


def dataset_checksum(digests: dict[str, str]) -> str:
    """One SHA-256 over the per-file digests: the dataset's identity."""
    joined = "".join(f"{d}  {n}\n" for n, d in sorted(digests.items()))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def _document(row: dict, symmetric: dict[str, bool]) -> Document:
    by_id = {e["id"]: Span(e["start"], e["end"], e["type"]) for e in row["entities"]}
    return Document(
        id=row["doc_id"],
        text=row["text"],
        tokens=tuple(Token(t["text"], t["start"], t["end"]) for t in row["tokens"]),
        sentences=tuple(
            Sentence(s["start"], s["end"], s["zone"], s["token_start"], s["token_end"]) for s in row["sentences"]
        ),
        spans=tuple(sorted(by_id.values())),
        relations=tuple(
            Relation(by_id[r["head"]], by_id[r["tail"]], r["type"], symmetric[r["type"]]) for r in row["relations"]
        ),
        version=row["version"],
    )


_GOLD: dict[str, Document] = {}


def remember_gold(documents) -> None:
    """Record the gold documents being scored (the benchmark's, or a corpus file's),
    for oracle systems that must return them."""
    _GOLD.update({d.id: d for d in documents})


def gold_document(doc_id: str) -> Document:
    """A gold document recorded by :func:`remember_gold` (the benchmark's are loaded on demand).

    Raises:
        InputError: for an unknown id.
    """
    if doc_id not in _GOLD:
        load_gold()
    if doc_id not in _GOLD:
        raise InputError(Problem("<gold>", None, None, "doc_id", "a document being scored", doc_id))
    return _GOLD[doc_id]


@cache
def load_gold(path: Path | None = None) -> tuple[tuple[Document, ...], str]:
    """Load the gold documents after verifying the checksums.

    Args:
        path: the dataset folder (defaults to :func:`dataset_dir`).

    Returns:
        The documents in id order and the dataset checksum.
    """
    import datasets

    path = (path or dataset_dir()).resolve()
    digests = verify_checksums(path)
    checksum = dataset_checksum(digests)
    datasets.disable_progress_bars()
    # The datasets cache keys local files by path and modification time, which can
    # serve a stale copy after a rebuild; a cache folder per content checksum cannot.
    cache_dir = Path(datasets.config.HF_DATASETS_CACHE) / "tahalof" / checksum[:16]
    rows = datasets.load_dataset(str(path), "documents", split="test", cache_dir=str(cache_dir))
    symmetric = {name: spec.symmetric for name, spec in load_schema().relations.items()}
    docs = tuple(sorted((_document(r, symmetric) for r in rows), key=lambda d: d.id))
    remember_gold(docs)
    return docs, checksum
