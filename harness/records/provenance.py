"""Provenance of a result: what was scored, with what, when, by which command."""

from __future__ import annotations

import platform
import shlex
import subprocess
import sys
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

PACKAGES = ("tahalof", "datasets", "numpy", "pyarrow", "seqeval", "scikit-learn", "sklearn-crfsuite",
            "camel-tools", "transformers", "torch")


def git_commit(path: Path | None = None) -> str:
    """The checkout's commit (with '-dirty' for local changes), or 'unknown'."""
    cwd = path or Path(__file__).resolve().parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=10)
        if commit.returncode != 0:
            return "unknown"
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd,
                               capture_output=True, text=True, timeout=10)
        return commit.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def versions() -> dict[str, str]:
    """Python and the installed versions of the packages that matter."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def command_line(argv: list[str] | None = None) -> str:
    """The command as typed (program name normalised to 'evaluate')."""
    args = sys.argv[1:] if argv is None else argv
    return shlex.join(["evaluate", *args])


@dataclass(frozen=True)
class Provenance:
    """What a number was computed from and how: the part of a record that makes it citable.

    Attributes:
        dataset_version, dataset_checksum: the gold's version and content checksum
            (a corpus file: its SHA-256).
        harness_version, git_commit, command, time, versions: what computed it.
        seed, resamples: the bootstrap's settings.
        label_map: the label map's description (``source``, ``identity``, ...).
        alignment: how the predictions' offsets aligned to the tokens.
        disallowed_relations: relations whose argument types the scheme forbids, per type.
        gold_source: for a corpus, its path, format, scheme and inventory.
        predictions: the predictions' file, format and SHA-256.
    """

    dataset_version: str = ""
    dataset_checksum: str = ""
    harness_version: str = "unknown"
    git_commit: str = "unknown"
    command: str = ""
    seed: int = 0
    resamples: int = 0
    label_map: dict = field(default_factory=dict)
    time: str = ""
    versions: dict = field(default_factory=dict)
    alignment: dict | None = None
    disallowed_relations: dict = field(default_factory=dict)
    gold_source: dict | None = None
    predictions: dict | None = None

    def to_dict(self) -> dict:
        """JSON-ready, the optional parts only when present."""
        out = asdict(self)
        for key in ("alignment", "gold_source", "predictions"):
            if out[key] is None:
                del out[key]
        return out

    @classmethod
    def from_dict(cls, raw: dict) -> Provenance:
        """From a record's JSON (unknown keys are refused by the record schema, not here)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in names})

    @property
    def label_map_source(self) -> str:
        """Where the label map came from (``identity`` for none)."""
        return self.label_map.get("source", "identity")


def provenance(*, dataset_version: str, dataset_checksum: str, seed: int, resamples: int,
               label_map: dict, argv: list[str] | None = None, alignment: dict | None = None,
               disallowed_relations: dict | None = None, gold_source: dict | None = None,
               predictions: dict | None = None) -> Provenance:
    """The provenance of a result computed now."""
    return Provenance(
        dataset_version=dataset_version, dataset_checksum=dataset_checksum,
        harness_version=versions().get("tahalof", "unknown"), git_commit=git_commit(), command=command_line(argv),
        seed=seed, resamples=resamples, label_map=label_map,
        time=datetime.now(timezone.utc).replace(microsecond=0).isoformat(), versions=versions(),
        alignment=alignment, disallowed_relations=dict(disallowed_relations or {}), gold_source=gold_source,
        predictions=predictions,
    )
