"""Finding and loading the gold as a user does: the Python API, the shell, the stale-cache guard."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

import harness
from harness.cli.main import main
from harness.core.errors import InputError
from tests.conftest import ROOT


@pytest.fixture
def gold_folder(tmp_path, monkeypatch):
    """A copy of the built gold, used through TAHALOF_DATASET."""
    folder = tmp_path / "gold"
    shutil.copytree(ROOT / "dataset", folder, ignore=shutil.ignore_patterns("*.py", "passes", "annotations"))
    monkeypatch.setenv("TAHALOF_DATASET", str(folder))
    return folder


def rewrite_checksums(folder) -> None:
    lines = []
    for config in ("documents", "ner", "re"):
        name = f"data/{config}/test.parquet"
        lines.append(f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n")
    (folder / "checksums.sha256").write_text("".join(lines), encoding="ascii")


def test_dataset_path_is_absolute_and_verified(gold_folder, capsys):
    assert harness.dataset_path() == str(gold_folder.resolve())
    assert main(["dataset", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(gold_folder.resolve())
    assert main(["dataset", "version"]) == 0
    assert capsys.readouterr().out.strip() == "1.1.0"


def test_a_tampered_file_is_refused_with_its_name(gold_folder, capsys):
    path = gold_folder / "data" / "ner" / "test.parquet"
    path.write_bytes(path.read_bytes() + b"\0")
    assert main(["dataset", "path"]) == 2
    err = capsys.readouterr().err
    assert "checksums.sha256:2: data/ner/test.parquet: sha256" in err
    with pytest.raises(InputError):
        harness.load_dataset("ner")


def test_a_rebuilt_gold_is_never_served_from_a_stale_cache(gold_folder):
    import datasets

    assert harness.load_dataset("ner").num_rows == 145
    path = gold_folder / "data" / "ner" / "test.parquet"
    stat = path.stat()
    smaller = datasets.Dataset.from_parquet(str(path)).select(range(10))
    smaller.to_parquet(str(path))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same path, same modification time
    rewrite_checksums(gold_folder)
    assert harness.load_dataset("ner").num_rows == 10


def test_unknown_config_suggests(gold_folder):
    with pytest.raises(InputError, match="did you mean 'ner'"):
        harness.load_dataset("nerr")


def test_missing_dataset_folder_says_what_to_do(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TAHALOF_DATASET", str(tmp_path / "nowhere"))
    assert main(["dataset", "path"]) == 2
    assert "point TAHALOF_DATASET at a folder holding the built dataset" in capsys.readouterr().err
