"""Finding and loading the gold Hugging Face dataset, with checksum verification.

The dataset folder is found without relying on the current directory:

1. the ``TAHALOF_DATASET`` environment variable, if set;
2. the copy inside the installed package (``harness/gold/dataset/``, package
   data of every wheel and regular install);
3. the ``dataset/`` folder of a source checkout (an editable install).

:func:`load_config` hands any config to ``datasets.load_dataset`` with a cache
folder per content checksum, so a rebuilt or reinstalled gold can never be
served from a stale cache.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from harness.core.errors import InputError, Problem
from harness.core.schema import load_schema
from harness.core.types import Document, Relation, Sentence, Span, Token
from harness.io.digest import file_digest

CHECKSUMS = "checksums.sha256"
CONFIGS = ("documents", "ner", "re")
PACKAGED = Path(__file__).resolve().parent / "dataset"
CHECKOUT = Path(__file__).resolve().parents[2] / "dataset"


def dataset_dir() -> Path:
    """The absolute path of the dataset folder (see the module docstring for the order).

    Raises:
        InputError: if no candidate holds a built dataset.
    """
    env = os.environ.get("TAHALOF_DATASET")
    candidates = [Path(env).expanduser()] if env else [PACKAGED, CHECKOUT]
    for path in candidates:
        if (path / CHECKSUMS).is_file():
            return path.resolve()
    raise InputError(
        Problem(str(candidates[0]), None, None, "dataset folder", f"a built dataset with {CHECKSUMS}",
                "<missing>", "unset TAHALOF_DATASET, reinstall tahalof, or run python -m dataset.build in a checkout"
                if env is None else "point TAHALOF_DATASET at a folder holding the built dataset")
    )


def dataset_version(path: Path | None = None) -> str:
    """The version every row of the gold carries (read from the ``documents`` Parquet file)."""
    import pyarrow.parquet as pq

    path = path or dataset_dir()
    versions = set(pq.read_table(path / "data" / "documents" / "test.parquet", columns=["version"])
                   .column("version").to_pylist())
    return ", ".join(sorted(versions))


def cache_dir(checksum: str) -> Path:
    """The ``datasets`` cache folder of one content checksum."""
    import datasets

    return Path(datasets.config.HF_DATASETS_CACHE) / "tahalof" / checksum[:16]


def load_config(config: str = "documents", path: Path | None = None, checksum: str | None = None):
    """One config of the gold as a ``datasets.Dataset`` (split ``test``), checksums verified.

    The cache folder is keyed by the files' checksum: the ``datasets`` cache
    keys local files by path and modification time, which can serve a stale
    copy after a rebuild or a reinstall.

    Raises:
        InputError: for an unknown config, or files that do not match their checksums.
    """
    import datasets

    if config not in CONFIGS:
        from harness.core.errors import did_you_mean

        raise InputError(Problem("<dataset>", None, None, "config", f"one of {', '.join(CONFIGS)}", config,
                                 did_you_mean(config, CONFIGS)))
    path = (path or dataset_dir()).resolve()
    checksum = checksum or dataset_checksum(verify_checksums(path))  # a caller that just verified passes it
    datasets.disable_progress_bars()
    return datasets.load_dataset(str(path), config, split="test", cache_dir=str(cache_dir(checksum)))


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
        found = file_digest(target)
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


@cache
def load_gold(path: Path | None = None) -> tuple[tuple[Document, ...], str]:
    """Load the gold documents after verifying the checksums.

    Args:
        path: the dataset folder (defaults to :func:`dataset_dir`).

    Returns:
        The documents in id order and the dataset checksum.
    """
    path = (path or dataset_dir()).resolve()
    checksum = dataset_checksum(verify_checksums(path))
    rows = load_config("documents", path, checksum)
    symmetric = {name: spec.symmetric for name, spec in load_schema().relations.items()}
    docs = tuple(sorted((_document(r, symmetric) for r in rows), key=lambda d: d.id))
    return docs, checksum


def summary() -> str:
    """A summary of the gold: where it is, version, checksum, documents, mentions, relations."""
    from collections import Counter

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
