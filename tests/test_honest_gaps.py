"""Views the input cannot hold show "–" everywhere (table, JSON null, Markdown, LaTeX, leaderboard), never 0.0."""

from __future__ import annotations

import json

import pytest

from harness.cli.main import main
from harness.records.results import read_record

FORMATS = ("table", "markdown", "latex")


@pytest.fixture(scope="module")
def conll_predictions(tmp_path_factory):
    """The gold exported as CoNLL and read back as predictions: every NER view 1.0, relations absent."""
    path = tmp_path_factory.mktemp("conll") / "gold.conll"
    assert main(["export", "gold", "--to", "conll", "--out", str(path)]) == 0
    return path


def test_conll_predictions_have_null_relation_views_in_json(conll_predictions, capsys):
    capsys.readouterr()
    assert main(["score", str(conll_predictions), "--name", "c", "--resamples", "0", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    for view in ("re_strict", "re_boundaries"):
        assert record["overall"]["all"][view] is None and record["overall"]["body"][view] is None
        assert record["views"][view]["absent"] == "the conll format holds no relations"
    assert "re_given_gold" not in record["views"]  # no run was given the gold mentions: not a gap, not run
    assert record["overall"]["all"]["ner_strict"]["f1"] == 1.0


@pytest.mark.parametrize("fmt", FORMATS)
def test_conll_predictions_show_a_dash_for_relation_views(conll_predictions, capsys, fmt):
    capsys.readouterr()
    assert main(["score", str(conll_predictions), "--name", "c", "--resamples", "0", "--format", fmt]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.lstrip("| ").startswith("RE strict"))
    assert "–" in row and "0.0" not in row
    assert "the conll format holds no relations" in out


def test_the_committed_ner_only_records_hold_no_relation_numbers():
    from tests.conftest import ROOT

    for name in ("crf-lodo", "crf-newsfane"):
        record = read_record(ROOT / "results" / f"{name}.json")
        assert record.score("all", "re_strict") is None, name
        assert record.views["re_strict"].absent == "the system predicts no relations"


def test_compare_marks_views_one_record_cannot_hold(conll_predictions, tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["score", str(conll_predictions), "--name", "c", "--resamples", "100", "--out", str(a)]) == 0
    assert main(["run", "rules", "--resamples", "100", "--out", str(b)]) == 0
    capsys.readouterr()
    assert main(["compare", str(a), str(b), "--resamples", "100", "--format", "json"]) == 0
    comparison = json.loads(capsys.readouterr().out)
    assert "re_strict" in comparison["absent"] and "re_strict" not in comparison["all"]
    assert main(["compare", str(a), str(b), "--resamples", "100"]) == 0
    text = capsys.readouterr().out
    row = next(line for line in text.splitlines() if line.startswith("RE strict"))
    assert set(row.split()[2:]) == {"–"}


def test_the_error_report_lists_no_relation_errors_for_a_corpus(tmp_path, capsys):
    from tests.test_corpus import FIXTURES

    out = tmp_path / "report"
    assert main(["run", "rules", "--gold", str(FIXTURES / "wojood_like.txt"), "--gold-format", "wojood",
                 "--report", str(out), "--resamples", "0", "-q"]) == 0
    report = (out / "errors.md").read_text(encoding="utf-8")
    assert "## Relation errors" not in report and "relation errors" not in report
    assert "relations: the corpus has no relations" in report


def test_a_corpus_run_is_titled_by_its_corpus(tmp_path, capsys):
    from tests.test_corpus import FIXTURES

    assert main(["run", "gold", "--gold", str(FIXTURES / "wojood_like.txt"), "--gold-format", "wojood",
                 "--resamples", "0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("gold on wojood_like.txt (a wojood corpus, IOB2): all sentences;")
    assert "Tahalof" not in out.splitlines()[0]
    body_row = next(line for line in out.splitlines() if line.startswith("NER strict"))
    assert body_row.rstrip().endswith("–")  # the body column: a corpus has no zones
