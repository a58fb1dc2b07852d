"""The evaluate command end to end: baselines, records, formats, compare, leaderboard."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from harness.cli.main import main
from harness.records.results import read_record
from tests.conftest import ROOT

SMALL = ["--resamples", "200"]


def run_json(capsys, *args) -> dict:
    assert main([*args, "--format", "json", *SMALL]) == 0
    return json.loads(capsys.readouterr().out)


def test_gold_scores_one_on_every_view(capsys):
    record = run_json(capsys, "run", "gold")
    assert set(record["overall"]["all"]) >= {
        "ner_strict", "ner_boundary", "ner_flat", "ner_coarse", "ner_partial_strict", "ner_partial_exact",
        "ner_partial_partial", "ner_partial_ent_type", "re_strict", "re_boundaries", "re_given_gold"}
    for zone in ("all", "body"):
        for view, score in record["overall"][zone].items():
            assert score["f1"] == 1.0, (zone, view)
            assert score["ci"]["f1"] == [1.0, 1.0]


def test_empty_scores_zero_recall(capsys):
    record = run_json(capsys, "run", "empty")
    for zone in ("all", "body"):
        for view, score in record["overall"][zone].items():
            assert score["recall"] == 0.0, (zone, view)


def test_record_carries_provenance_and_separate_overall_and_per_type(capsys, tmp_path):
    out = tmp_path / "gold.json"
    assert main(["run", "gold", "--out", str(out), *SMALL]) == 0
    record = read_record(out)
    prov = record.provenance
    assert prov.dataset_version == "1.1.0"
    assert len(prov.dataset_checksum) == 64
    assert prov.command.startswith("evaluate run gold")
    assert prov.seed == 20241121 and prov.resamples == 200
    assert prov.label_map["source"] == "identity"
    for key in ("harness_version", "git_commit", "time", "versions"):
        assert getattr(prov, key)
    assert "GPE" in record.per_type["all"]["ner_strict"]
    assert "GPE" not in record.overall["all"]
    assert record.system["kind"] == "oracle"
    assert len(record.units.ids) == 145


def test_scoring_is_reproducible_bit_for_bit(capsys):
    a = run_json(capsys, "run", "empty")
    b = run_json(capsys, "run", "empty")
    for r in (a, b):
        r["provenance"].pop("time")
    assert a == b


@pytest.mark.parametrize("fmt", ["table", "markdown", "latex"])
def test_formats(capsys, fmt):
    assert main(["run", "gold", "--format", fmt, "--zone", "body", *SMALL]) == 0
    out = capsys.readouterr().out
    assert "100.0" in out
    if fmt == "latex":
        assert r"\toprule" in out and r"\bottomrule" in out and "95\\% CI" in out
    if fmt == "markdown":
        assert out.count("|") > 20


def test_compare_gold_with_empty(capsys, tmp_path):
    for name in ("gold", "empty"):
        assert main(["run", name, "--out", str(tmp_path / f"{name}.json"), *SMALL]) == 0
    capsys.readouterr()
    assert main(["compare", str(tmp_path / "gold.json"), str(tmp_path / "empty.json"), "--format", "json", *SMALL]) == 0
    comparison = json.loads(capsys.readouterr().out)
    strict = comparison["all"]["ner_strict"]
    assert strict["delta"] == 1.0 and strict["significant"] and strict["p_value"] == 0.0
    assert main(["compare", str(tmp_path / "gold.json"), str(tmp_path / "gold.json"), *SMALL]) == 0
    assert "no" in capsys.readouterr().out


def test_compare_rejects_a_non_record(capsys, tmp_path):
    bogus = tmp_path / "bogus.json"
    bogus.write_text("{}", encoding="utf-8")
    assert main(["compare", str(bogus), str(bogus)]) == 2
    assert "tahalof-result/1" in capsys.readouterr().err


def test_leaderboard_is_generated_from_records(capsys, tmp_path):
    results = tmp_path / "results"
    for name in ("gold", "empty"):
        assert main(["run", name, "--out", str(results / f"{name}.json"), *SMALL]) == 0
    board = tmp_path / "leaderboard.md"
    assert main(["leaderboard", "--results-dir", str(results), "--out", str(board)]) == 0
    text = board.read_text(encoding="utf-8")
    assert text.index("`gold`") < text.index("`empty`")
    assert "100.0 [100.0, 100.0]" in text
    assert "evaluate run gold --out results/gold.json" in text


def test_unknown_baseline_suggests(capsys):
    assert main(["run", "gould"]) == 2
    assert "did you mean 'gold'" in capsys.readouterr().err


def test_list_baselines(capsys):
    assert main(["baselines"]) == 0
    out = capsys.readouterr().out
    assert "gold" in out and "empty" in out


def test_concurrent_out_writes_never_corrupt(tmp_path):
    out = tmp_path / "r.json"

    def run():
        main(["run", "empty", "--out", str(out), "--resamples", "0", "--format", "json"])

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert read_record(out).name == "empty"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_evaluate_works_from_another_directory(tmp_path):
    result = subprocess.run([sys.executable, "-m", "harness.cli.main", "run", "gold", "--resamples", "0",
                             "--format", "json"], cwd=tmp_path, capture_output=True, text=True,
                            env={"PATH": "", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["overall"]["all"]["ner_strict"]["f1"] == 1.0


def test_importing_harness_pulls_no_heavy_library():
    code = ("import sys, harness, harness.cli.main, harness.systems.registry, harness.scoring.engine, harness.records.results\n"
            "heavy = [m for m in ('torch', 'transformers', 'camel_tools', 'datasets') if m in sys.modules]\n"
            "print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_two_concurrent_processes_writing_one_record(tmp_path):
    out = tmp_path / "shared.json"
    cmd = [sys.executable, "-m", "harness.cli.main", "run", "empty", "--resamples", "50", "--out", str(out)]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    assert all(p.wait(timeout=120) == 0 for p in procs)
    assert read_record(out).name == "empty"  # one whole record, never an interleaving
    assert [p.name for p in tmp_path.iterdir()] == ["shared.json"]
