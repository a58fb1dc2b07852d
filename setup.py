"""Ship the built gold inside the package: ``dataset/`` is copied into ``harness/gold/dataset/``.

Everything else is declared in ``pyproject.toml``. The copy holds exactly what
``datasets.load_dataset`` and the harness need (the card, the checksums, the
guidelines, the changes and the Parquet files), so a wheel installed anywhere can score and
hand the gold to ``datasets``; ``harness.gold.data.dataset_dir`` finds it there.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
GOLD_FILES = ("README.md", "GUIDELINES.md", "CHANGES.md", "checksums.sha256")
CONFIGS = ("documents", "ner", "re")


def gold_files():
    """(source, path inside the dataset folder) for every file the installed gold holds."""
    source = ROOT / "dataset"
    files = [(source / name, name) for name in GOLD_FILES]
    files += [(source / "data" / c / "test.parquet", f"data/{c}/test.parquet") for c in CONFIGS]
    missing = [str(src) for src, _ in files if not src.is_file()]
    if missing:
        raise SystemExit(f"the built gold is missing ({', '.join(missing)}): run python -m dataset.build")
    return files


class BuildWithGold(build_py):
    """build_py that also copies the built gold into the package."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads dataset/ in the checkout
        target = Path(self.build_lib) / "harness" / "gold" / "dataset"
        for src, rel in gold_files():
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)


setup(cmdclass={"build_py": BuildWithGold})
