"""Provenance of a result: what was scored, with what, when, by which command."""

from __future__ import annotations

import platform
import shlex
import subprocess
import sys
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


def provenance(*, dataset_version: str, dataset_checksum: str, seed: int, resamples: int,
               label_map: dict, argv: list[str] | None = None, extra: dict | None = None) -> dict:
    """The provenance block of a result record."""
    return {
        "dataset_version": dataset_version,
        "dataset_checksum": dataset_checksum,
        "harness_version": versions().get("tahalof", "unknown"),
        "git_commit": git_commit(),
        "command": command_line(argv),
        "seed": seed,
        "resamples": resamples,
        "label_map": label_map,
        "time": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "versions": versions(),
        **(extra or {}),
    }
