"""Earlier releases of the gold, rebuilt for tests from the passes, decisions and revisions."""

from __future__ import annotations

from pathlib import Path


def release_gold(version: str, out: Path):
    """Build release ``version`` into ``out`` and load it as the harness's gold (checksums verified)."""
    from dataset.build import release_documents
    from dataset.sources import DATASET_DIR
    from dataset.writer import build
    from harness.gold.data import load_gold
    from harness.gold.source import Gold

    build(release_documents(version), out, passes_dir=DATASET_DIR / "passes", version=version, quiet=True)
    documents, checksum = load_gold(out)
    return Gold(tuple(documents), checksum)
