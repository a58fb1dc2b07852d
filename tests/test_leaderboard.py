"""The leaderboard: one table per gold, shared ranks, settings as recorded; verified submissions; compare."""

from __future__ import annotations

import json
import shutil

import pytest

from harness.cli.main import main
from harness.gold.source import benchmark
from harness.io.predictions import write_jsonl
from harness.core.types import Prediction
from tests.test_corpus import FIXTURES

SMALL = ["--resamples", "200"]


def record(name, results, *extra):
    assert main(["run", *extra, "--out", str(results / f"{name}.json"), *SMALL, "-q"]) == 0


def test_one_table_per_gold_titled_by_it(tmp_path, capsys):
    results = tmp_path / "results"
    record("gold", results, "gold")
    record("empty", results, "empty")
    assert main(["run", "gold", "--gold", str(FIXTURES / "wojood_like.txt"), "--gold-format", "wojood",
                 "--out", str(results / "gold-wojood.json"), *SMALL, "-q"]) == 0
    board = tmp_path / "leaderboard.md"
    assert main(["leaderboard", "--results-dir", str(results), "--out", str(board),
                 "--submissions-dir", str(tmp_path / "none")]) == 0
    text = board.read_text(encoding="utf-8")
    tables = [line for line in text.splitlines() if line.startswith("## ")]
    assert tables == ["## Tahalof 1.1.0", "## wojood_like.txt (a wojood corpus, IOB2)"]
    benchmark_part, corpus_part = text.split("## wojood_like.txt")
    assert "`empty`" in benchmark_part and "`empty`" not in corpus_part
    assert ("`evaluate run gold --gold " in corpus_part and "--gold-format wojood --scheme IOB2 --out "
            "results/gold-wojood_like.json`" in corpus_part)
    assert "200 resamples of sentences (relations: sentences), seed 20241121" in benchmark_part


def test_ranks_the_data_cannot_separate_are_shared(tmp_path, capsys):
    results = tmp_path / "results"
    record("gold", results, "gold")
    record("oracle", results, "gold", "--name", "oracle")
    record("empty", results, "empty")
    board = tmp_path / "leaderboard.md"
    assert main(["leaderboard", "--results-dir", str(results), "--out", str(board),
                 "--submissions-dir", str(tmp_path / "none")]) == 0
    rows = {line.split(" | ")[1]: line.split(" | ")[0].lstrip("| ") for line in
            board.read_text(encoding="utf-8").splitlines() if line.startswith("| ") and "`" in line}
    assert rows["`gold`"] == rows["`oracle`"] == "1–2"
    assert rows["`empty`"] == "3"
    assert "α = 0.05" in board.read_text(encoding="utf-8")


@pytest.fixture
def submission(tmp_path):
    """A submission folder: predictions, the record evaluate score wrote, and its YAML."""
    folder = tmp_path / "submissions" / "my-system"
    folder.mkdir(parents=True)
    docs = benchmark().documents
    write_jsonl(folder / "predictions.jsonl", [Prediction(d.id, d.spans[::2], ()) for d in docs])
    assert main(["score", str(folder / "predictions.jsonl"), "--name", "my-system", "--out",
                 str(folder / "record.json"), *SMALL, "-q"]) == 0
    (folder / "submission.yaml").write_text(
        "name: my-system\nauthors: A. Author\npaper: unpublished\ntraining_data: none\nsaw_gold_texts: false\n"
        "predictions: predictions.jsonl\n", encoding="utf-8")
    return folder


def reproduce(tmp_path, capsys, *names):
    (tmp_path / "results").mkdir(exist_ok=True)
    capsys.readouterr()
    code = main(["reproduce", *names, "--results-dir", str(tmp_path / "results"), "--submissions-dir",
                 str(tmp_path / "submissions")])
    return code, capsys.readouterr()


def test_a_submission_is_re_scored(tmp_path, capsys, submission):
    code, out = reproduce(tmp_path, capsys)
    assert code == 0, out
    assert out.out.startswith("same       my-system") and "(re-scored)" in out.out


