"""Scoring any Arabic NER corpus file with the benchmark's views, baselines and reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli.main import main
from harness.io.conll import read_conll
from harness.gold.corpus import load_corpus
from harness.core.errors import InputError
from harness.io.labelmap import load_label_map
from tests.conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures"
NEWSFANE = SHARED / "corpora" / "newsfane" / "NewsFANE_Gold_2014_170K.txt"


def test_conll_fixture_with_camel_labels():
    docs, checksum = load_corpus(FIXTURES / "anercorp_like.conll", label_map=load_label_map("anercorp"))
    doc = docs[0]
    assert len(checksum) == 64 and len(doc.sentences) == 2
    assert doc.text.split("\n")[0].startswith("قال وزير الخارجية")
    found = {(doc.text[s.start:s.end], s.type) for s in doc.spans}
    assert found == {("سامح شكري", "PERS"), ("القاهرة", "GPE"), ("جامعة الدول العربية", "ORG"), ("الياباني", "NORP"),
                     ("الرياض", "GPE")}


def test_wojood_fixture_gives_nested_mentions():
    docs, _ = load_corpus(FIXTURES / "wojood_like.txt", layout="wojood")
    doc = docs[0]
    found = {(doc.text[s.start:s.end], s.type) for s in doc.spans}
    assert ("وزير الخارجية الأمريكي", "OCC") in found and ("الأمريكي", "NORP") in found
    assert ("وزارة الدفاع اليابانية", "ORG") in found and ("اليابانية", "NORP") in found
    assert ("اليوم الجمعة", "DATE") in found


def test_iob1_is_read_when_declared():
    with pytest.raises(InputError, match="I-PERS after O"):
        read_conll(FIXTURES / "iob1.conll")
    (sentence,) = read_conll(FIXTURES / "iob1.conll", scheme="IOB1")
    assert sentence.tags == ("O", "B-PERS", "B-LOC", "B-LOC", "O")


@pytest.mark.parametrize(
    ("content", "layout", "fragment"),
    [
        ("وزير\tOCC\n", "conll", "tag: expected O, B-TYPE or I-TYPE, found 'OCC'"),
        ("في\tO\nطوكيو\tI-GPE\n", "conll", "I-GPE after O"),
        ("وزير\tB-OCC\tO\nالخارجية\tI-OCC\n", "wojood", "3 columns, as on line 1"),
        ("وزير\tB-OCC\n\u200e\tO\n", "conll", "token: expected a non-empty token"),
        ("وزير B-OCC extra\n", "conll", "2 columns"),
    ],
)
def test_malformed_corpus_files_exit_2_naming_the_line(tmp_path, capsys, content, layout, fragment):
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    assert main(["run", "empty", "--gold", str(path), "--gold-format", layout, "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert fragment in err and f"{path}:" in err and "Traceback" not in err


def test_labels_outside_the_benchmark_need_a_map(capsys):
    assert main(["run", "empty", "--gold", str(FIXTURES / "anercorp_like.conll"), "--resamples", "0"]) == 2
    assert "--label-map" in capsys.readouterr().err


def test_gold_scores_one_and_predictions_files_score_against_a_corpus(tmp_path, capsys):
    args = ["--gold", str(FIXTURES / "wojood_like.txt"), "--gold-format", "wojood", "--resamples", "100",
            "--format", "json"]
    assert main(["run", "gold", *args]) == 0
    record = json.loads(capsys.readouterr().out)
    relation_views = [v for v in record["views"] if v.startswith("re_")]
    assert relation_views and all(record["views"][v]["absent"] == "the corpus has no relations" for v in relation_views)
    assert all(record["overall"]["all"][v] is None for v in relation_views)  # "–", never 0.0
    assert all(s is None for s in record["overall"]["body"].values())  # a corpus has no zones
    assert record["absent_zones"] == {"body": "the corpus has no zones"}
    assert all(s["f1"] == 1.0 for s in record["overall"]["all"].values() if s is not None)
    assert record["provenance"]["gold_source"]["format"] == "wojood"
    tags = tmp_path / "tags.jsonl"
    tags.write_text('{"id": "wojood_like-000", "tags": ["O", "B-OCC", "I-OCC", "I-OCC", "B-PERS", "I-PERS", '
                    '"O", "B-GPE", "O", "O", "O"]}\n', encoding="utf-8")
    assert main(["score", str(tags), "--name", "tagger", "--allow-missing", *args]) == 0
    record = json.loads(capsys.readouterr().out)
    strict = record["overall"]["all"]["ner_strict"]["counts"]
    assert strict == {"tp": 3, "fp": 0, "fn": 4}


def test_report_and_formats_work_on_a_corpus(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "report"
    assert main(["run", "rules", "--gold", str(FIXTURES / "wojood_like.txt"), "--gold-format", "wojood",
                 "--report", str(out), "--format", "latex", "--resamples", "100"]) == 0
    assert r"\toprule" in capsys.readouterr().out
    assert (out / "errors.md").is_file() and (out / "per_type.png").is_file()


@pytest.mark.skipif(not NEWSFANE.is_file(), reason="NewsFANE is not beside the checkout")
def test_newsfane_against_itself_and_the_rules_baseline(capsys):
    base = ["--gold", str(NEWSFANE), "--gold-format", "conll", "--label-map", "newsfane", "--format", "json",
            "--resamples", "200"]
    assert main(["run", "gold", *base]) == 0
    record = json.loads(capsys.readouterr().out)
    assert all(s["f1"] == 1.0 for s in record["overall"]["all"].values() if s is not None)
    assert record["provenance"]["gold_source"]["scheme"] == "IOB1"  # declared by the shipped map
    assert main(["run", "rules", *base]) == 0
    record = json.loads(capsys.readouterr().out)
    strict = record["overall"]["all"]["ner_strict"]
    assert 0.3 < strict["f1"] < 0.6 and strict["ci"]["f1"][0] < strict["f1"] < strict["ci"]["f1"][1]
    assert set(record["per_type"]["all"]["ner_coarse"]) == {"LOC", "MISC", "ORG", "PERS"}


def test_the_anercorp_map_reads_mentions_that_open_with_i_as_iob1(capsys):
    path = FIXTURES / "anercorp_iob1_like.conll"
    assert main(["run", "gold", "--gold", str(path), "--label-map", "anercorp", "--resamples", "0",
                 "--format", "json"]) == 0
    out = capsys.readouterr()
    assert f"reading {path} as IOB1 (declared by the label map " in out.err and "anercorp.yaml)" in out.err
    record = json.loads(out.out)
    assert record["overall"]["all"]["ner_strict"]["counts"] == {"tp": 5, "fp": 0, "fn": 0}
    assert main(["run", "gold", "--gold", str(path), "--label-map", "anercorp", "--scheme", "IOB2",
                 "--resamples", "0"]) == 2
    assert "I-LOC after O" in capsys.readouterr().err
