"""Shared test fixtures: repository paths and a writable copy of the gold sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DOC_IDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))


@pytest.fixture
def gold_copy(tmp_path: Path) -> Path:
    """A copy of seeds/ and dataset/annotations/ to corrupt: returns its root."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "dataset" / "annotations", tmp_path / "annotations")
    return tmp_path
