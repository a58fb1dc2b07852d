"""Findings of an outside black-box review, each held by a test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from harness.cli.main import main
from harness.core.types import Prediction
from harness.gold.source import benchmark
from harness.io.predictions import write_jsonl
from tests.conftest import ROOT

RECORD = ROOT / "results" / "rules.json"
D0 = benchmark().documents[0].id


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.jsonl"
    write_jsonl(path, [Prediction(d.id, d.spans) for d in benchmark().documents])
    return path


def test_out_onto_the_input_is_refused_and_the_input_kept(good, capsys):
    before = good.read_bytes()
    assert main(["score", str(good), "--name", "x", "--resamples", "0", "--out", str(good)]) == 2
    assert "a path that is not an input" in capsys.readouterr().err
    assert good.read_bytes() == before


def test_a_duplicate_key_in_a_label_map_is_refused(tmp_path, good, capsys):
    path = tmp_path / "map.yaml"
    path.write_text("PER: PERS\nPER: ORG\n", encoding="utf-8")
    assert main(["score", str(good), "--name", "x", "--label-map", str(path), "--resamples", "0"]) == 2
    assert f"{path}:2: key: expected each key once (first on line 1), found 'PER'" in capsys.readouterr().err


@pytest.mark.parametrize("argv, fragment", [
    (["run", "rules", "--seed", "-1"], "non-negative integer"),
    (["run", "rules", "--resamples", "99999999999999999999"], "at most 1,000,000"),
    (["compare", str(RECORD), str(RECORD), "--resamples", "0"], "at least 1 resample"),
])
def test_bootstrap_settings_out_of_range_are_refused(capsys, argv, fragment):
    assert main(argv) == 2
    assert fragment in capsys.readouterr().err


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs a /proc file system")
@pytest.mark.parametrize("option", ["--out", "--report"])
def test_an_output_the_file_system_refuses_is_caught_before_the_work(good, capsys, option):
    assert main(["score", str(good), "--name", "x", "--resamples", "0", option, "/proc/tahalof-out"]) == 2
    assert "a folder files can be written in" in capsys.readouterr().err


def compare_with_changed(tmp_path, capsys, change) -> str:
    """``evaluate compare`` of the committed record with a changed copy: must exit 2; returns stderr."""
    raw = json.loads(RECORD.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "other.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert main(["compare", str(RECORD), str(path)]) == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("change, fragment", [
    (lambda r: r["units"]["counts"]["ner_strict"].__setitem__(0, [10**30, 0, 0]), "non-negative integers"),
    (lambda r: r["units"]["counts"].pop("re_strict"), "per-unit counts for every view the record holds"),
    (lambda r: r["units"].update(zones=["nowhere"] * len(r["units"]["zones"])), "'body' or 'boilerplate'"),
])
def test_records_with_impossible_units_are_refused(tmp_path, capsys, change, fragment):
    assert fragment in compare_with_changed(tmp_path, capsys, change)


def test_compare_names_which_units_differ(tmp_path, capsys):
    err = compare_with_changed(tmp_path, capsys,
                               lambda r: r["units"].update(doc_ids=["elsewhere"] * len(r["units"]["doc_ids"])))
    assert "units.doc_ids: expected the same units as 'rules'" in err


def test_zones_that_contradict_the_body_scores_are_refused(tmp_path, capsys):
    err = compare_with_changed(tmp_path, capsys,
                               lambda r: r["units"].update(zones=["boilerplate"] * len(r["units"]["zones"])))
    assert "overall.body." in err and "expected {'tp': 0, 'fp': 0, 'fn': 0} (the sums of its per-unit counts)" in err


@pytest.fixture
def submission(tmp_path, good):
    folder = tmp_path / "submissions" / "mine"
    folder.mkdir(parents=True)
    shutil.copy(good, folder / "predictions.jsonl")
    assert main(["score", str(folder / "predictions.jsonl"), "--name", "mine", "--resamples", "100", "-q",
                 "--out", str(folder / "record.json")]) == 0
    (folder / "submission.yaml").write_text("name: mine\nauthors: A. Author\npaper: unpublished\n"
                                            "training_data: the gold itself\nsaw_gold_texts: true\n"
                                            "predictions: predictions.jsonl\n", encoding="utf-8")
    (tmp_path / "results").mkdir()
    return folder


def test_a_submission_that_saw_the_gold_is_marked_on_the_leaderboard(tmp_path, capsys, submission):
    board = tmp_path / "board.md"
    assert main(["leaderboard", "--results-dir", str(tmp_path / "results"), "--submissions-dir",
                 str(tmp_path / "submissions"), "--out", str(board)]) == 0
    text = board.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "`mine`" in line)
    assert "the gold itself; SAW THE GOLD TEXTS" in row
    assert "not a held-out result" in text


def test_a_submission_must_carry_its_own_predictions(tmp_path, capsys, submission, good):
    yaml_path = submission / "submission.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("predictions: predictions.jsonl", f"predictions: {good}"))
    code = main(["reproduce", "--results-dir", str(tmp_path / "results"), "--submissions-dir",
                 str(tmp_path / "submissions")])
    assert code == 1 and "expected a file inside" in capsys.readouterr().out


def test_two_records_of_one_name_and_gold_are_refused(tmp_path, capsys):
    results = tmp_path / "results"
    results.mkdir()
    shutil.copy(RECORD, results / "a.json")
    shutil.copy(RECORD, results / "b.json")
    assert main(["leaderboard", "--results-dir", str(results), "--out", str(tmp_path / "b.md")]) == 2
    assert "one record per system and gold" in capsys.readouterr().err


def test_a_missing_results_folder_is_refused(tmp_path, capsys):
    assert main(["leaderboard", "--results-dir", str(tmp_path / "typo"), "--out", str(tmp_path / "b.md")]) == 2
    assert "--results-dir: expected a folder of result records" in capsys.readouterr().err
    assert not (tmp_path / "b.md").exists()


def test_a_brat_file_with_a_bad_line_is_not_also_called_missing(tmp_path, capsys):
    folder = tmp_path / "brat"
    assert main(["export", "gold", "--to", "brat", "--out", str(folder)]) == 0
    ann = folder / f"{D0}.ann"
    ann.write_text(ann.read_text(encoding="utf-8") + "garbage line\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["score", str(folder), "--name", "x", "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert "garbage" in err and "missing" not in err