def test_a_tampered_number_fails_reproduce(tmp_path, capsys, submission):
    path = submission / "record.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    strict = raw["overall"]["all"]["ner_strict"]
    strict["f1"] = 0.99  # contradicts its own counts: the record is refused on reading
    path.write_text(json.dumps(raw), encoding="utf-8")
    code, out = reproduce(tmp_path, capsys)
    assert code == 1 and "FAILED     my-system" in out.out and "(what its counts give)" in out.out
    tp = strict["counts"]["tp"]  # counts and scores changed together, but not the per-unit counts: refused
    strict["counts"].update(tp=tp + 1, fn=strict["counts"]["fn"] - 1)
    from harness.scoring.metrics import PRF
    import numpy as np

    strict["precision"], strict["recall"], strict["f1"] = PRF.scores(np.array(
        [strict["counts"][k] for k in ("tp", "fp", "fn")]))
    path.write_text(json.dumps(raw), encoding="utf-8")
    code, out = reproduce(tmp_path, capsys)
    assert code == 1 and "FAILED     my-system" in out.out and "(the sums of its per-unit counts)" in out.out
    # a consistent forgery: a sentence's counts changed too (one missed body mention called found)
    rows, zones = raw["units"]["counts"]["ner_strict"], raw["units"]["zones"]
    row = next(i for i, (r, z) in enumerate(zip(rows, zones)) if r[2] > 0 and z == "body")
    rows[row] = [rows[row][0] + 1, rows[row][1], rows[row][2] - 1]
    body = raw["overall"]["body"]["ner_strict"]
    body["counts"].update(tp=body["counts"]["tp"] + 1, fn=body["counts"]["fn"] - 1)
    body["precision"], body["recall"], body["f1"] = PRF.scores(np.array(
        [body["counts"][k] for k in ("tp", "fp", "fn")]))
    path.write_text(json.dumps(raw), encoding="utf-8")
    code, out = reproduce(tmp_path, capsys)
    assert code == 1
    assert "DIFFERENT  my-system" in out.out and "views: ner_strict" in out.out
    assert out.out.count("ner_strict") == 1  # each view named once


def test_missing_or_changed_predictions_fail_reproduce(tmp_path, capsys, submission):
    (submission / "predictions.jsonl").write_text((submission / "predictions.jsonl").read_text() + "\n")
    code, out = reproduce(tmp_path, capsys)
    assert code == 1 and "FAILED     my-system" in out.out and "sha256" in out.out
    (submission / "predictions.jsonl").unlink()
    code, out = reproduce(tmp_path, capsys)
    assert code == 1 and "<missing>" in out.out


def test_a_submission_is_ranked_and_marked_re_scored(tmp_path, capsys, submission):
    results = tmp_path / "results"
    record("rules", results, "rules")
    board = tmp_path / "leaderboard.md"
    assert main(["leaderboard", "--results-dir", str(results), "--out", str(board), "--submissions-dir",
                 str(tmp_path / "submissions")]) == 0
    row = next(line for line in board.read_text(encoding="utf-8").splitlines() if "`my-system`" in line)
    assert "| re-scored |" in row and "`evaluate reproduce my-system`" in row
    rules_row = next(line for line in board.read_text(encoding="utf-8").splitlines() if "`rules`" in line)
    assert "| re-run |" in rules_row


def test_a_malformed_submission_yaml_names_the_field(tmp_path, capsys, submission):
    (submission / "submission.yaml").write_text("name: my-system\nauthors: 3\n", encoding="utf-8")
    code, out = reproduce(tmp_path, capsys)
    assert code == 1 and "FAILED     my-system" in out.out
    assert "submission.yaml: authors: expected a str" in out.out and "saw_gold_texts" in out.out


def test_reproduce_an_unknown_name_exits_2(tmp_path, capsys):
    code, out = reproduce(tmp_path, capsys, "rulez")
    assert code == 2 and "rulez" in out.err


def test_compare_prints_small_p_values_as_below_the_resolution_and_uses_alpha(tmp_path, capsys):
    results = tmp_path / "results"
    record("gold", results, "gold")
    record("empty", results, "empty")
    capsys.readouterr()
    assert main(["compare", str(results / "gold.json"), str(results / "empty.json"), "--resamples", "500",
                 "--alpha", "0.01"]) == 0
    out = capsys.readouterr().out
    assert "p (Holm) < 0.01" in out and "< 0.002" in out and "0.0000" not in out
    assert "Holm" in out.splitlines()[-1]


def test_a_corpus_record_is_reproduced_with_its_own_corpus_or_says_why_not(tmp_path, capsys):
    results = tmp_path / "results"
    corpus = tmp_path / "corpus.txt"
    shutil.copy(FIXTURES / "wojood_like.txt", corpus)
    assert main(["run", "rules", "--gold", str(corpus), "--gold-format", "wojood", "--out",
                 str(results / "rules-corpus.json"), *SMALL, "-q"]) == 0
    code, out = reproduce(tmp_path, capsys)
    assert code == 0 and out.out.startswith("same       rules"), out
    corpus.unlink()
    code, out = reproduce(tmp_path, capsys)
    assert code == 0 and "skipped" in out.out and f"its corpus file {corpus} is not here" in out.out
