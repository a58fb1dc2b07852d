"""Tahalof: the scoring harness of an Arabic news benchmark for nested NER and relation extraction.

The Python API (imported on first use, so ``import harness`` stays light):

- :func:`compute`: score predictions (tags or spans) and get every view's numbers;
- :func:`dataset_path`: the absolute path of the installed gold, for ``datasets.load_dataset``;
- :func:`load_dataset`: one config of the gold as a ``datasets.Dataset``, checksums verified,
  never from a stale cache.

>>> import harness
>>> harness.load_dataset("ner").num_rows
145
"""

from __future__ import annotations

__all__ = ["__version__", "compute", "dataset_path", "load_dataset"]


def dataset_path() -> str:
    """The absolute path of the installed gold dataset folder (checksums verified).

    Pass it to ``datasets.load_dataset(path, config, split="test")`` from any folder.
    """
    from harness.gold.data import dataset_dir, verify_checksums

    path = dataset_dir()
    verify_checksums(path)
    return str(path)


def load_dataset(config: str = "documents"):
    """One config (``documents``, ``ner`` or ``re``) of the gold, split ``test``, as a ``datasets.Dataset``."""
    from harness.gold.data import load_config

    return load_config(config)


def compute(**kwargs):
    """Score predictions on every view: see :func:`harness.records.compute.compute`."""
    from harness.records.compute import compute as _compute

    return _compute(**kwargs)


def __getattr__(name: str):
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("tahalof")
        except metadata.PackageNotFoundError:
            return "unknown"
    raise AttributeError(f"module 'harness' has no attribute {name!r}")
